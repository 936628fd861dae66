import { FeedJobApp } from '../../../../src/feed/index.js';
import { feodoFeed } from './feed.js';

export class App extends FeedJobApp {
  readonly feed = feodoFeed;
}
