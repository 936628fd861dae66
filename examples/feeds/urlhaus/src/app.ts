import { FeedJobApp } from '../../common/feed-app.js';
import { urlhausFeed } from './feed.js';

export class App extends FeedJobApp {
  readonly feed = urlhausFeed;
}
