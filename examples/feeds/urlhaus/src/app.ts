import { FeedJobApp } from '../../../../src/feed/index.js';
import { urlhausFeed } from './feed.js';

export class App extends FeedJobApp {
  readonly feed = urlhausFeed;
}
