// tcex/testing and the two-package split: the tcex package reaches the platform package only by name at run time,
// app authors get a platform (local or live), a typed admin client and runApp.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { JobApp } from '../../src/app/job-app.js';
import {
  liveSettings,
  loadPlatform,
  PlatformNotInstalledError,
  runApp,
  startTestPlatform,
  type PlatformModule,
  type TestPlatform,
} from '../../src/testing/index.js';

const REPO = resolve('.');
const work = mkdtempSync(join(tmpdir(), 'tcex-testing-'));
after(() => rmSync(work, { recursive: true, force: true }));

// Type-checked: the platform's real entry offers what the tcex side expects of it.
const platformEntry: Promise<PlatformModule> = import('../../src/platform/index.js');

describe('the two packages', () => {
  test('manifests: tcex has no native or scheduler dependency; the platform package has them; one workspace', () => {
    const root = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    const platform = JSON.parse(readFileSync(join(REPO, 'packages', 'platform', 'package.json'), 'utf8'));
    assert.deepEqual(root.workspaces, ['packages/platform']);
    for (const dep of ['better-sqlite3', 'croner']) {
      assert.equal(root.dependencies[dep], undefined, `tcex does not depend on ${dep}`);
      assert.ok(platform.dependencies[dep], `@tcex/platform depends on ${dep}`);
    }
    assert.equal(platform.name, '@tcex/platform');
    assert.equal(root.peerDependenciesMeta['@tcex/platform'].optional, true);
    assert.ok(root.exports['./testing'] && !root.exports['./platform'], 'tcex/testing is exported, tcex/platform no longer');
  });

  test('importing the SDK, tcex/feed, tcex/testing and the CLI commands loads no platform file, SQLite or croner', () => {
    const log = join(work, 'resolved.txt');
    writeFileSync(log, '');
    const hooks = join(work, 'hooks.mjs');
    writeFileSync(
      hooks,
      "import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(process.env.RESOLVED_LOG, r.url + '\\n'); return r; }\n",
    );
    const register = `data:text/javascript,import{register}from'node:module';register(${JSON.stringify(pathToFileURL(hooks).href)})`;
    const entries = ['src/index.ts', 'src/feed/index.ts', 'src/testing/index.ts', 'src/cli/commands/index.ts'];
    const code = entries.map((e) => `await import(${JSON.stringify(pathToFileURL(join(REPO, e)).href)});`).join('');
    const res = spawnSync(process.execPath, ['--import', 'tsx', '--import', register, '--input-type=module', '-e', code], {
      cwd: REPO,
      env: { ...process.env, RESOLVED_LOG: log },
      encoding: 'utf8',
    });
    assert.equal(res.status, 0, res.stderr);
    const loaded = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    assert.ok(loaded.some((u) => u.endsWith('/src/testing/platform-package.ts')), 'the hook saw the modules loaded');
    assert.deepEqual(loaded.filter((u) => /\/src\/platform\/|better-sqlite3|croner|@tcex\/platform/.test(u)), []);
  });

  test('loadPlatform loads the platform (from its sources here), whose entry has what tcex uses', async () => {
    const [loaded, real] = await Promise.all([loadPlatform(), platformEntry]);
    assert.equal(loaded.startPlatform, real.startPlatform);
    assert.equal(typeof loaded.startPlatformProcess, 'function');
    assert.equal(loaded.consoleUrl('http://127.0.0.1:1', 'k k'), 'http://127.0.0.1:1/#key=k%20k');
  });

  test('a platform package that is not installed is said, with how to install it', async () => {
    const err = await loadPlatform('@tcex/no-such-platform').then(
      () => assert.fail('loaded'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof PlatformNotInstalledError);
    assert.equal(err.errorCode, 'PLATFORM_NOT_INSTALLED');
    assert.match(err.message, /@tcex\/platform, and it is not installed here \(@tcex\/no-such-platform not found\)/);
    assert.match(err.message, /npm install --save-dev @tcex\/platform/);
  });
});

const Inputs = z.object({ tc_owner: z.string(), greeting: z.string() });
class OwnerApp extends JobApp<typeof Inputs> {
  static override readonly inputs = Inputs;
  async run(): Promise<void> {
    const { owner } = await this.tc.v2<{ owner: Array<{ name: string }> }>('GET', '/v2/owners');
    if (!owner.some((o) => o.name === this.inputs.tc_owner)) this.exit(1, `no owner ${this.inputs.tc_owner}`);
    this.results.set('seen', String(owner.length));
    this.exitMessage = `${this.inputs.greeting}: ${owner.length} owner(s)`;
  }
}

describe('startTestPlatform (local) with its admin client, and runApp', () => {
  let platform: TestPlatform;
  before(async () => {
    platform = await startTestPlatform({ mode: 'local' });
  });
  after(() => platform.close());

  test('the local platform answers the API with its default user; the admin client creates owners', async () => {
    assert.equal(platform.mode, 'local');
    assert.equal(platform.owner, 'Example Organization');
    assert.match(platform.url, /^http:\/\/127\.0\.0\.1:\d+\/api$/);
    const created = await platform.admin!.createOwner({ name: 'Second Org' });
    assert.equal(created.name, 'Second Org');
    assert.ok((await platform.admin!.owners()).some((o) => o.name === 'Second Org'));
    const { owner } = await platform.client().v2<{ owner: Array<{ name: string }> }>('GET', '/v2/owners');
    assert.ok(owner.some((o) => o.name === 'Second Org'), 'the default user may use the new owner');
    await assert.rejects(platform.admin!.call('POST', '/owners', { name: '' }), /admin POST \/owners -> 400/);
  });

  test('runApp runs a job app with the platform as its standard args; params override them', async () => {
    const run = await runApp(OwnerApp, platform, { cwd: join(REPO, 'templates', 'job'), params: { greeting: 'hi' } });
    try {
      assert.equal(run.exitCode, 0, run.message);
      assert.match(run.message, /^hi: \d+ owner\(s\)$/);
      assert.equal(readFileSync(join(run.workDir, 'out', 'message.tc'), 'utf8'), `${run.message}\n`);
      assert.ok(Number(run.results.seen) >= 1);
    } finally {
      run.cleanUp();
    }
    const other = await runApp(OwnerApp, platform, { cwd: join(REPO, 'templates', 'job'), params: { greeting: 'hi', tc_owner: 'Nobody Inc' } });
    other.cleanUp();
    assert.equal(other.exitCode, 1);
    assert.equal(other.message, 'no owner Nobody Inc');
  });
});

describe('live mode selection', () => {
  const LIVE = { TC_API_PATH: 'http://127.0.0.1:9/api', TC_API_ACCESS_ID: 'id-1', TC_API_SECRET_KEY: 'secret-1', TC_OWNER: 'Acme' };

  test('all three TC_API_* variables select a real ThreatConnect; the admin client is absent there', async () => {
    assert.equal(liveSettings({}), undefined);
    const live = await startTestPlatform({ env: LIVE });
    assert.equal(live.mode, 'live');
    assert.equal(live.admin, undefined);
    assert.deepEqual(live.params(), { tc_api_path: LIVE.TC_API_PATH, tc_api_access_id: 'id-1', tc_api_secret_key: 'secret-1', tc_owner: 'Acme' });
    await live.close();
  });

  test('some but not all of the four variables, or live mode without them, stops with what is missing', async () => {
    await assert.rejects(startTestPlatform({ env: { TC_API_PATH: LIVE.TC_API_PATH } }), /missing: TC_API_ACCESS_ID, TC_API_SECRET_KEY, TC_OWNER$/);
    await assert.rejects(startTestPlatform({ env: { ...LIVE, TC_OWNER: undefined } }), /missing: TC_OWNER$/);
    await assert.rejects(startTestPlatform({ mode: 'live', env: {} }), /live mode needs all of TC_API_PATH, TC_API_ACCESS_ID, TC_API_SECRET_KEY, TC_OWNER; none is set/);
    const local = await startTestPlatform({ mode: 'local', env: { TC_API_PATH: LIVE.TC_API_PATH } });
    assert.equal(local.mode, 'local', 'mode local ignores the variables');
    await local.close();
  });
});
