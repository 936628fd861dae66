import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import type { Cron } from 'croner';
import { loadInstallJson } from '../../contract/install-json.js';
import { writeParamFile } from '../../contract/param-file.js';
import { parseResultsTc } from '../../contract/results-tc.js';
import { loadTcexJson, type TcexJson } from '../../contract/tcex-json.js';
import { programMainFile } from '../../contract/tcx.js';
import { tcexPackage } from '../../app/version.js';
import { maskSecrets, registerSecret } from '../../core/secrets.js';
import { loadPlatform, PLATFORM_PACKAGE } from '../../testing/platform-package.js';

export interface RunOptions {
  dir: string;
  inputs?: string;
  profile?: string;
  entry?: string;
  schedule?: string;
  maxRuns?: number;
  localPlatform?: boolean;
  verbose?: boolean;
  env?: Record<string, string | undefined>;
  out?: (line: string) => void;
}

export interface RunRecord {
  exitCode: number;
  message: string;
  results: Record<string, string>;
  logFile: string;
}

const EXIT_MEANING: Record<number, string> = { 0: 'success', 1: 'failure', 3: 'partial failure' };
const SECRET_NAMES = /secret|token|password|api_key|apikey/i;

/** Replaces `${env.NAME}` in every string; a variable that is not set is an error naming where it is used. */
export function substituteEnv(value: unknown, env: Record<string, string | undefined>, where: string): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{env\.([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const v = env[name];
      if (v === undefined) throw new Error(`${where} uses \${env.${name}}, which is not set`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, env, `${where}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteEnv(v, env, `${where}.${k}`)]));
  }
  return value;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${existsSync(file) ? `not valid JSON (${(err as Error).message})` : 'not found'}`);
  }
}

/** The inputs of one profile or inputs file: `{ inputs }`, a 1.x profile `{ args: { app, default } }`, or a flat object. */
function inputsOf(doc: unknown, file: string): Record<string, unknown> {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${file}: must hold a JSON object of inputs`);
  const d = doc as Record<string, any>;
  if (d.inputs && typeof d.inputs === 'object') {
    const i = d.inputs as Record<string, any>;
    // the testing-profile layout splits inputs into defaults / optional / required
    if (i.defaults || i.required || i.optional) return { ...(i.defaults ?? {}), ...(i.optional ?? {}), ...(i.required ?? {}) };
    return i;
  }
  if (d.args && typeof d.args === 'object') {
    const a = d.args as Record<string, any>;
    return { ...(a.default ?? {}), ...(a.app?.optional ?? {}), ...(a.app?.required ?? {}) };
  }
  return d;
}

export function loadRunInputs(dir: string, tcex: TcexJson | undefined, options: Pick<RunOptions, 'inputs' | 'profile'>): { inputs: Record<string, unknown>; source: string } {
  if (options.inputs && options.profile) throw new Error('--inputs and --profile: choose one');
  if (options.profile) {
    const profileDir = join(dir, tcex?.run?.profile_dir ?? 'tcex.d/profiles');
    const direct = join(profileDir, `${options.profile}.json`);
    if (existsSync(direct)) return { inputs: inputsOf(readJson(direct), direct), source: direct };
    // 1.x profile files hold arrays of named profiles
    for (const name of existsSync(profileDir) ? readdirSync(profileDir).filter((f) => f.endsWith('.json')) : []) {
      const file = join(profileDir, name);
      const doc = readJson(file);
      const found = Array.isArray(doc) ? doc.find((p) => p?.profile_name === options.profile) : undefined;
      if (found) return { inputs: inputsOf(found, file), source: `${file} (${options.profile})` };
    }
    throw new Error(`--profile: no profile ${JSON.stringify(options.profile)} in ${profileDir}`);
  }
  const file = options.inputs ? resolve(options.inputs) : join(dir, tcex?.run?.inputs ?? 'app_inputs.json');
  if (!options.inputs && !existsSync(file)) return { inputs: {}, source: '(no inputs file)' };
  return { inputs: inputsOf(readJson(file), file), source: file };
}

function tsxLoader(dir: string): string {
  for (const from of [join(dir, 'package.json'), join(tcexPackage().root, 'package.json')]) {
    try {
      return pathToFileURL(createRequire(from).resolve('tsx')).href;
    } catch {
      // next
    }
  }
  throw new Error('run: the entry is TypeScript but tsx is not installed (npm install tsx, or build and use --entry dist/run.js)');
}

async function startLocalPlatform(): Promise<{ url: string; accessId: string; secretKey: string; orgName: string; close(): Promise<void> }> {
  // loaded only here: the platform is its own package, with a native database driver
  const { startPlatform } = await loadPlatform();
  const handle = await startPlatform({ port: 0, quiet: true });
  return { url: handle.url, accessId: handle.accessId, secretKey: handle.secretKey, orgName: 'Example Organization', close: () => handle.close() };
}

/** When and how big a file is (undefined when missing): tells whether a run rewrote it. */
function fileStamp(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const st = statSync(file);
  return `${st.mtimeMs}:${st.size}:${st.ino}`;
}

/** Runs the app the way a platform does: encrypted parameter file, fresh message.tc, results.tc fed back. */
export async function runLocal(options: RunOptions): Promise<RunRecord[]> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const env = options.env ?? process.env;
  const dir = resolve(options.dir);
  const installJson = loadInstallJson(dir);
  const tcex = existsSync(join(dir, 'tcex.json')) ? loadTcexJson(dir) : undefined;
  const { inputs: rawInputs, source } = loadRunInputs(dir, tcex, options);
  const entryFile = options.entry ?? tcex?.run?.entry;
  const entry = entryFile ? resolve(dir, entryFile) : programMainFile(dir, installJson);
  if (!existsSync(entry)) throw new Error(`run: entry ${entry} does not exist${entryFile ? '' : ' (build the app, or set run.entry in tcex.json)'}`);
  if (options.maxRuns !== undefined && (!Number.isInteger(options.maxRuns) || options.maxRuns < 1)) {
    throw new Error(`--max-runs: must be a whole number of at least 1, got ${options.maxRuns}`);
  }

  let platform: Awaited<ReturnType<typeof startLocalPlatform>> | undefined;
  const records: RunRecord[] = [];
  const runOnce = async (n: number): Promise<RunRecord> => {
    // with a local platform, ${env.TC_API_*} in the inputs file name that platform
    const platformEnv = platform ? { TC_API_PATH: platform.url, TC_API_ACCESS_ID: platform.accessId, TC_API_SECRET_KEY: platform.secretKey } : {};
    const inputs = substituteEnv(rawInputs, { ...env, ...platformEnv }, source) as Record<string, unknown>;
    const local = join(dir, 'local-run');
    const params: Record<string, unknown> = {
      tc_in_path: join(local, 'in'),
      tc_out_path: join(local, 'out'),
      tc_temp_path: join(local, 'temp'),
      tc_log_path: join(local, 'log'),
      ...inputs,
    };
    if (platform) {
      Object.assign(params, { tc_api_path: platform.url, tc_api_access_id: platform.accessId, tc_api_secret_key: platform.secretKey });
      params.tc_owner ??= platform.orgName;
    }
    for (const [name, value] of Object.entries(params)) if (SECRET_NAMES.test(name) && typeof value === 'string') registerSecret(value);
    const outPath = resolve(dir, String(params.tc_out_path));
    // like the platform: the last run's results.tc values come back as params
    const resultsFile = join(outPath, 'results.tc');
    if (existsSync(resultsFile)) Object.assign(params, parseResultsTc(readFileSync(resultsFile, 'utf8')));
    const resultsBefore = fileStamp(resultsFile);
    rmSync(join(outPath, 'message.tc'), { force: true });
    const { file, key } = await writeParamFile(join(resolve(dir, String(params.tc_in_path)), '.app_params.json'), params);

    const nodeArgs = /\.[cm]?ts$/.test(entry) ? ['--import', tsxLoader(dir), entry] : [entry];
    out(`run ${n}: ${entry.slice(dir.length + 1)} with inputs from ${source.startsWith(dir) ? source.slice(dir.length + 1) : source}`);
    const started = Date.now();
    const code = await new Promise<number>((done, fail) => {
      const child = spawn(process.execPath, nodeArgs, {
        cwd: dir,
        env: { ...env, TC_APP_PARAM_FILE: file, TC_APP_PARAM_KEY: key, ...(options.verbose ? { TCEX_LOG_ECHO: '1' } : {}) },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('error', fail);
      child.on('close', (c, signal) => done(c ?? (signal ? 1 : 1)));
    });
    const messageFile = join(outPath, 'message.tc');
    const message = existsSync(messageFile) ? readFileSync(messageFile, 'utf8').trimEnd() : '(no message.tc)';
    // a file this run did not write holds the previous run's values: not shown as this run's results
    const written = existsSync(resultsFile) && fileStamp(resultsFile) !== resultsBefore;
    const results = written ? parseResultsTc(readFileSync(resultsFile, 'utf8')) : {};
    const logFile = join(resolve(dir, String(params.tc_log_path)), String(params.tc_log_file ?? 'app.log'));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    out(`run ${n}: exit code ${code} (${EXIT_MEANING[code] ?? 'unknown'}) in ${seconds} s`);
    out(`  message: ${maskSecrets(message)}`);
    if (Object.keys(results).length) out(`  results.tc: ${maskSecrets(Object.entries(results).map(([k, v]) => `${k}=${v}`).join(', '))}`);
    else if (resultsBefore !== undefined && !written) out('  results.tc: not written by this run (the previous values are passed to the next run)');
    out(`  log: ${logFile}`);
    const record = { exitCode: code, message, results, logFile };
    records.push(record);
    return record;
  };

  try {
    if (options.localPlatform) {
      platform = await startLocalPlatform();
      out(`local platform at ${platform.url} (in memory, stops after the run)`);
    }
    if (!options.schedule) {
      await runOnce(1);
      return records;
    }
    await runScheduled(options.schedule, options.maxRuns, runOnce, out);
    return records;
  } finally {
    await platform?.close();
  }
}

/**
 * croner parses the schedule the way the platform's job runner does. It comes with the platform package, not with
 * tcex (an app never schedules itself), so it is loaded only for --schedule.
 */
async function loadCron(): Promise<typeof Cron> {
  try {
    return (await import('croner')).Cron;
  } catch (err) {
    throw new Error(`--schedule needs the croner package, which comes with ${PLATFORM_PACKAGE}: npm install --save-dev ${PLATFORM_PACKAGE} (or npm install --save-dev croner)`, { cause: err });
  }
}

/** Runs on a cron schedule, never two at once, until max runs or Ctrl+C. */
async function runScheduled(expression: string, maxRuns: number | undefined, runOnce: (n: number) => Promise<RunRecord>, out: (line: string) => void): Promise<void> {
  const Cron = await loadCron();
  let job: Cron;
  let count = 0;
  await new Promise<void>((done, fail) => {
    const stop = () => {
      job?.stop();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    try {
      job = new Cron(expression, { protect: () => out('previous run still going; this tick is skipped') }, async () => {
        count++;
        try {
          await runOnce(count);
        } catch (err) {
          job.stop();
          fail(err);
          return;
        }
        if (maxRuns !== undefined && count >= maxRuns) stop();
        else out(`next run at ${job.nextRun()?.toISOString() ?? '(none)'}`);
      });
    } catch (err) {
      fail(new Error(`--schedule: ${JSON.stringify(expression)} is not a cron expression (${(err as Error).message})`));
      return;
    }
    const next = job.nextRun();
    if (!next) {
      fail(new Error(`--schedule: ${JSON.stringify(expression)} never fires`));
      return;
    }
    out(`scheduled "${expression}"; first run at ${next.toISOString()}${maxRuns ? `; stopping after ${maxRuns} run(s)` : '; Ctrl+C stops'}`);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: must be a whole number of at least 1, got ${JSON.stringify(value)}`);
    return n;
  };
}

