import { FeedJobApp } from '../../common/feed-app.js';
import { feodoFeed } from './feed.js';

export class App extends FeedJobApp {
  readonly feed = feodoFeed;
}
