import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { writeParamFile } from '../../app/param-file.js';
import { parseResultsTc } from '../../app/results-tc.js';
import { maskSecrets } from '../../utils/secrets.js';

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
  /** strings to blank out of the captured log (the execution's token) */
  secrets: string[];
  /** aborted when the platform closes: the app is stopped */
  signal?: AbortSignal;
}

export interface ExecutionResult {
  exitCode: number | null;
  /** why the process ended without an exit code of its own */
  stopped?: 'timeout' | 'platform closing' | 'could not start';
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

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Runs one execution of a packaged app the way the platform does: an encrypted parameter file named by
 * TC_APP_PARAM_FILE / TC_APP_PARAM_KEY, `node <programMain>` started in the app folder, then the exit code,
 * message.tc, results.tc and the log collected. Never throws for what the app does; only for a run folder that
 * cannot be written.
 */
export async function executeApp(req: ExecutionRequest): Promise<ExecutionResult> {
  const paths: ExecutionPaths = { in: join(req.runDir, 'in'), out: join(req.runDir, 'out'), temp: join(req.runDir, 'temp'), log: join(req.runDir, 'log') };
  for (const dir of Object.values(paths)) await mkdir(dir, { recursive: true });
  const params: Record<string, unknown> = {
    ...req.params,
    tc_in_path: paths.in,
    tc_out_path: paths.out,
    tc_temp_path: paths.temp,
    tc_log_path: paths.log,
  };
  const logFile = typeof params.tc_log_file === 'string' && params.tc_log_file ? params.tc_log_file : 'app.log';
  const { file: paramFile, key } = await writeParamFile(join(req.runDir, 'params.enc'), params);
  const main = join(req.appDir, extname(req.programMain) ? req.programMain : `${req.programMain}.js`);
  const output = new Tail(MAX_OUTPUT);

  let stopped: ExecutionResult['stopped'];
  const exitCode = await new Promise<number | null>((resolve) => {
    if (!existsSync(main)) {
      stopped = 'could not start';
      output.push(`programMain ${JSON.stringify(req.programMain)} not found in the app folder (${main})\n`);
      resolve(null);
      return;
    }
    const child = spawn(process.execPath, [main], { cwd: req.appDir, env: appEnvironment(paths.temp, paramFile, key), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (c: string) => output.push(c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => output.push(c));
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (why: NonNullable<ExecutionResult['stopped']>) => {
      if (stopped || child.exitCode !== null) return;
      stopped = why;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
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
      resolve(code);
    });
  });

  const messageText = await readText(join(paths.out, 'message.tc'));
  const resultsText = await readText(join(paths.out, 'results.tc'));
  const appLog = await readText(join(paths.log, logFile));
  await rm(paramFile, { force: true });
  await rm(paths.temp, { recursive: true, force: true });

  const sections: string[] = [];
  if (appLog) sections.push(`--- ${logFile} ---\n${appLog.length > MAX_LOG ? `[... earlier lines left out ...]\n${appLog.slice(appLog.length - MAX_LOG)}` : appLog}`);
  const captured = output.toString();
  if (captured.trim()) sections.push(`--- stdout/stderr ---\n${captured}`);
  let message = messageText?.trim() || null;
  if (stopped === 'timeout') message = `Stopped after ${Math.round(req.timeoutMs / 1000)} s: the job's time limit.${message ? ` Last message: ${message}` : ''}`;
  else if (stopped === 'platform closing') message = `Stopped: the platform closed while the job ran.${message ? ` Last message: ${message}` : ''}`;
  else if (stopped === 'could not start') message = `The app could not be started: ${captured.trim().split('\n').pop()}`;
  return {
    exitCode: stopped ? null : exitCode,
    ...(stopped ? { stopped } : {}),
    message: message === null ? null : maskSecrets(message, req.secrets),
    results: resultsText === undefined ? null : parseResultsTc(resultsText),
    log: maskSecrets(sections.join('\n'), req.secrets),
  };
}
