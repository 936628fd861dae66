import type { FeedDefinition } from '../../../../src/feed/index.js';
import { mapFeodo } from './map.js';
import { parseFeodo } from './parse.js';

export const feodoFeed: FeedDefinition = {
  name: 'feodo-tracker',
  title: 'abuse.ch Feodo Tracker botnet C2 IP blocklist',
  defaultUrl: 'https://feodotracker.abuse.ch/downloads/ipblocklist.csv',
  reader: (options) => (source) => mapFeodo(parseFeodo(source), options),
};
