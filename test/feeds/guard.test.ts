// The guard against broken downloads, on the real feed excerpts, against the platform and its job runner: a source
// that ends mid-record, cannot be parsed, is empty, yields no valid item or shrinks by more than half is a failed
// read. Nothing is sent or deleted (counts before and after), the previous state is kept for the next run, and the
// exit is 1 with a message saying what was wrong.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { usePlatform } from '../helpers/platform.js';
import { packageFeedApp } from '../../src/feed/index.js';
import { App as ThreatFoxApp } from '../../examples/feeds/threatfox/src/app.js';
import { App as KevApp } from '../../examples/feeds/cisa-kev/src/app.js';
import { App as UrlhausApp } from '../../examples/feeds/urlhaus/src/app.js';
import { App as IpsumApp } from '../../examples/feeds/ipsum/src/app.js';
import { feedFile } from './helpers.js';
import { installApp, ownerCounts, runFeed, sourceOwner, type Credentials } from './platform-helpers.js';

const tp = usePlatform();
const scratch = mkdtempSync(join(tmpdir(), 'tcex-feed-guard-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const FAILED_READ = /^Failed read of the feed: .*\. Nothing was sent or deleted; the previous state is kept for the next run\.$/;
const PRINTABLE = /^[\x20-\x7e]*$/;

function write(name: string, content: string | Buffer): string {
  const file = join(scratch, name);
  writeFileSync(file, content);
  return file;
}

/** Deterministic noise (xorshift32), so a failure can be replayed byte for byte. */
function noise(bytes: number, seed = 0x9e3779b9): Buffer {
  const out = Buffer.alloc(bytes);
  let x = seed >>> 0;
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

const urlhaus = readFileSync(feedFile('urlhaus-recent.csv'), 'utf8');
const urlhausRows = urlhaus.split('\n').filter((l) => l.startsWith('"')).length;

let creds: Credentials;
before(async () => {
  const pkg = await packageFeedApp(resolve('examples', 'feeds', 'urlhaus'), scratch);
  await installApp(tp, pkg.file);
  creds = await sourceOwner(tp, 'abuse.ch URLhaus');
});

const runJob = (job: number) => tp.admin('POST', `/jobs/${job}/run`, { wait: true });
const keptState = async (job: number): Promise<Record<string, string>> => (await tp.admin('GET', `/jobs/${job}/results`)).results;

test('job runner: URLhaus in full, then cut mid-record, then cut at a line (shrink): nothing deleted, state kept', async () => {
  const job = await tp.admin('POST', '/jobs', { app: 'URLhaus_Feed_v1', name: 'urlhaus guarded', userName: creds.accessId, params: { tc_owner: creds.owner, source: feedFile('urlhaus-recent.csv') } });
  const first = await runJob(job.id);
  assert.equal(first.status, 'Success', first.message);
  assert.equal(urlhausRows, 2000);
  assert.deepEqual(await ownerCounts(tp, creds), { indicators: 2000, groups: 0 });
  const state = await keptState(job.id);

  // the download broke off inside a row: 40% of the file, as a cut connection leaves it
  const cutBytes = Buffer.from(urlhaus).subarray(0, Math.floor(urlhaus.length * 0.4));
  assert.notEqual(cutBytes.at(-1), 0x0a, 'the cut is inside a row');
  await tp.admin('PUT', `/jobs/${job.id}`, { params: { tc_owner: creds.owner, source: write('urlhaus-cut.csv', cutBytes) } });
  const cut = await runJob(job.id);
  assert.equal(cut.status, 'Failed');
  assert.equal(cut.exitCode, 1);
  assert.match(cut.message, FAILED_READ);
  assert.match(cut.message, /it ends mid-record \(cut short\?\): the last row, line \d+, is incomplete/);
  assert.deepEqual(await ownerCounts(tp, creds), { indicators: 2000, groups: 0 }, 'nothing was deleted');
  assert.equal((await keptState(job.id)).feed_state, state.feed_state, 'the previous state is kept');

  // cut at a line break: every row whole, but 60% of the URLs gone at once
  const lines = urlhaus.split('\n');
  const shrunk = write('urlhaus-shrunk.csv', `${lines.slice(0, 801).join('\n')}\n`);
  await tp.admin('PUT', `/jobs/${job.id}`, { params: { tc_owner: creds.owner, source: shrunk } });
  const shrink = await runJob(job.id);
  assert.equal(shrink.status, 'Failed');
  assert.match(shrink.message, FAILED_READ);
  assert.match(shrink.message, /it shrank: 1200 of the previous run's 2000 items \(60%\) would leave at once, more than max_removal_percent \(50%\)/);
  assert.deepEqual(await ownerCounts(tp, creds), { indicators: 2000, groups: 0 }, 'nothing was deleted');
  assert.equal((await keptState(job.id)).feed_state, state.feed_state);

  // the whole feed again: compared with the last good run, nothing to send
  await tp.admin('PUT', `/jobs/${job.id}`, { params: { tc_owner: creds.owner, source: feedFile('urlhaus-recent.csv') } });
  const again = await runJob(job.id);
  assert.equal(again.status, 'Success', again.message);
  assert.match(again.message, /^2000 URL: 0 submitted, 2000 unchanged/);

  // a real shrink is allowed when the setting says so
  await tp.admin('PUT', `/jobs/${job.id}`, { params: { tc_owner: creds.owner, source: shrunk, max_removal_percent: '100' } });
  const allowed = await runJob(job.id);
  assert.equal(allowed.status, 'Success', allowed.message);
  assert.match(allowed.message, /^800 URL: 0 submitted, 800 unchanged; 1200 left the feed \(deleted\)/);
  assert.deepEqual(await ownerCounts(tp, creds), { indicators: 800, groups: 0 });
});

test('truncated JSON, an empty file and {"foo":1}: failed reads that change nothing, on a first run too', async () => {
  const tf = await sourceOwner(tp, 'Guarded ThreatFox');
  const first = await runFeed(tp, ThreatFoxApp, 'threatfox', tf, { source: feedFile('threatfox-recent.json') });
  assert.equal(first.exitCode, 0, first.message);
  const before = await ownerCounts(tp, tf);
  assert.ok(before.indicators > 700 && before.groups > 0, JSON.stringify(before));

  const truncated = write('truncated.json', readFileSync(feedFile('threatfox-recent.json'), 'utf8').slice(0, 100_000));
  const broken = await runFeed(tp, ThreatFoxApp, 'threatfox', tf, { source: truncated, feed_state: first.results.feed_state, last_run: first.results.last_run });
  assert.equal(broken.exitCode, 1);
  assert.match(broken.message, FAILED_READ);
  assert.match(broken.message, /it could not be parsed: unexpected end of JSON/);
  assert.equal(broken.results.feed_state, first.results.feed_state, 'the previous state is handed on');
  assert.equal(broken.results.last_run, first.results.last_run);

  const empty = await runFeed(tp, ThreatFoxApp, 'threatfox', tf, { source: write('empty.json', ''), feed_state: first.results.feed_state });
  assert.equal(empty.exitCode, 1);
  assert.match(empty.message, /^Failed read of the feed: it is empty\. Nothing was sent or deleted/);
  assert.deepEqual(await ownerCounts(tp, tf), before, 'nothing was deleted');

  const kev = await sourceOwner(tp, 'Guarded KEV');
  const foo = await runFeed(tp, KevApp, 'cisa-kev', kev, { source: write('foo.json', '{"foo":1}') });
  assert.equal(foo.exitCode, 1, 'a first run with no valid item fails too');
  assert.match(foo.message, /^Failed read of the feed: it yields no valid item \(9 bytes, none of them a record of this feed\)/);
  assert.deepEqual(await ownerCounts(tp, kev), { indicators: 0, groups: 0 });
});

test('200 KB of random bytes: no valid item, invalid rows logged escaped and short, never as raw bytes', async () => {
  const garbage = write('garbage.bin', noise(200 * 1024));
  for (const [App, app, owner] of [[UrlhausApp, 'urlhaus', 'Garbage CSV'], [IpsumApp, 'ipsum', 'Garbage Text']] as const) {
    const c = await sourceOwner(tp, owner);
    const logs = join(scratch, `logs-${app}`);
    const outcome = await runFeed(tp, App, app, c, { source: garbage, tc_log_path: logs });
    assert.equal(outcome.exitCode, 1, outcome.message);
    assert.match(outcome.message, /^Failed read of the feed: it yields no valid item: all \d+ rows are invalid, e\.g\. line \d+: /);
    assert.match(outcome.message, PRINTABLE);
    assert.deepEqual(await ownerCounts(tp, c), { indicators: 0, groups: 0 });
    const log = readFileSync(outcome.logFile as string, 'utf8');
    const invalid = log.split('\n').filter((l) => l.includes('invalid row at'));
    assert.ok(invalid.length > 0 && invalid.length <= 20, `${invalid.length} invalid rows logged`);
    for (const line of invalid) {
      assert.match(line, PRINTABLE, 'escaped');
      assert.ok(line.length < 400, `cut short: ${line.length} characters`);
    }
  }
});
