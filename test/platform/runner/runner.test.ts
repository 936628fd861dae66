// The job runner against a probe app that only knows the platform's contract (encrypted params, token,
// message.tc, results.tc): install, job definition, on-demand and scheduled runs, history, no overlap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminFetch, usePlatform } from '../../helpers/platform.js';
import { installTcx, probeTcx, waitFor } from './helpers.js';

const tp = usePlatform();

const adminRaw = (method: string, path: string, body?: unknown) => adminFetch(tp.handle, method, path, { json: body });

test('installs a .tcx and lists it; refuses something that is not a package', async () => {
  const installed = await installTcx(tp.handle, (await probeTcx()).bytes);
  assert.equal(installed.status, 201, JSON.stringify(installed.body));
  assert.equal(installed.body.folder, 'Runner_Probe_v1');
  assert.equal(installed.body.displayName, 'Runner Probe');
  const again = await installTcx(tp.handle, (await probeTcx()).bytes);
  assert.equal(again.body.id, installed.body.id, 'the same folder upgrades the app in place');
  const apps = await tp.admin('GET', '/apps');
  assert.deepEqual(apps.apps.map((a: any) => a.folder), ['Runner_Probe_v1']);
  const bad = await installTcx(tp.handle, Buffer.from('not a zip'));
  assert.equal(bad.status, 400);
  assert.match(bad.body.error, /\.tcx package/);
});

test('job definitions are checked against install.json and the schedule syntax', async () => {
  const unknown = await adminRaw('POST', '/jobs', { app: 'Runner_Probe_v1', name: 'x', params: { colour: 'red' } });
  assert.equal(unknown.status, 400);
  assert.match(unknown.body.error, /params\.colour: not a param of this app/);
  const choice = await adminRaw('POST', '/jobs', { app: 'Runner Probe', name: 'x', params: { mode: 'loud' } });
  assert.match(choice.body.error, /params\.mode: "loud" is not one of ok, partial, fail, sleep, silent/);
  const schedule = await adminRaw('POST', '/jobs', { app: 'Runner_Probe_v1', name: 'x', schedule: 'every day' });
  assert.equal(schedule.status, 400);
  assert.match(schedule.body.error, /schedule: expected cron/);
  const reserved = await adminRaw('POST', '/jobs', { app: 'Runner_Probe_v1', name: 'x', params: { tc_token: 'abc' } });
  assert.match(reserved.body.error, /params\.tc_token: set by the runner/);
  const noApp = await adminRaw('POST', '/jobs', { app: 'Nope_v1', name: 'x' });
  assert.equal(noApp.status, 404);
});

test('an on-demand run gets a working token, the owner and its own paths; results.tc comes back next run', async () => {
  const job = await tp.admin('POST', '/jobs', { app: 'Runner_Probe_v1', name: 'probe on demand', params: {} });
  const first = await tp.admin('POST', `/jobs/${job.id}/run`, { wait: true });
  assert.equal(first.status, 'Success');
  assert.equal(first.exitCode, 0);
  assert.equal(first.message, 'ok run 1');
  assert.equal(first.results.api_status, '200', 'the token authenticates against the API');
  assert.equal(first.results.owner, 'Example Organization', 'the owner defaults to the user\'s organization');
  assert.ok(first.durationMs >= 0);
  const detail = await tp.admin('GET', `/runs/${first.id}`);
  assert.match(detail.log, /GET \/v2\/owners -> 200/);
  assert.match(detail.log, /temp=true; leaked=false/);
  assert.match(detail.log, /token \*\*\*/);
  assert.doesNotMatch(detail.log, /TC:\d+:/, 'the token never reaches the recorded log');

  const second = await tp.admin('POST', `/jobs/probe on demand/run`, { wait: true });
  assert.equal(second.message, 'ok run 2', 'results.tc counter was passed back as the counter param');
  assert.deepEqual((await tp.admin('GET', `/jobs/${job.id}/results`)).results, { counter: '2', owner: 'Example Organization', api_status: '200' });
  await tp.admin('DELETE', `/jobs/${job.id}/results`);
  const third = await tp.admin('POST', `/jobs/${job.id}/run`, { wait: true });
  assert.equal(third.message, 'ok run 1', 'cleared results start over');
  const history = await tp.admin('GET', `/jobs/${job.id}/runs`);
  assert.deepEqual(history.runs.map((r: any) => r.message), ['ok run 1', 'ok run 2', 'ok run 1']);
});

