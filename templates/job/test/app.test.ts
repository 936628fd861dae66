// Runs the app against a platform started for this test: the local ThreatConnect-compatible one (@tcex/platform,
// a devDependency), or a real ThreatConnect when TC_API_PATH, TC_API_ACCESS_ID, TC_API_SECRET_KEY and TC_OWNER are
// set. No mocks.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runApp, startTestPlatform, type TestPlatform } from 'tcex/testing';
import { App } from '../src/app.js';

const projectDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const workDir = mkdtempSync(join(tmpdir(), 'app-test-'));
let platform: TestPlatform;

before(async () => {
  platform = await startTestPlatform();
});
after(async () => {
  await platform.close();
  rmSync(workDir, { recursive: true, force: true });
});

test('reports the owner, writes message.tc and keeps last_run in results.tc', async () => {
  const first = await runApp(App, platform, { cwd: projectDir, workDir });
  assert.equal(first.exitCode, 0, first.message);
  assert.match(first.message, new RegExp(`^Owner ${platform.owner} \\(Organization\\) is reachable`));
  assert.equal(readFileSync(join(workDir, 'out', 'message.tc'), 'utf8'), `${first.message}\n`);
  assert.match(first.results.last_run ?? '', /^\d{4}-\d{2}-\d{2}T/);

  // the platform passes results.tc values back as params on the next run
  const second = await runApp(App, platform, { cwd: projectDir, workDir, params: { last_run: first.results.last_run } });
  assert.equal(second.exitCode, 0);
  assert.match(readFileSync(join(workDir, 'log', 'app.log'), 'utf8'), new RegExp(`previous run: ${first.results.last_run}`));
});

test('an owner the user cannot see ends the app with exit code 1 and says which', async () => {
  const outcome = await runApp(App, platform, { cwd: projectDir, params: { tc_owner: 'Nobody Inc' } });
  outcome.cleanUp();
  assert.equal(outcome.exitCode, 1);
  assert.equal(outcome.message, 'Owner Nobody Inc is not available to this API user.');
});
