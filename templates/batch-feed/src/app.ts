// The job app: everything a feed needs (download or file, two streaming passes, only changes sent with Batch,
// what left the feed removed, the guard against broken downloads, results.tc state) comes from FeedJobApp.
import { FeedJobApp } from 'tcex/feed';
import { c2Feed } from './feed.js';

export class App extends FeedJobApp {
  readonly feed = c2Feed;
}
