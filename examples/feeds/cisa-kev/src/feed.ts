import type { FeedDefinition } from '../../../../src/feed/index.js';
import { mapKev } from './map.js';
import { parseKev } from './parse.js';

export const kevFeed: FeedDefinition = {
  name: 'cisa-kev',
  title: 'CISA Known Exploited Vulnerabilities catalog',
  defaultUrl: 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json',
  reader: () => (source) => mapKev(parseKev(source)),
};
