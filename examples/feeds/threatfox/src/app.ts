import { FeedJobApp } from '../../../../src/feed/index.js';
import { threatfoxFeed } from './feed.js';

export class App extends FeedJobApp {
  readonly feed = threatfoxFeed;
}
