import { FeedJobApp } from '../../common/feed-app.js';
import { threatfoxFeed } from './feed.js';

export class App extends FeedJobApp {
  readonly feed = threatfoxFeed;
}
