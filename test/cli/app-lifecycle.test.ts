// init → test → run → package → unpack → run of the job template, against a real platform started here.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import yauzl from 'yauzl';
import { extractTcx, parseResultsTc, programMainFile, writeParamFile, type ExtractedApp } from '../../src/index.js';
import { usePlatform } from '../helpers/platform.js';
import { buildDist, tcex } from './helpers.js';

const platform = usePlatform();
const work = mkdtempSync(join(tmpdir(), 'tcex-lifecycle-'));
const project = join(work, 'owner-report');
after(() => rmSync(work, { recursive: true, force: true }));
before(() => buildDist());

function zipEntries(file: string): Promise<string[]> {
  return new Promise((done, fail) => {
    yauzl.open(file, { lazyEntries: false }, (err, zip) => {
      if (err) return fail(err);
      const names: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => names.push(e.fileName));
      zip.on('end', () => done(names));
    });
  });
}

function node(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => done({ code, output }));
  });
}

/** Starts an unpacked app as the platform's runner does: `node <programMain>` in its folder, params in an encrypted file. */
async function startPackaged(app: ExtractedApp, exec: string, params: Record<string, unknown>) {
  const { file, key } = await writeParamFile(join(exec, 'params.enc'), {
    tc_api_path: platform.handle.url,
    tc_api_access_id: platform.handle.accessId,
    tc_api_secret_key: platform.handle.secretKey,
    tc_owner: 'Example Organization',
    tc_out_path: join(exec, 'out'),
    tc_log_path: join(exec, 'log'),
    tc_temp_path: join(exec, 'temp'),
    ...params,
  });
  return node([programMainFile(app.appDir, app.installJson)], app.appDir, { TC_APP_PARAM_FILE: file, TC_APP_PARAM_KEY: key });
}

describe('job template lifecycle', () => {
  let tcxFile = '';

  test('tcex init creates a project linked to this checkout', async () => {
    const res = await tcex(['init', project, '--template', 'job', '--name', 'Owner Report']);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /Created "Owner Report" \(job\)/);
    for (const f of ['install.json', 'tcex.json', 'package.json', 'src/app.ts', 'src/run.ts', 'test/app.test.ts', '.gitignore', 'app_inputs.json']) {
      assert.ok(existsSync(join(project, f)), `${f} exists`);
    }
    assert.ok(lstatSync(join(project, 'node_modules', 'tcex')).isSymbolicLink());
    const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
    assert.match(pkg.dependencies.tcex, /^file:\//);
    const ij = JSON.parse(readFileSync(join(project, 'install.json'), 'utf8'));
    assert.equal(ij.displayName, 'Owner Report');
    assert.equal(JSON.parse(readFileSync(join(project, 'tcex.json'), 'utf8')).package.app_name, 'Owner_Report');
  });

  test('the new project validates and passes its own tests', async () => {
    const valid = await tcex(['validate', project]);
    assert.equal(valid.code, 0, valid.stdout);
    assert.match(valid.stdout, /^valid: 0 error\(s\)/m);
    const tests = await node(['--import', 'tsx', '--test', 'test/app.test.ts'], project, {});
    assert.equal(tests.code, 0, tests.output);
    assert.match(tests.output, /# pass 2/);
  });

  test('tcex run runs it against the platform with ${env.*} inputs and feeds results.tc back', async () => {
    const env = { TC_API_PATH: platform.handle.url, TC_API_ACCESS_ID: platform.handle.accessId, TC_API_SECRET_KEY: platform.handle.secretKey };
    const first = await tcex(['run', project], { env });
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /exit code 0 \(success\)/);
    assert.match(first.stdout, /message: Owner Example Organization \(Organization\) is reachable/);
    const lastRun = parseResultsTc(readFileSync(join(project, 'local-run', 'out', 'results.tc'), 'utf8')).last_run;
    assert.match(lastRun, /^\d{4}-/);
    const second = await tcex(['run', project], { env });
    assert.equal(second.code, 0);
    assert.match(readFileSync(join(project, 'local-run', 'log', 'app.log'), 'utf8'), new RegExp(`previous run: ${lastRun}`));
    assert.ok(!readFileSync(join(project, 'local-run', 'log', 'app.log'), 'utf8').includes(platform.handle.secretKey));
    assert.deepEqual(readdirSync(join(project, 'local-run', 'in')), [], 'the parameter file was deleted');
  });

  test('tcex package writes a .tcx with one top folder, the built app and real dependency files', async () => {
    const res = await tcex(['package', project]);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /^build: tsc -p tsconfig.json$/m);
    assert.match(res.stdout, /packaged Owner_Report_v1: \d+ file\(s\), \d+ bundled package\(s\)/);
    tcxFile = join(project, 'target', 'Owner_Report_v1.tcx');
    const names = await zipEntries(tcxFile);
    assert.deepEqual([...new Set(names.map((n) => n.split('/')[0]))], ['Owner_Report_v1']);
    for (const must of ['install.json', 'package.json', 'dist/run.js', 'dist/app.js', 'node_modules/tcex/dist/src/index.js', 'node_modules/zod/package.json', 'node_modules/undici/package.json']) {
      assert.ok(names.includes(`Owner_Report_v1/${must}`), `${must} is packaged`);
    }
    for (const never of ['src/', 'test/', 'tsconfig.json', 'tcex.json', 'app_inputs.json', 'local-run/', 'node_modules/better-sqlite3/', 'node_modules/tsx/', 'node_modules/typescript/', 'node_modules/tcex/src/', 'node_modules/tcex/node_modules/']) {
      assert.ok(!names.some((n) => n.startsWith(`Owner_Report_v1/${never}`)), `${never} is not packaged`);
    }
  });

  test('the unpacked package runs with plain node and a parameter file, as a platform runner starts it', async () => {
    const unpacked = join(work, 'installed');
    const app = await extractTcx(tcxFile, unpacked);
    assert.equal(app.folder, 'Owner_Report_v1');
    assert.equal(app.installJson.programMain, 'dist/run.js');
    const exec = join(work, 'exec-1');
    const res = await startPackaged(app, exec, { last_run: '2024-01-01T00:00:00Z' });
    assert.equal(res.code, 0, res.output);
    assert.match(readFileSync(join(exec, 'out', 'message.tc'), 'utf8'), /^Owner Example Organization \(Organization\) is reachable; \d+ owner\(s\) visible\.\n$/);
    assert.match(readFileSync(join(exec, 'log', 'app.log'), 'utf8'), /previous run: 2024-01-01T00:00:00Z/);
    assert.match(readFileSync(join(exec, 'out', 'results.tc'), 'utf8'), /^last_run = \d{4}-/);
  });
});