export function register(program: Command): void {
  program
    .command('run')
    .description('run the app locally as the platform would (encrypted params, message.tc, results.tc fed back)')
    .argument('[dir]', 'app directory', '.')
    .option('-i, --inputs <file>', 'inputs file ({"inputs": {...}}; default app_inputs.json); ${env.NAME} takes a value from the environment')
    .option('-p, --profile <name>', 'inputs from tcex.d/profiles/<name>.json')
    .option('-e, --entry <file>', 'file to start (default tcex.json run.entry, else install.json programMain)')
    .option('-s, --schedule <cron>', 'run on a cron schedule (e.g. "*/5 * * * *") until Ctrl+C')
    .option('--max-runs <n>', 'with --schedule: stop after this many runs', positiveInt('--max-runs'))
    .option('--local-platform', 'start an in-memory local platform and point the app at it')
    .option('-v, --verbose', "copy the app's log lines to the terminal")
    .action(async (dir: string, opts: Omit<RunOptions, 'dir'>) => {
      if (opts.maxRuns !== undefined && !opts.schedule) throw new Error('--max-runs: only with --schedule');
      const records = await runLocal({ dir, ...opts });
      const last = records[records.length - 1];
      process.exitCode = opts.schedule ? 0 : (last?.exitCode ?? 1);
    });
}
