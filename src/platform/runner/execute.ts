import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { writeParamFile } from '../../app/param-file.js';
import { parseResultsTc } from '../../app/results-tc.js';
import { maskSecrets } from '../../utils/secrets.js';
import { pathProblem, readInside } from './paths.js';

export interface ExecutionPaths {
  in: string;
  out: string;
  temp: string;
  log: string;
}

export interface ExecutionRequest {
  /** the unpacked app folder (the working directory of the process) */
  appDir: string;
  programMain: string;
  /** folder for this execution's in/out/temp/log paths and its parameter file */
  runDir: string;
  /** every param the app gets, paths excepted (added here) */
  params: Record<string, unknown>;
  timeoutMs: number;
  /** strings to blank out of the captured log (the execution's tokens; a function to get the renewals too) */
  secrets: string[] | (() => string[]);
  /** aborted when the platform closes: the app is stopped */
  signal?: AbortSignal;
  /** called with the process group id once the app's supervisor runs (kept to end a leftover group at restart) */
  onStart?: (pgid: number) => void;
}

export interface ExecutionResult {
  exitCode: number | null;
  /** why the process ended without an exit code of its own */
  stopped?: 'timeout' | 'platform closing' | 'platform died' | 'could not start';
  message: string | null;
  results: Record<string, string> | null;
  log: string;
}

const MAX_OUTPUT = 256 * 1024;
const MAX_LOG = 2 * 1024 * 1024;
const KILL_GRACE_MS = 5000;

/** Keeps the last `max` characters of a stream of text. */
class Tail {
  private text = '';
  private dropped = 0;
  constructor(private readonly max: number) {}
  push(chunk: string): void {
    this.text += chunk;
    if (this.text.length > this.max * 2) this.trim();
  }
  private trim(): void {
    if (this.text.length > this.max) {
      this.dropped += this.text.length - this.max;
      this.text = this.text.slice(this.text.length - this.max);
    }
  }
  toString(): string {
    this.trim();
    return this.dropped ? `[... ${this.dropped} earlier characters left out ...]\n${this.text}` : this.text;
  }
}

// The app sees a clean environment: nothing of the platform's own credentials (TC_API_* variables) leaks in.
function appEnvironment(tempPath: string, paramFile: string, paramKey: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'Path', 'HOME', 'USERPROFILE', 'SYSTEMROOT', 'SystemRoot', 'WINDIR', 'LANG', 'LC_ALL', 'TZ']) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
  }
  env.TMPDIR = tempPath;
  env.TMP = tempPath;
  env.TEMP = tempPath;
  env.TC_APP_PARAM_FILE = paramFile;
  env.TC_APP_PARAM_KEY = paramKey;
  return env;
}

