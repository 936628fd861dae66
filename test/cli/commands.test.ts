// The tcex app commands: help, bad usage, validate, and run with profiles, ${env.*} and a schedule.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { tcex } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'tcex-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));
const MODES_APP = resolve('test/app/fixtures/modes-app');

function inputsFile(name: string, inputs: Record<string, unknown>): { file: string; dir: string } {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'inputs.json');
  const paths = { tc_in_path: join(dir, 'in'), tc_out_path: join(dir, 'out'), tc_temp_path: join(dir, 'temp'), tc_log_path: join(dir, 'log') };
  writeFileSync(file, JSON.stringify({ inputs: { ...paths, ...inputs } }));
  return { file, dir };
}

describe('tcex app commands', () => {
  test('every command has --help', async () => {
    for (const command of ['init', 'run', 'package', 'validate']) {
      const res = await tcex([command, '--help']);
      assert.equal(res.code, 0, command);
      assert.match(res.stdout, new RegExp(`^Usage: tcex ${command} \\[options\\]`), command);
    }
  });

  test('bad usage exits non-zero with a one-line reason', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['init', join(work, 'x'), '--template', 'playbook'], /^tcex: --template: must be one of job, batch-feed, got "playbook"$/],
      [['init', MODES_APP], /is not empty; choose an empty directory or pass --force/],
      [['run', MODES_APP, '--max-runs', '2'], /^tcex: --max-runs: only with --schedule$/],
      [['run', MODES_APP, '--schedule', '* * * * * *', '--max-runs', 'two'], /--max-runs: must be a whole number of at least 1, got "two"/],
      [['run', work], /install\.json: cannot be read/],
      [['run', MODES_APP, '--entry', 'run.ts', '--schedule', 'every tuesday', '--inputs', inputsFile('cron', {}).file], /^tcex: --schedule: "every tuesday" is not a cron expression/],
      [['package', work], /install\.json: cannot be read/],
      [['run', MODES_APP, '--bogus'], /unknown option '--bogus'/],
    ];
    for (const [args, reason] of cases) {
      const res = await tcex(args);
      assert.notEqual(res.code, 0, args.join(' '));
      const lines = res.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `one line for ${args.join(' ')}: ${res.stderr}`);
      assert.match(lines[0], reason);
    }
  });

  test('validate lists every problem of a broken app and exits 1', async () => {
    const dir = join(work, 'broken-app');
    mkdirSync(dir, { recursive: true });
    cpSync('test/app/fixtures/install-json/broken-feed.json', join(dir, 'install.json'));
    writeFileSync(join(dir, 'tcex.json'), JSON.stringify({ package: { app_name: 'Broken App' } }));
    writeFileSync(join(dir, 'feed.job.json'), JSON.stringify({ jobName: 'Broken', programName: 'Broken_v1', programVersion: '1.0.0', params: [{ name: 'nope' }] }));
    const res = await tcex(['validate', dir]);
    assert.equal(res.code, 1);
    assert.match(res.stdout, /^install\.json: 21 error\(s\), 2 warning\(s\)$/m);
    assert.match(res.stdout, /^ {2}feeds\[0\]\.deprecation\[0\]\.indicatorType: not a standard indicator type \(got "IP Address"\)$/m);
    assert.match(res.stdout, /^tcex\.json: 1 error\(s\)/m);
    assert.match(res.stdout, /^feed\.job\.json: 1 error\(s\)/m);
    assert.match(res.stdout, /\(job\)\.params\[0\]\.name: names no param in install\.json \(got "nope"\)/);
    assert.match(res.stdout, /^invalid: 23 error\(s\), 2 warning\(s\)$/m);
  });

  test('run reads a profile, substitutes ${env.NAME}, and names a missing variable', async () => {
    // a copy of the fixture app, so the profile can live in the app's own tcex.d/profiles
    const dir = join(work, 'profiled');
    mkdirSync(join(dir, 'tcex.d', 'profiles'), { recursive: true });
    const src = pathToFileURL(resolve('src/index.ts')).href;
    writeFileSync(join(dir, 'package.json'), '{"type": "module"}');
    for (const f of ['install.json', 'app.ts', 'run.ts']) {
      writeFileSync(join(dir, f), readFileSync(join(MODES_APP, f), 'utf8').replace('../../../../src/index.js', src));
    }
    const paths = { tc_in_path: join(dir, 'in'), tc_out_path: join(dir, 'out'), tc_log_path: join(dir, 'log') };
    writeFileSync(
      join(dir, 'tcex.d', 'profiles', 'nightly.json'),
      JSON.stringify({ inputs: { ...paths, tc_owner: '${env.FEED_OWNER}', confidence: '${env.FEED_CONFIDENCE}', include_inactive: true } }),
    );
    const ok = await tcex(['run', dir, '--entry', 'run.ts', '--profile', 'nightly'], { env: { FEED_OWNER: 'Env Owner', FEED_CONFIDENCE: '42' } });
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /message: ok with confidence 42 inactive true/);
    const missing = await tcex(['run', dir, '--entry', 'run.ts', '--profile', 'nightly'], { env: { FEED_OWNER: 'x' } });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nightly\.json\.confidence uses \$\{env\.FEED_CONFIDENCE\}, which is not set/);
  });

  test('the app exit code becomes the command exit code', async () => {
    const { file } = inputsFile('partial', { tc_owner: 'O', mode: 'partial' });
    const res = await tcex(['run', MODES_APP, '--entry', 'run.ts', '--inputs', file]);
    assert.equal(res.code, 3);
    assert.match(res.stdout, /exit code 3 \(partial failure\)/);
    assert.match(res.stdout, /message: Some rows were rejected\./);
  });

  test('after a failed run the previous run\'s results.tc is not shown as this run\'s', async () => {
    const { file, dir } = inputsFile('results-then-fail', { tc_owner: 'O', mode: 'results' });
    const first = await tcex(['run', MODES_APP, '--entry', 'run.ts', '--inputs', file]);
    assert.match(first.stdout, /results\.tc: last_run=run-1, run_count=1/);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ inputs: { ...saved.inputs, mode: 'fail' } }));
    const failed = await tcex(['run', MODES_APP, '--entry', 'run.ts', '--inputs', file]);
    assert.equal(failed.code, 1);
    assert.doesNotMatch(failed.stdout, /results\.tc: last_run/);
    assert.match(failed.stdout, /results\.tc: not written by this run/);
    assert.equal(readFileSync(join(dir, 'out', 'results.tc'), 'utf8'), 'last_run = run-1\nrun_count = 1\n', 'kept for the next run');
  });

  test('a schedule runs the app on each tick, carrying results.tc between runs', async () => {
    const { file, dir } = inputsFile('scheduled', { tc_owner: 'O', mode: 'results' });
    const res = await tcex(['run', MODES_APP, '--entry', 'run.ts', '--inputs', file, '--schedule', '* * * * * *', '--max-runs', '2']);
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.match(res.stdout, /scheduled "\* \* \* \* \* \*"; first run at .*; stopping after 2 run\(s\)/);
    assert.match(res.stdout, /run 1: exit code 0[\s\S]*message: previous none/);
    assert.match(res.stdout, /run 2: exit code 0[\s\S]*message: previous run-1/);
    assert.equal(readFileSync(join(dir, 'out', 'results.tc'), 'utf8'), 'last_run = run-2\nrun_count = 2\n');
  });
});
