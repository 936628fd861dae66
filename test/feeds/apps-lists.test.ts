// IPsum and CISA KEV against the platform on the real files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { usePlatform } from '../helpers/platform.js';
import { App as IpsumApp } from '../../examples/feeds/ipsum/src/app.js';
import { ipsumFeed } from '../../examples/feeds/ipsum/src/feed.js';
import { App as KevApp } from '../../examples/feeds/cisa-kev/src/app.js';
import { kevFeed } from '../../examples/feeds/cisa-kev/src/feed.js';
import { DEFAULT_MAPPING } from '../../src/feed/index.js';
import { feedFile } from './helpers.js';
import { assertOwnerHolds, expectedItems, ownerClient, runFeed, sourceOwner } from './platform-helpers.js';

const tp = usePlatform();

test('IPsum on the real list: every address on 3 or more lists, rated by its count', async () => {
  const creds = await sourceOwner(tp, 'IPsum Source');
  const outcome = await runFeed(tp, IpsumApp, 'ipsum', creds, { source: feedFile('ipsum.txt'), min_lists: '3', default_confidence: '50' });
  assert.equal(outcome.exitCode, 0, outcome.message);
  const { items, report } = await expectedItems(ipsumFeed.reader({ ...DEFAULT_MAPPING, defaultConfidence: 50, minLists: 3 }), feedFile('ipsum.txt'));
  const onThreeOrMore = readFileSync(feedFile('ipsum.txt'), 'utf8').split('\n').filter((l) => !l.startsWith('#') && Number(l.split('\t')[1]) >= 3).length;
  assert.equal(report.byType.Address, onThreeOrMore);
  await assertOwnerHolds(ownerClient(tp, creds), creds.owner, items);
});

test('CISA KEV on the real catalog: a Vulnerability group per CVE', async () => {
  const creds = await sourceOwner(tp, 'CISA KEV Source');
  const outcome = await runFeed(tp, KevApp, 'cisa-kev', creds, { source: feedFile('cisa-kev.json') });
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.match(outcome.message, /^300 Vulnerability: 300 submitted/);
  const { items } = await expectedItems(kevFeed.reader(DEFAULT_MAPPING), feedFile('cisa-kev.json'));
  await assertOwnerHolds(ownerClient(tp, creds), creds.owner, items);
});
