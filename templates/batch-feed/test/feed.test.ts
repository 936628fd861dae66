// Runs the feed app on the bundled sample (the real abuse.ch Feodo Tracker list) against a platform started for this
// test: the local ThreatConnect-compatible one (@tcex/platform, a devDependency), or a real ThreatConnect when
// TC_API_PATH, TC_API_ACCESS_ID, TC_API_SECRET_KEY and TC_OWNER are set. No mocks.
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { TcClient } from 'tcex';
import { runApp, startTestPlatform, type TestPlatform } from 'tcex/testing';
import { App } from '../src/app.js';
import { mapFeed, parseFeed } from '../src/feed.js';

const projectDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const sampleFile = join(projectDir, 'sample', 'ipblocklist.csv');
const sample = readFileSync(sampleFile, 'utf8');
const dataRows = sample.split('\n').filter((l) => l.startsWith('"') && !l.startsWith('"first_seen_utc"'));
const work = mkdtempSync(join(tmpdir(), 'feed-test-'));
let platform: TestPlatform;
let tc: TcClient;

before(async () => {
  platform = await startTestPlatform();
  tc = platform.client({ resultLimit: 10_000 });
});
after(async () => {
  await platform.close();
  rmSync(work, { recursive: true, force: true });
});

let runs = 0;
function run(params: Record<string, unknown>) {
  return runApp(App, platform, { cwd: projectDir, workDir: join(work, `run-${++runs}`), params });
}

async function addresses(): Promise<string[]> {
  const data = await tc.v2<{ address: Array<{ ip: string }> }>('GET', '/v2/indicators/addresses', { query: { owner: platform.owner } });
  return data.address.map((a) => a.ip).sort();
}

test('the parser reads the real Feodo Tracker file: its header row is skipped, every server is an Address', async () => {
  const out = [];
  for await (const o of mapFeed(parseFeed(createReadStream(sampleFile)), { defaultRating: 0, defaultConfidence: 0 })) out.push(o);
  const indicators = out.filter((o) => o.kind === 'indicator');
  assert.equal(dataRows.length, 28);
  assert.equal(indicators.length, 28);
  assert.equal(out.filter((o) => o.kind === 'invalid').length, 0);
  assert.ok(out.some((o) => o.kind === 'group' && o.name === 'Pikabot'));
});

test('run twice: the second run sends nothing; a row removed from the source is removed on the third', async () => {
  const first = await run({ source: sampleFile });
  assert.equal(first.exitCode, 0, first.message);
  assert.match(first.message, /^28 Address, 1 Malware: 29 submitted, 0 unchanged/);
  assert.equal((await addresses()).length, 28);

  const second = await run({ source: sampleFile, feed_state: first.results.feed_state });
  assert.equal(second.exitCode, 0, second.message);
  assert.match(second.message, /^28 Address, 1 Malware: 0 submitted, 29 unchanged/);

  const gone = dataRows[0].split('","')[1];
  const shorter = join(work, 'shorter.csv');
  writeFileSync(shorter, sample.replace(`${dataRows[0]}\n`, ''));
  const third = await run({ source: shorter, feed_state: second.results.feed_state });
  assert.equal(third.exitCode, 0, third.message);
  assert.match(third.message, /^27 Address, 1 Malware: 0 submitted, 28 unchanged; 1 left the feed \(deleted\)/);
  const held = await addresses();
  assert.equal(held.length, 27);
  assert.ok(!held.includes(gone), `${gone} was removed`);
});

test('a download that fails ends with its own message, exit 1: HTTP errors and connection failures alike', async () => {
  const server = createServer((_req, res) => res.writeHead(404).end('not found'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ipblocklist.csv`;
  const missing = await run({ source: url });
  assert.equal(missing.exitCode, 1);
  assert.equal(missing.message, `Failed to download the feed from ${url} (HTTP 404).`);

  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  // the port is closed now: the connection is refused
  const refused = await run({ source: url });
  assert.equal(refused.exitCode, 1);
  assert.match(refused.message, new RegExp(`^Failed to download the feed from ${url.replace(/[.?]/g, '\\$&')}: `));
  assert.doesNotMatch(refused.message, /Generic Error/);
});
