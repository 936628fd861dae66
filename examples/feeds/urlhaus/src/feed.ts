import type { FeedDefinition } from '../../../../src/feed/index.js';
import { mapUrlhaus } from './map.js';
import { parseUrlhaus } from './parse.js';

export const urlhausFeed: FeedDefinition = {
  name: 'urlhaus',
  title: 'abuse.ch URLhaus malware URLs',
  defaultUrl: 'https://urlhaus.abuse.ch/downloads/csv_recent/',
  reader: (options) => (source) => mapUrlhaus(parseUrlhaus(source), options),
};
