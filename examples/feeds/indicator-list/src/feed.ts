import type { FeedDefinition } from '../../../../src/feed/index.js';
import { mapList, type ListOptions } from './map.js';
import { parseList, type ListLayout } from './parse.js';

export type IndicatorListOptions = ListOptions & ListLayout;

export const indicatorListFeed: FeedDefinition<IndicatorListOptions> = {
  name: 'indicator-list',
  title: 'Indicator list',
  defaultUrl: 'https://rules.emergingthreats.net/blockrules/compromised-ips.txt',
  reader: (options) => (source) => mapList(parseList(source, options), options),
};
