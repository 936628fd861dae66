// The plain indicator list app against the platform: one value per line with its type detected, or one column of
// a delimited file; comments skipped; what left the list deleted on the next run.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usePlatform } from '../helpers/platform.js';
import { App as ListApp } from '../../examples/feeds/indicator-list/src/app.js';
import { indicatorListFeed } from '../../examples/feeds/indicator-list/src/feed.js';
import { exampleFile } from './helpers.js';
import { assertOwnerHolds, expectedItems, ownerClient, runFeed, sourceOwner } from './platform-helpers.js';

const tp = usePlatform();
const scratch = mkdtempSync(join(tmpdir(), 'tcex-feed-list-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const options = { defaultRating: 3, defaultConfidence: 60, column: '', delimiter: ',', indicatorType: '', tags: ['Blocklist'] };

test('a plain list: each value typed by detection, comments skipped, repeats merged, a bad line reported', async () => {
  const creds = await sourceOwner(tp, 'Blocklist Source');
  const source = exampleFile('indicator-list', 'blocklist.txt');
  const outcome = await runFeed(tp, ListApp, 'indicator-list', creds, { source, default_rating: '3', default_confidence: '60', tags: 'Blocklist' });
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.match(outcome.message, /^4 Address, 1 Host, 1 URL, 1 File: 7 submitted, 0 unchanged; 1 invalid row skipped/);
  const { items, report } = await expectedItems(indicatorListFeed.reader(options), source);
  assert.equal(report.merged, 1);
  assert.match(report.invalidSamples[0].reason, /"not a value at all" is not an address, host, URL/);
  assert.equal(report.invalidSamples[0].where, 'line 13');
  await assertOwnerHolds(ownerClient(tp, creds), creds.owner, items);

  // the list loses two values: the next run deletes them and sends nothing else
  const shorter = join(scratch, 'shorter.txt');
  writeFileSync(shorter, readFileSync(source, 'utf8').replace('198.51.100.23\n', '').replace('bad.example.com\n', ''));
  const second = await runFeed(tp, ListApp, 'indicator-list', creds, { source: shorter, default_rating: '3', default_confidence: '60', tags: 'Blocklist', feed_state: outcome.results.feed_state });
  assert.equal(second.exitCode, 0, second.message);
  assert.match(second.message, /: 0 submitted, 5 unchanged; 2 left the feed \(deleted\)/);
  const after = await expectedItems(indicatorListFeed.reader(options), shorter);
  await assertOwnerHolds(ownerClient(tp, creds), creds.owner, after.items);
});

test('one column of a delimited list (by number, and by header name), the type fixed by a setting', async () => {
  const creds = await sourceOwner(tp, 'Column List Source');
  const ipsum = exampleFile('ipsum', 'ipsum.txt');
  const byNumber = await runFeed(tp, ListApp, 'indicator-list', creds, { source: ipsum, column: '1', delimiter: '\\t', indicator_type: 'Address' });
  assert.equal(byNumber.exitCode, 0, byNumber.message);
  const expected = readFileSync(ipsum, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).length;
  const { report } = await expectedItems(indicatorListFeed.reader({ ...options, column: '1', delimiter: '\\t', indicatorType: 'Address' }), ipsum);
  assert.equal(report.byType.Address + report.invalid + report.merged, expected);
  assert.match(byNumber.message, new RegExp(`^${report.byType.Address} Address: ${report.byType.Address} submitted`));

  const csv = join(scratch, 'phish.csv');
  writeFileSync(csv, 'id,url,target\n1,http://login.example.net/verify,Bank\n2,"http://pay.example.org/a,b",Shop\n3,,Nobody\n');
  const creds2 = await sourceOwner(tp, 'Phishing List Source');
  const byName = await runFeed(tp, ListApp, 'indicator-list', creds2, { source: csv, column: 'url' });
  assert.equal(byName.exitCode, 0, byName.message);
  assert.match(byName.message, /^2 URL: 2 submitted, 0 unchanged; 1 invalid row skipped/);
  const urls = await ownerClient(tp, creds2).v2<any>('GET', '/v2/indicators/urls', { query: { owner: creds2.owner } });
  assert.deepEqual(urls.url.map((u: any) => u.text).sort(), ['http://login.example.net/verify', 'http://pay.example.org/a,b']);
});

test('an indicator_type that does not exist fails the run with the param named, before anything is read', async () => {
  const creds = await sourceOwner(tp, 'Bad Type Source');
  const run = await runFeed(tp, ListApp, 'indicator-list', creds, { source: exampleFile('indicator-list', 'blocklist.txt'), indicator_type: 'Adress' });
  assert.equal(run.exitCode, 1);
  assert.match(run.message, /^indicator_type: "Adress" is not an indicator type \(Address, /);
});
