// The abuse.ch feed apps run against the platform on the real feed files: every valid IOC ends up in the owner
// with its type, tags, attributes and group associations; invalid rows are reported and the run still succeeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { usePlatform } from '../helpers/platform.js';
import { DEFAULT_MAPPING } from '../../src/feed/index.js';
import { App as FeodoApp } from '../../examples/feeds/feodo-tracker/src/app.js';
import { feodoFeed } from '../../examples/feeds/feodo-tracker/src/feed.js';
import { App as UrlhausApp } from '../../examples/feeds/urlhaus/src/app.js';
import { urlhausFeed } from '../../examples/feeds/urlhaus/src/feed.js';
import { App as ThreatFoxApp } from '../../examples/feeds/threatfox/src/app.js';
import { threatfoxFeed } from '../../examples/feeds/threatfox/src/feed.js';
import { feedFile } from './helpers.js';
import { assertOwnerHolds, expectedItems, ownerClient, runFeed, sourceOwner } from './platform-helpers.js';

const tp = usePlatform();
const scratch = mkdtempSync(join(tmpdir(), 'tcex-feed-files-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('Feodo Tracker on the real blocklist, with two bad rows appended', async () => {
  const file = join(scratch, 'feodo.csv');
  writeFileSync(file, `${readFileSync(feedFile('feodo-ipblocklist.csv'), 'utf8')}\n"2024-04-05 00:00:00","300.1.2.3","443","online","2024-04-05","Pikabot"\n"broken","row"\n`);
  const creds = await sourceOwner(tp, 'Feodo Tracker Source');
  const outcome = await runFeed(tp, FeodoApp, 'feodo-tracker', creds, { source: file, default_rating: '3', default_confidence: '60' });
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.match(outcome.message, /^28 Address, 1 Malware: 29 submitted, 0 unchanged; 2 invalid rows skipped/);
  const { items } = await expectedItems(feodoFeed.reader({ defaultRating: 3, defaultConfidence: 60 }), file);
  await assertOwnerHolds(ownerClient(tp, creds), creds.owner, items);
});

test('URLhaus on the real 30-day export (2,000-row excerpt)', async () => {
  const creds = await sourceOwner(tp, 'URLhaus Source');
  const outcome = await runFeed(tp, UrlhausApp, 'urlhaus', creds, { source: feedFile('urlhaus-recent.csv') });
  assert.equal(outcome.exitCode, 0, outcome.message);
  const { items, report } = await expectedItems(urlhausFeed.reader(DEFAULT_MAPPING), feedFile('urlhaus-recent.csv'));
  assert.equal(report.byType.URL, 2000);
  assert.match(outcome.message, /^2000 URL: 2000 submitted/);
  await assertOwnerHolds(ownerClient(tp, creds), creds.owner, items);
});

test('ThreatFox on the real JSON export: all six IOC types, families associated', async () => {
  const creds = await sourceOwner(tp, 'ThreatFox Source');
  const outcome = await runFeed(tp, ThreatFoxApp, 'threatfox', creds, { source: feedFile('threatfox-recent.json') });
  assert.equal(outcome.exitCode, 0, outcome.message);
  const { items, report } = await expectedItems(threatfoxFeed.reader(DEFAULT_MAPPING), feedFile('threatfox-recent.json'));
  assert.ok(report.byType.Address && report.byType.Host && report.byType.URL && report.byType.File && report.byType.Malware);
  await assertOwnerHolds(ownerClient(tp, creds), creds.owner, items);
});
