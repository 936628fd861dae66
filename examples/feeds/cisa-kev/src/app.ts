import { FeedJobApp, feedInputShape } from '../../../../src/feed/index.js';
import { z } from '../../../../src/app/index.js';
import { kevFeed } from './feed.js';

// Vulnerabilities are groups: no rating or confidence to default, and nothing to deprecate (delete or keep).
export const KevInputs = z.object({
  tc_owner: feedInputShape.tc_owner,
  source: feedInputShape.source,
  stale_action: z.enum(['Delete', 'Keep']).default('Delete'),
  feed_state: feedInputShape.feed_state,
  last_run: feedInputShape.last_run,
});

export class App extends FeedJobApp {
  static override readonly inputs = KevInputs;
  readonly feed = kevFeed;
}