test('exit codes become statuses: 3 partial failure, 1 failure, a missing message.tc is said so', async () => {
  const partial = await tp.admin('POST', '/jobs', { app: 'Runner_Probe_v1', name: 'probe partial', params: { mode: 'partial', tc_owner: 'Common Community' } });
  const p = await tp.admin('POST', `/jobs/${partial.id}/run`, { wait: true });
  assert.deepEqual([p.status, p.exitCode, p.message, p.results.owner], ['PartialFailure', 3, 'partial run 1', 'Common Community']);
  const fail = await tp.admin('POST', '/jobs', { app: 'Runner_Probe_v1', name: 'probe fail', params: { mode: 'fail' } });
  const f = await tp.admin('POST', `/jobs/${fail.id}/run`, { wait: true });
  assert.deepEqual([f.status, f.exitCode, f.message], ['Failed', 1, 'fail run 1']);
  const silent = await tp.admin('POST', '/jobs', { app: 'Runner_Probe_v1', name: 'probe silent', params: { mode: 'silent' } });
  const s = await tp.admin('POST', `/jobs/${silent.id}/run`, { wait: true });
  assert.equal(s.status, 'Success');
  assert.match(s.message, /exit code 0 and wrote no message\.tc/);
});

test('one execution of a job at a time; a time limit stops a hung app', async () => {
  const job = await tp.admin('POST', '/jobs', { app: 'Runner_Probe_v1', name: 'probe slow', params: { mode: 'sleep', sleep_ms: '60000' }, timeoutSeconds: 2 });
  const started = await adminRaw('POST', `/jobs/${job.id}/run`, {});
  assert.equal(started.status, 202);
  assert.equal(started.body.status, 'Running');
  const second = await adminRaw('POST', `/jobs/${job.id}/run`, {});
  assert.equal(second.status, 409);
  assert.match(second.body.error, /already running/);
  const finished = await waitFor(async () => {
    const run = await tp.admin('GET', `/runs/${started.body.id}`);
    return run.status === 'Running' ? undefined : run;
  });
  assert.equal(finished.status, 'Failed');
  assert.equal(finished.exitCode, null);
  assert.match(finished.message, /Stopped after 2 s/);
});

test('a scheduled job runs by itself, each execution recorded with its exit code and message', async () => {
  const job = await tp.admin('POST', '/jobs', { app: 'Runner_Probe_v1', name: 'probe scheduled', params: {}, schedule: '* * * * * *' });
  assert.ok(job.nextRun, 'the job has a next run time');
  const runs = await waitFor(async () => {
    const r = await tp.admin('GET', `/runs?job=${job.id}`);
    return r.runs.filter((x: any) => x.status !== 'Running').length >= 2 ? r.runs : undefined;
  });
  await tp.admin('PUT', `/jobs/${job.id}`, { enabled: false });
  const done = runs.filter((r: any) => r.status !== 'Running').reverse();
  assert.deepEqual(done.slice(0, 2).map((r: any) => [r.trigger, r.exitCode, r.message]), [
    ['schedule', 0, 'ok run 1'],
    ['schedule', 0, 'ok run 2'],
  ]);
  const listed = await tp.admin('GET', '/jobs');
  const mine = listed.jobs.find((j: any) => j.id === job.id);
  assert.equal(mine.enabled, false);
  assert.equal(mine.nextRun, null);
});

test('a scheduled tick while the job still runs is skipped, never a second execution', async () => {
  const job = await tp.admin('POST', '/jobs', { app: 'Runner_Probe_v1', name: 'probe overlapping', params: { mode: 'sleep', sleep_ms: '2500' }, schedule: '* * * * * *' });
  let maxRunning = 0;
  const seen = await waitFor(async () => {
    const runs = (await tp.admin('GET', `/runs?job=${job.id}`)).runs;
    maxRunning = Math.max(maxRunning, runs.filter((r: any) => r.status === 'Running').length);
    const current = await tp.admin('GET', `/jobs/${job.id}`);
    return current.skippedOverlaps >= 1 && runs.some((r: any) => r.status === 'Success') ? current : undefined;
  });
  await tp.admin('PUT', `/jobs/${job.id}`, { enabled: false });
  assert.ok(seen.skippedOverlaps >= 1);
  assert.equal(maxRunning, 1);
});
