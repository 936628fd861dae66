// Job runs against a real platform: params that name a path cannot leave the run's folders, the log endpoint never
// serves another file, a run's leftover processes end with it, and a deleted job leaves no id or folder behind.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminCall, adminFetch, usePlatform } from '../../helpers/platform.js';
import { startPlatform } from '../../../src/platform/index.js';
import { eventually, groupOf, orphanTcx, outFile, processAlive, runnerDir } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tcex-sec-runs-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const dataFile = join(dir, 'platform.db');
const tp = usePlatform({ dataFile });
let installed: Promise<void> | undefined;
/** Installs the orphan probe once, on first use (the platform is up by then). */
function ready(): Promise<void> {
  installed ??= (async () => {
    const res = await adminFetch(tp.handle, 'POST', '/apps', { raw: await orphanTcx(), contentType: 'application/zip' });
    assert.equal(res.status, 201, res.text);
  })();
  return installed;
}

const finished = (runId: number) =>
  eventually(async () => {
    const run = await tp.admin('GET', `/runs/${runId}`);
    return run.status === 'Running' ? undefined : run;
  }, `run ${runId} ends`);

test('a tc_log_file that leaves the run folder fails job creation, update and start, naming the param', async () => {
  await ready();
  const before = (await tp.admin('GET', '/jobs')).jobs.length;
  for (const [value, why] of [
    ['../../../../etc/passwd', 'leaves its folder'],
    ['/etc/passwd', 'is an absolute path'],
    ['C:\\Windows\\win.ini', 'is an absolute path'],
    ['logs/../../app.log', 'leaves its folder'],
  ]) {
    const res = await adminFetch(tp.handle, 'POST', '/jobs', { json: { app: 'Orphan_Probe_v1', name: 'climber', params: { tc_log_file: value } } });
    assert.equal(res.status, 400, res.text);
    assert.ok(res.body.error.includes(`params.tc_log_file: ${JSON.stringify(value)} ${why}`), res.body.error);
  }
  const job = await tp.admin('POST', '/jobs', { app: 'Orphan_Probe_v1', name: 'honest', params: { tc_log_file: 'logs/app.log' } });
  const put = await adminFetch(tp.handle, 'PUT', `/jobs/${job.id}`, { json: { params: { tc_log_file: '../../../../etc/passwd' } } });
  assert.equal(put.status, 400, put.text);
  assert.deepEqual((await tp.admin('GET', `/jobs/${job.id}`)).params, { tc_log_file: 'logs/app.log' }, 'the job is unchanged');

  // a job stored before paths were checked: it cannot start
  tp.handle.context.db.prepare('UPDATE runner_jobs SET params = ? WHERE id = ?').run(JSON.stringify({ tc_log_file: '../../../../etc/passwd' }), job.id);
  const run = await adminFetch(tp.handle, 'POST', `/jobs/${job.id}/run`, { json: {} });
  assert.equal(run.status, 400, run.text);
  assert.match(run.body.error, /job honest cannot start: params\.tc_log_file: "\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd" leaves its folder/);
  assert.deepEqual((await tp.admin('GET', `/runs?job=${job.id}`)).runs, [], 'no run was started');
  assert.equal((await tp.admin('GET', '/jobs')).jobs.length, before + 1, 'only the honest job was created');
  await tp.admin('DELETE', `/jobs/${job.id}`);
});

test('the log endpoint serves only the run\'s own log, even when the file is swapped for a link', async () => {
  await ready();
  const job = await tp.admin('POST', '/jobs', { app: 'Orphan_Probe_v1', name: 'linker', params: { linger_ms: '60000' }, timeoutSeconds: 4 });
  const run = await tp.admin('POST', `/jobs/${job.id}/run`, {});
  await outFile(dataFile, run.id, 'pid');
  const log = join(runnerDir(dataFile), 'runs', String(run.id), 'log', 'app.log');
  rmSync(log);
  symlinkSync('/etc/passwd', log);
  const live = await adminFetch(tp.handle, 'GET', `/runs/${run.id}/log`);
  assert.equal(live.status, 200);
  assert.doesNotMatch(live.text, /root:/);
  const done = await finished(run.id);
  assert.match(done.message, /Stopped after 4 s/);
  assert.doesNotMatch(done.log, /root:/, 'the recorded log does not follow the link either');
});

test('whatever the app started in its process group ends with the run', async () => {
  await ready();
  const job = await tp.admin('POST', '/jobs', { app: 'Orphan_Probe_v1', name: 'parent', params: {} });
  const run = await tp.admin('POST', `/jobs/${job.id}/run`, {});
  const childPid = Number(await outFile(dataFile, run.id, 'child-pid'));
  const done = await finished(run.id);
  assert.equal(done.status, 'Success', done.message);
  const { pgid } = tp.handle.context.db.prepare('SELECT pgid FROM runner_runs WHERE id = ?').get(run.id) as { pgid: number | null };
  assert.ok(pgid, 'the run\'s process group was recorded');
  assert.notEqual(pgid, groupOf(process.pid), 'the app ran in a group of its own');
  await eventually(() => (processAlive(childPid) ? undefined : true), 'the app\'s own child ends', 10_000);
});

test('a deleted job takes its run folders along; run ids are never reused, also across a restart', async () => {
  await ready();
  const runOnce = async (platform: typeof tp.handle) => {
    await adminCall(platform, 'POST', '/jobs', { app: 'Orphan_Probe_v1', name: 'recycled', params: {} });
    const run = await adminCall(platform, 'POST', '/jobs/recycled/run', { wait: true });
    assert.equal(run.status, 'Success', run.message);
    return run;
  };
  const first = await runOnce(tp.handle);
  const folder = join(runnerDir(dataFile), 'runs', String(first.id));
  assert.equal(existsSync(folder), true);
  await tp.admin('DELETE', '/jobs/recycled');
  assert.equal(existsSync(folder), false, 'the deleted job\'s run folder is gone');

  const second = await runOnce(tp.handle);
  assert.ok(second.id > first.id, `run ${second.id} comes after ${first.id}`);
  const log = (await adminFetch(tp.handle, 'GET', `/runs/${second.id}/log`)).text;
  assert.match(log, new RegExp(`execution ${second.id}\\b`));
  assert.doesNotMatch(log, new RegExp(`execution ${first.id}\\b`), 'no line of the deleted job\'s log');
  await tp.admin('DELETE', '/jobs/recycled');

  // the same data file in a new platform: the ids of deleted runs stay taken
  await tp.handle.close();
  tp.handle = await startPlatform({ port: 0, quiet: true, dataFile });
  const third = await runOnce(tp.handle);
  assert.ok(third.id > second.id, `run ${third.id} comes after ${second.id}`);
});
