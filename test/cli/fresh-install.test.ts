// A new user's path from a clone, as the README writes it: `npm install -g <clone>` puts `tcex` on the PATH
// (offline: npm links the folder), then `tcex init` in any folder outside the clone makes a project whose
// package.json depends on this package through `file:` and whose tests pass at once, without the registry.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildDist, REPO } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'tcex-fresh-'));
const prefix = join(work, 'global');
after(() => rmSync(work, { recursive: true, force: true }));
before(() => buildDist());

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(cmd, args, {
      cwd,
      // no registry reachable: anything that tries one fails instead of hanging
      env: { PATH: `${join(prefix, 'bin')}${delimiter}${process.env.PATH ?? ''}`, HOME: work, npm_config_registry: 'http://127.0.0.1:9/', CI: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => done({ code, output }));
  });
}

test('npm install -g <clone> gives the tcex command; tcex init outside the clone makes a project that tests green offline', async () => {
  const installed = await run('npm', ['install', '-g', REPO, '--prefix', prefix, '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], work);
  assert.equal(installed.code, 0, installed.output);
  const bin = join(prefix, 'bin', 'tcex');
  assert.ok(existsSync(bin), 'tcex is on the PATH');

  const init = await run('tcex', ['init', 'my-app', '--template', 'job', '--name', 'My App'], work);
  assert.equal(init.code, 0, init.output);
  const project = join(work, 'my-app');
  const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
  assert.equal(pkg.dependencies.tcex, `file:${realpathSync(REPO).split('\\').join('/')}`, 'the dependency names the package init ran from');
  assert.equal(realpathSync(join(project, 'node_modules', 'tcex')), realpathSync(REPO));

  const tests = await run(process.execPath, ['--import', 'tsx', '--test', 'test/app.test.ts'], project);
  assert.equal(tests.code, 0, tests.output);
  assert.match(tests.output, /# pass 2/);
  const valid = await run('tcex', ['validate'], project);
  assert.equal(valid.code, 0, valid.output);
});
