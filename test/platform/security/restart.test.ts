// kill -9 of a platform in a child process while a job runs: the app's process group ends with it, and the
// platform restarted on the same data folder has revoked the run's token, records the run as it really ended, and
// starts a new run of the job exactly once.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminCall, adminFetch } from '../../helpers/platform.js';
import { apiStatus, eventually, groupAlive, groupOf, orphanTcx, outFile, processAlive, renew, runnerDir, startChildPlatform, type ChildPlatform } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tcex-sec-restart-'));
const dataFile = join(dir, 'platform.db');
const started: ChildPlatform[] = [];
after(() => {
  for (const p of started) if (p.process.exitCode === null && p.process.signalCode === null) p.process.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function platform(): Promise<ChildPlatform> {
  const p = await startChildPlatform(dataFile);
  started.push(p);
  return p;
}

async function killHard(p: ChildPlatform, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  const exited = new Promise((r) => p.process.once('exit', r));
  p.process.kill(signal);
  await exited;
}

test('kill -9 during a run ends the app\'s group; after a restart its token is dead and the job runs once', async () => {
  const first = await platform();
  const installed = await adminFetch(first.handle, 'POST', '/apps', { raw: await orphanTcx(), contentType: 'application/zip' });
  assert.equal(installed.status, 201, installed.text);
  const job = await adminCall(first.handle, 'POST', '/jobs', { app: 'Orphan_Probe_v1', name: 'orphaned', params: { linger_ms: '600000' } });
  const run = await adminCall(first.handle, 'POST', `/jobs/${job.id}/run`, {});
  const appPid = Number(await outFile(dataFile, run.id, 'pid'));
  const childPid = Number(await outFile(dataFile, run.id, 'child-pid'));
  const token = await outFile(dataFile, run.id, 'token');
  const pgid = groupOf(appPid)!;
  assert.ok(pgid, 'the app runs');
  assert.notEqual(pgid, groupOf(first.process.pid!), 'in a process group of its own');
  assert.equal(groupOf(childPid), pgid, 'its own child is in that group');

  await killHard(first);
  await eventually(() => (groupAlive(pgid) ? undefined : true), 'the app\'s process group ends', 20_000);
  assert.equal(processAlive(appPid), false);
  assert.equal(processAlive(childPid), false);

  const second = await platform();
  const recorded = await adminCall(second.handle, 'GET', `/runs/${run.id}`);
  assert.equal(recorded.status, 'Failed');
  assert.match(recorded.message, /The platform stopped while the job was running/);
  assert.match(recorded.log, /orphan probe started/, 'what the app logged is kept');
  assert.equal((await renew(second.handle.origin, token)).status, 401, 'the run\'s token no longer renews');
  assert.equal(await apiStatus(second.handle.origin, token), 401);

  const attempts = await Promise.all([1, 2].map(() => adminFetch(second.handle, 'POST', `/jobs/${job.id}/run`, { json: {} })));
  assert.deepEqual(attempts.map((a) => a.status).sort(), [202, 409], 'exactly one new run starts');
  const again = attempts.find((a) => a.status === 202)!.body;
  assert.ok(again.id > run.id);
  const againPid = Number(await outFile(dataFile, again.id, 'pid'));
  const againGroup = groupOf(againPid)!;
  await killHard(second, 'SIGTERM');
  await eventually(() => (groupAlive(againGroup) ? undefined : true), 'a platform that stops ends its runs', 20_000);
});

test('a run that finished while the platform was down is recorded as it ended, not as failed', async () => {
  const third = await platform();
  const job = await adminCall(third.handle, 'POST', '/jobs', { app: 'Orphan_Probe_v1', name: 'quick', params: { linger_ms: '1500' } });
  const run = await adminCall(third.handle, 'POST', `/jobs/${job.id}/run`, {});
  await outFile(dataFile, run.id, 'pid');
  // frozen, the platform cannot see the app end; the app's supervisor still writes how it ended
  third.process.kill('SIGSTOP');
  await eventually(() => (existsSync(join(runnerDir(dataFile), 'runs', String(run.id), 'exit.json')) ? true : undefined), 'the app ends');
  await killHard(third);

  const fourth = await platform();
  const recorded = await adminCall(fourth.handle, 'GET', `/runs/${run.id}`);
  assert.equal(recorded.status, 'Success', recorded.message);
  assert.equal(recorded.exitCode, 0);
  assert.equal(recorded.message, 'lingered 1500 ms');
  await killHard(fourth, 'SIGTERM');
});

test('a group left behind with no supervisor (killed too) is ended by the next start on the data folder', async () => {
  const fifth = await platform();
  const job = await adminCall(fifth.handle, 'POST', '/jobs', { app: 'Orphan_Probe_v1', name: 'headless', params: { linger_ms: '600000' } });
  const run = await adminCall(fifth.handle, 'POST', `/jobs/${job.id}/run`, {});
  const appPid = Number(await outFile(dataFile, run.id, 'pid'));
  const pgid = groupOf(appPid)!;
  process.kill(pgid, 'SIGKILL'); // the supervisor (the group's leader) first, then the platform: nobody watches the app
  await killHard(fifth);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(processAlive(appPid), true, 'the app outlived both');

  const sixth = await platform();
  await eventually(() => (groupAlive(pgid) ? undefined : true), 'the restarted platform ends the leftover group', 10_000);
  const recorded = await adminCall(sixth.handle, 'GET', `/runs/${run.id}`);
  assert.equal(recorded.status, 'Failed');
  await killHard(sixth, 'SIGTERM');
});
