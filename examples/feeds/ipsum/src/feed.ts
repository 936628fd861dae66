import type { FeedDefinition } from '../../../../src/feed/index.js';
import { mapIpsum, type IpsumOptions } from './map.js';
import { parseIpsum } from './parse.js';

export const ipsumFeed: FeedDefinition<IpsumOptions> = {
  name: 'ipsum',
  title: 'IPsum IP blocklist',
  defaultUrl: 'https://raw.githubusercontent.com/stamparm/ipsum/master/ipsum.txt',
  reader: (options) => (source) => mapIpsum(parseIpsum(source), options),
};
