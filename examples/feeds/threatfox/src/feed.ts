import type { FeedDefinition } from '../../../../src/feed/index.js';
import { mapThreatFox } from './map.js';
import { parseThreatFox } from './parse.js';

export const threatfoxFeed: FeedDefinition = {
  name: 'threatfox',
  title: 'abuse.ch ThreatFox IOCs',
  defaultUrl: 'https://threatfox.abuse.ch/export/json/recent/',
  reader: (options) => (source) => mapThreatFox(parseThreatFox(source), options),
};
