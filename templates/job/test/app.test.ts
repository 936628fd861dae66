// Runs the app against a local ThreatConnect-compatible platform started for this test: no network, no mocks.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runJob } from 'tcex';
import { startPlatform, type PlatformHandle } from 'tcex/platform';
import { App } from '../src/app.js';

const projectDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'app-test-'));
let platform: PlatformHandle;

before(async () => {
  platform = await startPlatform({ port: 0, quiet: true });
});
after(async () => {
  await platform.close();
  rmSync(work, { recursive: true, force: true });
});

function params(extra: Record<string, unknown> = {}) {
  return {
    tc_api_path: platform.url,
    tc_api_access_id: platform.accessId,
    tc_api_secret_key: platform.secretKey,
    tc_owner: 'Example Organization',
    tc_out_path: join(work, 'out'),
    tc_log_path: join(work, 'log'),
    tc_temp_path: join(work, 'temp'),
    ...extra,
  };
}

test('reports the owner, writes message.tc and keeps last_run in results.tc', async () => {
  const first = await runJob(App, { cwd: projectDir, env: {}, params: params() });
  assert.equal(first.exitCode, 0, first.message);
  assert.match(first.message, /^Owner Example Organization \(Organization\) is reachable/);
  assert.equal(readFileSync(join(work, 'out', 'message.tc'), 'utf8'), `${first.message}\n`);
  assert.match(first.results.last_run ?? '', /^\d{4}-\d{2}-\d{2}T/);

  // the platform passes results.tc values back as params on the next run
  const second = await runJob(App, { cwd: projectDir, env: {}, params: params({ last_run: first.results.last_run }) });
  assert.equal(second.exitCode, 0);
  assert.match(readFileSync(join(work, 'log', 'app.log'), 'utf8'), new RegExp(`previous run: ${first.results.last_run}`));
});

test('an owner the user cannot see ends the app with exit code 1 and says which', async () => {
  const outcome = await runJob(App, { cwd: projectDir, env: {}, params: params({ tc_owner: 'Nobody Inc' }) });
  assert.equal(outcome.exitCode, 1);
  assert.equal(outcome.message, 'Owner Nobody Inc is not available to this API user.');
});
