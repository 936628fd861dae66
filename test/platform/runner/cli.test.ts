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
  assert.match(ran.stdout, /^ {2}GET \/v2\/owners -> 200/m);

  const listed = await tcex('jobs');
  assert.match(listed.stdout, /nightly\s+Runner_Probe_v1\s+0 0 3 \* \* \*\s+yes\s+PartialFailure/);

  const runs = await tcex('runs', 'nightly');
  assert.match(runs.stdout, /demand\s+PartialFailure\s+3/);
  const runId = /^(\d+)\s/m.exec(runs.stdout.split('\n')[1])?.[1];
  const log = await tcex('runs', '--log', String(runId));
  assert.match(log.stdout, /GET \/v2\/owners -> 200/);
});

test('runs --help shows each default once', async () => {
  const help = await tcex('runs', '--help');
  assert.match(help.stdout, /how many runs \(default: 20\)/);
  assert.doesNotMatch(help.stdout, /\(default 20\)/);
});

test('owners create makes the default API user a member who may write, unless told otherwise; owners list shows members', async () => {
  const created = await tcex('owners', 'create', 'abuse.ch URLhaus', '--type', 'Source');
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, new RegExp(`owner \\d+: abuse\\.ch URLhaus \\(Source\\); members: ${tp.handle.accessId} \\(Editor\\)`));
  // the default credentials now write into it, as a feed job would
  const client = tp.client({ retries: 0 });
  const host = await client.v2('POST', '/v2/indicators/hosts', { query: { owner: 'abuse.ch URLhaus' }, body: { hostName: 'owner-cli.example.com' } });
  assert.equal(host.host.owner.name, 'abuse.ch URLhaus');

  const readOnly = await tcex('owners', 'create', 'Read Only Source', '--default-user', 'read');
  assert.match(readOnly.stdout, /\(Read Only User, read only\)/);
  const closed = await tcex('owners', 'create', 'Closed Source', '--default-user', 'none');
  assert.match(closed.stdout, /members: none/);
  await assert.rejects(client.v2('POST', '/v2/indicators/hosts', { query: { owner: 'Closed Source' }, body: { hostName: 'x.example.com' } }), (err: any) => {
    assert.equal(err.status, 403);
    assert.match(err.serverMessage, /^The requested owner was not found \(owner "Closed Source" exists, but this user is not a member of it\)$/);
    return true;
  });

  const bad = await tcex('owners', 'create', 'X', '--type', 'Team');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /--type.*Team.*Organization, Community, Source/s);

  const listed = await tcex('owners', 'list');
  assert.match(listed.stdout, /abuse\.ch URLhaus\s+Source\s+\d+ \(Editor\)/);
  assert.match(listed.stdout, /Closed Source\s+Source\s*$/m);
  const viaAdmin = await tp.admin('POST', '/owners', { name: 'Admin Source', type: 'Source' });
  assert.deepEqual(viaAdmin.members, [{ userName: tp.handle.accessId, role: 'Editor', canWrite: true }]);
});
