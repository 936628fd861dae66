// Runs the feed app on the bundled sample, served over loopback HTTP, into a local ThreatConnect-compatible
// platform started for this test: no network, no mocks.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runJob, TcClient } from 'tcex';
import { startPlatform, type PlatformHandle } from 'tcex/platform';
import { App } from '../src/app.js';
import { parseFeed } from '../src/feed.js';

const projectDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const sample = readFileSync(join(projectDir, 'sample', 'ipblocklist.csv'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'feed-test-'));
let platform: PlatformHandle;
let server: Server;
let feedUrl: string;

before(async () => {
  platform = await startPlatform({ port: 0, quiet: true });
  server = createServer((req, res) => {
    if (req.url === '/downloads/ipblocklist.csv') res.end(sample);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/downloads/ipblocklist.csv`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await platform.close();
  rmSync(work, { recursive: true, force: true });
});

function params(extra: Record<string, unknown> = {}) {
  return {
    tc_api_path: platform.url,
    tc_api_access_id: platform.accessId,
    tc_api_secret_key: platform.secretKey,
    tc_owner: 'Example Organization',
    source_url: feedUrl,
    default_confidence: '50',
    tc_out_path: join(work, 'out'),
    tc_log_path: join(work, 'log'),
    tc_temp_path: join(work, 'temp'),
    ...extra,
  };
}

test('the parser skips comments and unquotes fields', () => {
  const rows = [...parseFeed(sample)];
  assert.equal(rows.length, 5);
  assert.deepEqual(rows[0], { firstSeen: '2023-11-02 10:15:00', ip: '192.0.2.10', port: '443', status: 'online', lastOnline: '2024-05-01', malware: 'Dridex' });
});

test('the sample goes in as Address indicators tagged and associated with their malware; the bad row is reported', async () => {
  const outcome = await runJob(App, { cwd: projectDir, env: {}, params: params() });
  assert.equal(outcome.exitCode, 3, outcome.message); // partial: one row is not an IP address
  assert.equal(outcome.message, '4 indicator(s) and 3 group(s) saved; 0 error(s); 1 invalid row(s) skipped.');
  assert.match(outcome.results.last_run ?? '', /^\d{4}-/);

  const tc = new TcClient({ apiPath: platform.url, accessId: platform.accessId, secretKey: platform.secretKey });
  try {
    const data = await tc.v2<{ address: { ip: string; confidence: number } }>('GET', '/v2/indicators/addresses/192.0.2.11', {
      query: { owner: 'Example Organization', includes: ['tags'] },
    });
    assert.equal(data.address.confidence, 50);
    const groups = await tc.v2<{ group: Array<{ name: string; type: string }> }>('GET', '/v2/indicators/addresses/192.0.2.11/groups', {
      query: { owner: 'Example Organization' },
    });
    assert.deepEqual(groups.group.map((g) => `${g.type}:${g.name}`), ['Malware:Emotet']);
  } finally {
    await tc.close();
  }
});

test('a feed that cannot be downloaded ends the app with exit code 1', async () => {
  const outcome = await runJob(App, { cwd: projectDir, env: {}, params: params({ source_url: feedUrl.replace('ipblocklist', 'missing') }) });
  assert.equal(outcome.exitCode, 1);
  assert.equal(outcome.message, 'Failed to download the feed (HTTP 404).');
});
