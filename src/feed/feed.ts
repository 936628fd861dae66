import type { FeedReader } from './scan.js';
import type { MappingOptions } from './options.js';

/** What the shared feed runner needs to know about one feed. */
export interface FeedDefinition<O extends MappingOptions = MappingOptions> {
  /** short name, used in xids and logs: `feodo-tracker` */
  name: string;
  /** human name: `abuse.ch Feodo Tracker` */
  title: string;
  /** where the feed is downloaded from when no source is configured */
  defaultUrl: string;
  /** the parse + map pipeline for these options */
  reader(options: O): FeedReader;
}
