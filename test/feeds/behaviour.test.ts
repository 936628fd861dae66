// Feed-app behaviour beyond the happy path, in-process against a platform: deprecation instead of deletion, URL
// downloads through the external session (the guard against broken sources: guard.test.ts).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usePlatform } from '../helpers/platform.js';
import { App as FeodoApp } from '../../examples/feeds/feodo-tracker/src/app.js';
import { exampleFile } from './helpers.js';
import { ownerClient, runFeed, sourceOwner } from './platform-helpers.js';

const tp = usePlatform();
const scratch = mkdtempSync(join(tmpdir(), 'tcex-feed-behaviour-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const sample = readFileSync(exampleFile('feodo-tracker', 'ipblocklist.csv'), 'utf8');
const withoutFirst = sample.replace(/^"2024-03-01 10:00:00","192\.0\.2\.10".*\n/m, '');

async function address(client: ReturnType<typeof ownerClient>, owner: string, ip: string): Promise<any> {
  const data = await client.v2<any>('GET', `/v2/indicators/addresses/${ip}`, { query: { owner, includeAdditional: 'true' } });
  return data.address;
}

test('stale_action Deprecate: a server that left the list is kept at confidence 0 and inactive, and revived when it returns', async () => {
  const creds = await sourceOwner(tp, 'Deprecating Source');
  const client = ownerClient(tp, creds);
  const full = join(scratch, 'full.csv');
  const shorter = join(scratch, 'shorter.csv');
  writeFileSync(full, sample);
  writeFileSync(shorter, withoutFirst);
  const params = { stale_action: 'Deprecate', default_confidence: '50' };

  const first = await runFeed(tp, FeodoApp, 'feodo-tracker', creds, { ...params, source: full });
  assert.equal(first.exitCode, 0, first.message);
  const second = await runFeed(tp, FeodoApp, 'feodo-tracker', creds, { ...params, source: shorter, feed_state: first.results.feed_state });
  assert.equal(second.exitCode, 0, second.message);
  assert.match(second.message, /0 submitted, 9 unchanged; 1 left the feed \(deprecated\)/);
  const gone = await address(client, creds.owner, '192.0.2.10');
  assert.equal(gone.confidence, 0);
  assert.equal(gone.active, false);
  assert.equal((await address(client, creds.owner, '192.0.2.11')).confidence, 50, 'the others are untouched');

  const third = await runFeed(tp, FeodoApp, 'feodo-tracker', creds, { ...params, source: full, feed_state: second.results.feed_state });
  assert.match(third.message, /1 submitted, 9 unchanged/);
  const back = await address(client, creds.owner, '192.0.2.10');
  assert.equal(back.confidence, 50);
  assert.equal(back.active, true);
});

test('an http source is downloaded through the external session; an error status exits 1 and changes nothing', async () => {
  let status = 200;
  const server = createServer((req, res) => {
    if (status !== 200) {
      res.writeHead(status).end('unavailable');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/csv' }).end(sample);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/downloads/ipblocklist.csv`;
    const creds = await sourceOwner(tp, 'Downloading Source');
    const ok = await runFeed(tp, FeodoApp, 'feodo-tracker', creds, { source: url });
    assert.equal(ok.exitCode, 0, ok.message);
    assert.match(ok.message, /^6 Address, 4 Malware: 10 submitted/);
    status = 404;
    const failed = await runFeed(tp, FeodoApp, 'feodo-tracker', creds, { source: url, feed_state: ok.results.feed_state });
    assert.equal(failed.exitCode, 1);
    assert.equal(failed.message, `Failed to download the feed from ${url} (HTTP 404).`);
    assert.equal(failed.results.feed_state, ok.results.feed_state, 'the previous state is kept: the next run compares with the last good one');
  } finally {
    server.close();
  }
});
