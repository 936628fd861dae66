import { mkdirSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { resolve } from 'node:path';
import { maskSecrets, maskUrl } from '../core/secrets.js';
import { STANDARD_ARGS, type StandardArgs } from '../contract/standard-args.js';
import { AppExit, ExitCode, genericErrorMessage, InputError, INTERRUPT_MESSAGE, isExitCode, UncaughtAppError } from './exit.js';
import { resolveAppInputs, resolveStandardArgs } from './inputs.js';
import { InstallJsonError, loadInstallJson, type InstallJson } from '../contract/install-json.js';
import type { JobApp, JobAppClass } from './job-app.js';
import { createAppLogger, type AppLogger } from './logger.js';
import { writeMessageTc } from './message-tc.js';
import { ResultsTc } from '../contract/results-tc.js';
import { gatherInputs, type GatheredInputs } from './sources.js';
import { tcexPackage } from './version.js';

export interface RunJobOptions {
  /** command-line arguments (default: none in-process; `launch` passes process.argv) */
  argv?: string[];
  /** environment (default process.env) */
  env?: Record<string, string | undefined>;
  /** params handed over in-process, ranked like the platform's parameter file */
  params?: Record<string, unknown>;
  /** the app directory, holding install.json (default process.cwd()) */
  cwd?: string;
  /** use this install.json instead of reading the file */
  installJson?: InstallJson;
  /** aborting it interrupts the app like SIGTERM */
  signal?: AbortSignal;
  /** copy log lines to stderr */
  echoLog?: boolean;
}

export interface JobOutcome {
  exitCode: number;
  /** the exit message in full, secrets masked (message.tc keeps its last 255 characters) */
  message: string;
  logFile?: string;
  outPath?: string;
  results: Record<string, string>;
}

class Interrupted extends Error {
  constructor() {
    super(INTERRUPT_MESSAGE);
  }
}

/** Runs an app's whole lifecycle in this process and reports how it ended, without exiting the process. */
export async function runJob(App: JobAppClass, options: RunJobOptions = {}): Promise<JobOutcome> {
  const cwd = resolve(options.cwd ?? process.cwd());
  let installJson: InstallJson | undefined = options.installJson;
  let startError: unknown;
  if (!installJson) {
    try {
      installJson = loadInstallJson(cwd);
    } catch (err) {
      startError = err;
    }
  }
  const schema = App.inputs;
  const names = [...(installJson?.params.map((p) => p.name) ?? []), ...Object.keys(schema?.shape ?? {})];

  let gathered: GatheredInputs = { values: {}, origin: {}, unknownFlags: [], fromParamFile: false };
  let args: StandardArgs | undefined;
  try {
    gathered = await gatherInputs({ argv: options.argv, env: options.env, params: options.params, names, cwd });
    args = resolveStandardArgs(gathered.values, cwd);
  } catch (err) {
    startError ??= err;
  }
  if (!args) {
    // No usable log settings: report on stderr and in message.tc where the out path would have been.
    const outPath = typeof gathered.values.tc_out_path === 'string' ? resolve(cwd, gathered.values.tc_out_path) : undefined;
    return finishEarly(startError, outPath, cwd);
  }

  for (const dir of [args.tc_in_path, args.tc_out_path, args.tc_temp_path, args.tc_log_path]) mkdirSync(dir, { recursive: true });
  const log = createAppLogger({
    path: args.tc_log_path,
    file: args.tc_log_file,
    level: args.tc_log_level,
    maxBytes: args.tc_log_max_bytes,
    backupCount: args.tc_log_backup_count,
    echo: options.echoLog ?? process.env.TCEX_LOG_ECHO === '1',
  });
  const results = new ResultsTc(args.tc_out_path);
  const controller = new AbortController();
  let interrupt: (cause: Error) => void = () => undefined;
  const interrupted = new Promise<never>((_, reject) => {
    interrupt = reject;
  });
  interrupted.catch(() => undefined);
  const onAbort = () => {
    const reason = options.signal?.reason;
    const cause = reason instanceof UncaughtAppError ? reason : new Interrupted();
    controller.abort(cause);
    interrupt(cause);
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });

  let app: JobApp | undefined;
  let code: number = ExitCode.Success;
  let message = 'Success';
  try {
    logStartup(log, args, installJson, gathered);
    if (startError) throw startError;
    const inputs = resolveAppInputs({ raw: gathered.values, args, installJson: installJson as InstallJson, schema });
    logInputs(log, inputs, installJson as InstallJson);
    app = new App();
    app.attach({ args, inputs, log, installJson: installJson as InstallJson, results, signal: controller.signal });
    try {
      await Promise.race([app.setup(), interrupted]);
      await Promise.race([app.run(), interrupted]);
      code = app.exitCode;
      message = app.exitMessage;
    } finally {
      await runTeardown(app, log);
    }
  } catch (err) {
    ({ code, message } = failure(err, log));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await app?.closeConnections();
  }

  if (!isExitCode(code)) {
    log.error(`Invalid exit code ${JSON.stringify(code)}; exiting with 1`);
    code = ExitCode.Failure;
  }
  if (code === ExitCode.Failure) log.error(message);
  else log.info(message);
  writeMessageTc(args.tc_out_path, message);
  log.info(`Exit Code: ${code}`);
  log.close();
  return { exitCode: code, message: maskSecrets(message), logFile: log.file, outPath: args.tc_out_path, results: results.all() };
}

