// A new user's path from a clone, as the README writes it: `npm install -g <clone>` puts `tcex` on the PATH
// (offline: npm links the folder), then `tcex init` in any folder outside the clone makes a project whose
// package.json depends on this package through `file:` and whose tests pass at once, without the registry.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildDist, REPO, tcex } from './helpers.js';

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

/** Where `name` is installed as seen from a package folder (Node's lookup: node_modules up the tree). */
function packageDir(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The packages in the production dependency closure of a package folder that would build a native module when
 * installed from a registry: a binding.gyp, `gypfile`, or an install script (what runs node-gyp or prebuild).
 */
function nativeInClosure(start: string): { packages: string[]; native: string[] } {
  const seen = new Set<string>();
  const native: string[] = [];
  const queue = [realpathSync(start)];
  while (queue.length) {
    const dir = queue.shift() as string;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const scripts = pkg.scripts ?? {};
    if (seen.size > 0 && (pkg.gypfile || existsSync(join(dir, 'binding.gyp')) || scripts.install || scripts.preinstall || scripts.postinstall)) native.push(pkg.name);
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      const found = packageDir(dir, name);
      if (found && !seen.has(found)) {
        seen.add(found);
        queue.push(found);
      }
    }
  }
  return { packages: [...seen].map((d) => JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')).name), native };
}

test('an app made by tcex init installs offline without any native module: the platform is only a devDependency', async () => {
  const project = join(work, 'native-free');
  const init = await tcex(['init', project, '--template', 'batch-feed', '--name', 'Native Free'], { cwd: work });
  assert.equal(init.code, 0, init.stderr);
  const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
  assert.equal(pkg.devDependencies['@tcex/platform'], `file:${realpathSync(join(REPO, 'packages', 'platform')).split('\\').join('/')}`);
  assert.equal(pkg.dependencies['@tcex/platform'], undefined);

  // the full install (what the app's own tests use): the platform comes linked from the clone, nothing is fetched
  const full = await run('npm', ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], project);
  assert.equal(full.code, 0, full.output);
  assert.equal(realpathSync(join(project, 'node_modules', '@tcex', 'platform')), realpathSync(join(REPO, 'packages', 'platform')));

  // the production install (what runs on ThreatConnect): no platform, no SQLite driver, no native build step
  const prod = await run('npm', ['install', '--omit=dev', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], project);
  assert.equal(prod.code, 0, prod.output);
  assert.doesNotMatch(prod.output, /gyp|prebuild/);
  assert.ok(existsSync(join(project, 'node_modules', 'tcex', 'package.json')));
  for (const absent of ['@tcex/platform', 'better-sqlite3', 'croner']) {
    assert.equal(existsSync(join(project, 'node_modules', absent)), false, `${absent} is not installed`);
  }

  // what a registry install of the app would fetch: tcex and its dependencies, none of which builds anything
  const app = nativeInClosure(project);
  assert.ok(app.packages.includes('tcex') && app.packages.includes('zod'), app.packages.join(' '));
  assert.deepEqual(app.native, []);
  // the same walk over the platform package finds its native driver (so the check above can fail)
  assert.ok(nativeInClosure(join(REPO, 'packages', 'platform')).native.includes('better-sqlite3'));
});

test('the compiled tcex command without the platform package says how to install it', async () => {
  // a copy of the compiled tcex package whose node_modules has everything but @tcex/platform
  const copy = join(work, 'tcex-alone');
  mkdirSync(join(copy, 'node_modules'), { recursive: true });
  for (const part of ['dist', 'bin', 'package.json']) cpSync(join(REPO, part), join(copy, part), { recursive: true });
  for (const name of readdirSync(join(REPO, 'node_modules'))) {
    if (name !== '@tcex') symlinkSync(join(REPO, 'node_modules', name), join(copy, 'node_modules', name));
  }
  const res = await run(process.execPath, [join(copy, 'bin', 'tcex.js'), 'platform', 'start', '--memory', '--port', '0'], work);
  assert.equal(res.code, 1, res.output);
  assert.match(res.output, /the local platform is a separate package, @tcex\/platform, and it is not installed here/);
  assert.match(res.output, /npm install --save-dev @tcex\/platform/);
  // the commands that do not need the platform still work
  const help = await run(process.execPath, [join(copy, 'bin', 'tcex.js'), 'validate', '--help'], work);
  assert.equal(help.code, 0, help.output);
});
