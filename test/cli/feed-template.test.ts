// init → the app's own tests → validate → package → install in the job runner → three runs, for the batch-feed
// template (built on tcex/feed), against a real platform started here. Its own file: the steps are slow.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { usePlatform } from '../helpers/platform.js';
import { installApp } from '../feeds/platform-helpers.js';
import { buildDist, tcex } from './helpers.js';

const platform = usePlatform();
const work = mkdtempSync(join(tmpdir(), 'tcex-feed-template-'));
after(() => rmSync(work, { recursive: true, force: true }));
before(() => buildDist());

function node(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => done({ code, output }));
  });
}

describe('batch feed template lifecycle', () => {
  const feedProject = join(work, 'c2-feed');

  test('init, its own tests, validate and package', async () => {
    const init = await tcex(['init', feedProject, '--template', 'batch-feed', '--name', 'C2 Feed']);
    assert.equal(init.code, 0, init.stderr);
    const tests = await node(['--import', 'tsx', '--test', 'test/feed.test.ts'], feedProject);
    assert.equal(tests.code, 0, tests.output);
    assert.match(tests.output, /# pass 3/);
    const valid = await tcex(['validate', feedProject]);
    assert.match(valid.stdout, /^feed\.job\.json: ok$/m);
    assert.match(valid.stdout, /^valid: 0 error\(s\)/m);
    const pack = await tcex(['package', feedProject]);
    assert.equal(pack.code, 0, pack.stderr);
  });

  test('installed in the job runner: the bundled sample by default, the second run sends nothing, a removed row is deleted', async () => {
    const installed = await installApp(platform, join(feedProject, 'target', 'C2_Feed_v1.tcx'));
    assert.equal(installed.installJson.feeds?.[0].jobFile, 'feed.job.json');
    const job = await platform.admin('POST', '/jobs', { app: 'C2_Feed_v1', name: 'c2 feed', params: { tc_owner: 'Example Organization' } });
    const run = () => platform.admin('POST', `/jobs/${job.id}/run`, { wait: true });
    const count = async () => (await platform.client().v2<any>('GET', '/v2/indicators/addresses', { query: { owner: 'Example Organization', resultLimit: '1' } })).resultCount;

    const first = await run();
    assert.equal(first.status, 'Success', first.message);
    assert.match(first.message, /^28 Address, 1 Malware: 29 submitted, 0 unchanged/);
    assert.equal(await count(), 28);
    const second = await run();
    assert.match(second.message, /^28 Address, 1 Malware: 0 submitted, 29 unchanged/);

    const sample = readFileSync(join(feedProject, 'sample', 'ipblocklist.csv'), 'utf8');
    const firstRow = sample.split('\n').find((l) => l.startsWith('"') && !l.startsWith('"first_seen_utc"')) as string;
    const shorter = join(work, 'c2-shorter.csv');
    writeFileSync(shorter, sample.replace(`${firstRow}\n`, ''));
    await platform.admin('PUT', `/jobs/${job.id}`, { params: { tc_owner: 'Example Organization', source: shorter } });
    const third = await run();
    assert.equal(third.status, 'Success', third.message);
    assert.match(third.message, /^27 Address, 1 Malware: 0 submitted, 28 unchanged; 1 left the feed \(deleted\)/);
    assert.equal(await count(), 27);
  });
});