// sync: also used at start-up, before the platform takes any request, to settle runs a dead platform left behind
function readTextSync(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/*
 * The app runs under a small supervisor, started as the leader of a new process group: it starts the app in that
 * group, writes how the app ended to exit.json (so a run that finished while the platform was down is recorded as
 * it ended), and ends the whole group when the app exits or when the platform goes away. The platform's death is
 * seen as the IPC channel closing, which the kernel does for any death, kill -9 included. Kept as an inline script
 * so it runs the same from the TypeScript sources and the built package.
 */
const SUPERVISOR = `
const { spawn } = require('node:child_process');
const { writeFileSync } = require('node:fs');
const [main, exitFile, graceMs] = process.argv.slice(1);
const env = { ...process.env };
delete env.NODE_CHANNEL_FD;
delete env.NODE_CHANNEL_SERIALIZATION_MODE;
const killGroup = (signal) => { try { process.kill(-process.pid, signal); } catch {} };
let ending = false;
const endGroup = () => {
  if (ending) return;
  ending = true;
  killGroup('SIGTERM');
  setTimeout(() => killGroup('SIGKILL'), Number(graceMs)).unref();
};
process.on('SIGTERM', endGroup);
process.on('SIGINT', endGroup);
process.on('disconnect', endGroup);
const app = spawn(process.execPath, [main], { stdio: ['ignore', 'inherit', 'inherit'], env });
app.on('error', (err) => { process.stderr.write('could not start the app: ' + err.message + '\\n'); });
app.on('exit', (code, signal) => {
  try { writeFileSync(exitFile, JSON.stringify({ code, signal, platformGone: !process.connected })); } catch {}
  killGroup('SIGKILL');
  process.exit(code ?? 1);
});
`;

/** Signals a run's process group (the supervisor's pid); quietly nothing when it is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    // Windows has no process groups: the supervisor alone is signalled there
    process.kill(process.platform === 'win32' ? pgid : -pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** How the app ended, as its supervisor wrote it; undefined when it did not get to write it. */
export function readExit(runDir: string): { code: number | null; signal: string | null; platformGone: boolean } | undefined {
  const text = readTextSync(join(runDir, 'exit.json'));
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function executionPaths(runDir: string): ExecutionPaths {
  return { in: join(runDir, 'in'), out: join(runDir, 'out'), temp: join(runDir, 'temp'), log: join(runDir, 'log') };
}

/** The recorded outcome of an execution from what it left in its run folder. */
export function collectResult(
  runDir: string,
  logFile: string,
  ended: { exitCode: number | null; stopped?: ExecutionResult['stopped']; captured: string; timeoutMs: number },
  secrets: string[],
): ExecutionResult {
  const paths = executionPaths(runDir);
  const messageText = readTextSync(join(paths.out, 'message.tc'));
  const resultsText = readTextSync(join(paths.out, 'results.tc'));
  const appLog = readInside(paths.log, logFile);
  rmSync(join(runDir, 'params.enc'), { force: true });
  rmSync(paths.temp, { recursive: true, force: true });

  const { stopped, captured } = ended;
  const sections: string[] = [];
  if (appLog) sections.push(`--- ${logFile} ---\n${appLog.length > MAX_LOG ? `[... earlier lines left out ...]\n${appLog.slice(appLog.length - MAX_LOG)}` : appLog}`);
  if (captured.trim()) sections.push(`--- stdout/stderr ---\n${captured}`);
  let message = messageText?.trim() || null;
  if (stopped === 'timeout') message = `Stopped after ${Math.round(ended.timeoutMs / 1000)} s: the job's time limit.${message ? ` Last message: ${message}` : ''}`;
  else if (stopped === 'platform closing') message = `Stopped: the platform closed while the job ran.${message ? ` Last message: ${message}` : ''}`;
  else if (stopped === 'platform died') message = `The platform stopped while the job was running.${message ? ` Last message: ${message}` : ''}`;
  else if (stopped === 'could not start') message = `The app could not be started: ${captured.trim().split('\n').pop()}`;
  return {
    exitCode: stopped ? null : ended.exitCode,
    ...(stopped ? { stopped } : {}),
    message: message === null ? null : maskSecrets(message, secrets),
    results: resultsText === undefined ? null : parseResultsTc(resultsText),
    log: maskSecrets(sections.join('\n'), secrets),
  };
}

/**
 * Runs one execution of a packaged app the way the platform does: an encrypted parameter file named by
 * TC_APP_PARAM_FILE / TC_APP_PARAM_KEY, `node <programMain>` started in the app folder, then the exit code,
 * message.tc, results.tc and the log collected. Never throws for what the app does; only for a run folder that
 * cannot be written.
 */
export async function executeApp(req: ExecutionRequest): Promise<ExecutionResult> {
  const paths = executionPaths(req.runDir);
  for (const dir of Object.values(paths)) await mkdir(dir, { recursive: true });
  const params: Record<string, unknown> = {
    ...req.params,
    tc_in_path: paths.in,
    tc_out_path: paths.out,
    tc_temp_path: paths.temp,
    tc_log_path: paths.log,
  };
  const logFile = typeof params.tc_log_file === 'string' && params.tc_log_file ? params.tc_log_file : 'app.log';
  const problem = pathProblem(logFile);
  if (problem) throw new Error(`params.tc_log_file: ${JSON.stringify(logFile)} ${problem}`);
  const { file: paramFile, key } = await writeParamFile(join(req.runDir, 'params.enc'), params);
  const main = join(req.appDir, extname(req.programMain) ? req.programMain : `${req.programMain}.js`);
  const exitFile = join(req.runDir, 'exit.json');
  await rm(exitFile, { force: true });
  const output = new Tail(MAX_OUTPUT);

  let stopped: ExecutionResult['stopped'];
  const supervisorCode = await new Promise<number | null>((resolve) => {
    if (!existsSync(main)) {
      stopped = 'could not start';
      output.push(`programMain ${JSON.stringify(req.programMain)} not found in the app folder (${main})\n`);
      resolve(null);
      return;
    }
    const child = spawn(process.execPath, ['-e', SUPERVISOR, main, exitFile, String(KILL_GRACE_MS)], {
      cwd: req.appDir,
      env: appEnvironment(paths.temp, paramFile, key),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      // its own process group (and session): the group is what gets ended, the app's own children included
      detached: true,
      windowsHide: true,
    });
    if (child.pid) req.onStart?.(child.pid);
    child.stdout!.setEncoding('utf8').on('data', (c: string) => output.push(c));
    child.stderr!.setEncoding('utf8').on('data', (c: string) => output.push(c));
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (why: NonNullable<ExecutionResult['stopped']>) => {
      if (stopped || child.exitCode !== null || !child.pid) return;
      stopped = why;
      signalGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    };
    const timer = setTimeout(() => stop('timeout'), req.timeoutMs);
    timer.unref();
    const onAbort = () => stop('platform closing');
    req.signal?.addEventListener('abort', onAbort, { once: true });
    if (req.signal?.aborted) onAbort();
    child.on('error', (err) => {
      stopped ??= 'could not start';
      output.push(`could not start the app: ${err.message}\n`);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      req.signal?.removeEventListener('abort', onAbort);
      // whatever the app left running in its group ends with it
      if (child.pid) signalGroup(child.pid, 'SIGKILL');
      resolve(code);
    });
  });
  const exit = readExit(req.runDir);
  const secrets = typeof req.secrets === 'function' ? req.secrets() : req.secrets;
  return collectResult(req.runDir, logFile, { exitCode: exit ? exit.code : supervisorCode, stopped, captured: output.toString(), timeoutMs: req.timeoutMs }, secrets);
}