function failure(err: unknown, log: AppLogger): { code: number; message: string } {
  if (err instanceof AppExit) return { code: err.code, message: err.exitMessage ?? (err.code === 0 ? 'Success' : 'Failed') };
  if (err instanceof Interrupted) {
    log.error('App interrupted by a signal');
    return { code: ExitCode.Failure, message: INTERRUPT_MESSAGE };
  }
  if (err instanceof InputError || err instanceof InstallJsonError) {
    return { code: ExitCode.Failure, message: err.message };
  }
  const e = (err instanceof UncaughtAppError ? err.error : err) as Error;
  log.error(`Unhandled error: ${maskSecrets(String(e?.stack ?? e))}`);
  return { code: ExitCode.Failure, message: genericErrorMessage(err) };
}

async function runTeardown(app: JobApp, log: AppLogger): Promise<void> {
  try {
    await app.teardown();
  } catch (err) {
    // a failing teardown must not hide how run() ended
    log.error(`teardown failed: ${maskSecrets(String((err as Error)?.stack ?? err))}`);
  }
}

function finishEarly(err: unknown, outPath: string | undefined, cwd: string): JobOutcome {
  const message = err instanceof InputError || err instanceof InstallJsonError ? err.message : genericErrorMessage(err);
  process.stderr.write(`${maskSecrets(message)}\n`);
  writeMessageTc(outPath, message, cwd);
  return { exitCode: ExitCode.Failure, message: maskSecrets(message), outPath, results: {} };
}

function logStartup(log: AppLogger, args: StandardArgs, ij: InstallJson | undefined, gathered: GatheredInputs): void {
  if (ij) {
    log.info(`App: ${ij.displayName} ${ij.programVersion} (runtimeLevel ${ij.runtimeLevel}, ${ij.programLanguage} ${ij.programMain})`);
    if (ij.features?.length) log.info(`App features: ${ij.features.join(', ')}`);
  }
  log.info(`tcex-ts ${tcexPackage().version}, Node ${process.version}, ${platform()} ${arch()}`);
  log.info(`Log level: ${args.tc_log_level}; rotation ${args.tc_log_max_bytes} bytes x ${args.tc_log_backup_count} files`);
  const auth = args.tc_token ? 'token' : args.tc_api_access_id && args.tc_api_secret_key ? 'hmac' : 'none';
  log.info(`API path: ${maskUrl(args.tc_api_path)}; auth: ${auth}; verify TLS: ${args.tc_verify}`);
  if (args.tc_proxy_host) {
    log.info(
      `Proxy: ${args.tc_proxy_host}:${args.tc_proxy_port ?? '?'}${args.tc_proxy_username ? ` as ${args.tc_proxy_username}` : ''}; ` +
        `ThreatConnect traffic ${args.tc_proxy_tc ? 'via proxy' : 'direct'}; external traffic ${args.tc_proxy_external ? 'via proxy' : 'direct'}`,
    );
  } else log.info('Proxy: none');
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY']) {
    const v = process.env[name] ?? process.env[name.toLowerCase()];
    if (v) log.info(`Environment ${name}: ${maskUrl(v)}`);
  }
  log.info(`Paths: in ${args.tc_in_path}, out ${args.tc_out_path}, temp ${args.tc_temp_path}, log ${args.tc_log_path}`);
  log.info(`Params from: ${gathered.fromParamFile ? 'parameter file' : 'command line, environment and files'}`);
  for (const flag of gathered.unknownFlags) log.warn(`Unknown input --${flag} ignored (not a standard arg nor an install.json param)`);
  if (log.isLevelEnabled('debug')) {
    for (const name of Object.keys(STANDARD_ARGS)) {
      if (gathered.origin[name]) log.debug(`arg ${name} from ${gathered.origin[name]}`);
    }
  }
}

function logInputs(log: AppLogger, inputs: Record<string, unknown>, ij: InstallJson): void {
  if (!log.isLevelEnabled('debug')) return;
  const encrypted = new Set(ij.params.filter((p) => p.encrypt).map((p) => p.name));
  for (const [name, value] of Object.entries(inputs)) {
    const text = JSON.stringify(value) ?? String(value);
    // a long value (a feed's carried-over state) would make one huge log line; its size is what a reader needs
    const shown = encrypted.has(name) ? '***' : text.length > 500 ? `${text.slice(0, 80)}… (${text.length} characters)` : text;
    log.debug(`input ${name} = ${shown}`);
  }
}

/**
 * Runs the app as the process's main job: reads process.argv and the environment, turns SIGINT/SIGTERM and
 * unhandled errors into an orderly exit 1, and ends the process with the app's exit code.
 */
export async function launch(App: JobAppClass, options: Omit<RunJobOptions, 'signal'> = {}): Promise<never> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const onFatal = (err: unknown) => {
    controller.abort(new UncaughtAppError(err));
  };
  process.on('unhandledRejection', onFatal);
  process.on('uncaughtException', onFatal);
  const outcome = await runJob(App, { argv: process.argv.slice(2), ...options, signal: controller.signal });
  process.exit(outcome.exitCode);
}
