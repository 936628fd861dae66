// `tcex platform install|jobs|run|runs` against a running platform, as a user types them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { after } from 'node:test';
import { usePlatform } from '../../helpers/platform.js';
import { probeTcx } from './helpers.js';
import { adminBase } from '../../../src/cli/commands/platform-jobs.js';

const tp = usePlatform();
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'tcex-cli-runner-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function tcex(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', resolve('src/cli/main.ts'), 'platform', ...args, '--platform', tp.handle.url, '--admin-key', tp.handle.adminKey]);
    return { code: 0, stdout, stderr };
  } catch (err: any) {
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

test('--platform takes the admin URL, the API URL or the origin', () => {
  assert.equal(adminBase('http://127.0.0.1:9/api'), 'http://127.0.0.1:9/_platform');
  assert.equal(adminBase('http://127.0.0.1:9'), 'http://127.0.0.1:9/_platform');
  assert.equal(adminBase('http://127.0.0.1:9/_platform/'), 'http://127.0.0.1:9/_platform');
  assert.throws(() => adminBase('nowhere'), /--platform: not a URL/);
});

test('install, create a job, run it, and read the history and the log', async () => {
  const { file: tcx } = await probeTcx(dir);
  const installed = await tcex('install', tcx);
  assert.equal(installed.code, 0, installed.stderr);
  assert.match(installed.stdout, /installed Runner_Probe_v1: Runner Probe 1\.0\.0/);

  const created = await tcex('jobs', 'create', '--app', 'Runner_Probe_v1', '--name', 'nightly', '--param', 'mode=partial', '--schedule', '0 0 3 * * *');
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /created job \d+ \(nightly\) for Runner_Probe_v1; next run \d{4}-/);

  const bad = await tcex('jobs', 'create', '--app', 'Runner_Probe_v1', '--name', 'broken', '--param', 'mode=loud');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /params\.mode: "loud" is not one of/);

  const ran = await tcex('run', 'nightly');
  assert.equal(ran.code, 1, 'a run that did not fully succeed makes the command fail');
  assert.match(ran.stdout, /PartialFailure \(exit code 3\)/);
  assert.match(ran.stdout, /message: partial run 1/);
  // followed while it ran: the log's messages as plain lines (not a terminal), before the outcome
  assert.match(ran.stdout, /^  GET \/v2\/owners -> 200/m);

  const listed = await tcex('jobs');
  assert.match(listed.stdout, /nightly\s+Runner_Probe_v1\s+0 0 3 \* \* \*\s+yes\s+PartialFailure/);

  const runs = await tcex('runs', 'nightly');
  assert.match(runs.stdout, /demand\s+PartialFailure\s+3/);
  const runId = /^(\d+)\s/m.exec(runs.stdout.split('\n')[1])?.[1];
  const log = await tcex('runs', '--log', String(runId));
  assert.match(log.stdout, /GET \/v2\/owners -> 200/);
});
