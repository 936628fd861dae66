import type { FeedDefinition } from '../../../../src/feed/index.js';
import { mapStix } from './map.js';
import { parseStix } from './parse.js';

export const stixFeed: FeedDefinition = {
  name: 'stix-attack',
  title: 'MITRE ATT&CK for ICS (STIX 2.1)',
  defaultUrl: 'https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master/ics-attack/ics-attack.json',
  reader: (options) => (source) => mapStix(parseStix(source), options),
};
