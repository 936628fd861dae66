import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlatformContext } from '../context.js';
import { ApiFailure } from '../http/errors.js';
import { ExitCode } from '../../contract/exit-code.js';
import { validateInstallJson } from '../../contract/install-json.js';
import { checkTcxLimits, extractTcx, type TcxLimits } from '../../contract/tcx.js';
import { formatProblem } from '../../core/problems.js';
import { collectResult, executeApp, readExit, signalGroup } from './execute.js';
import { checkJobParams, checkPathParams, declaredParamNames } from './params.js';
import { readInside } from './paths.js';
import { Scheduler, cronPattern } from './schedule.js';
import { RunnerStore, summariseResults, type InstalledApp, type Job, type Run, type RunStatus } from './store.js';
import { maskSecrets } from '../../core/secrets.js';

export interface JobInput {
  /** the installed app: id, folder (`Feodo_Tracker_v1`) or display name */
  app: string | number;
  name: string;
  params?: Record<string, unknown>;
  /** cron (5 or 6 fields) or Quartz (7); none = on demand only */
  schedule?: string | null;
  enabled?: boolean;
  /** the API user the job runs as (default: the platform's default API user) */
  userName?: string;
  timeoutSeconds?: number;
}

export type JobPatch = Partial<Omit<JobInput, 'app'>>;

const conflict = (message: string) => new ApiFailure(409, message, { error: message });
const invalid = (message: string) => new ApiFailure(400, message, { error: message });
const missing = (message: string) => new ApiFailure(404, message, { error: message });

function statusFor(exitCode: number | null): RunStatus {
  return exitCode === ExitCode.Success ? 'Success' : exitCode === ExitCode.PartialFailure ? 'PartialFailure' : 'Failed';
}

/**
 * The platform's job runner: installs packaged apps, keeps jobs (params + schedule), starts executions on a
 * schedule or on demand (never two of one job at once), and records each execution's outcome. results.tc values
 * an execution writes are kept on the job and passed back as params to the next one.
 */
export class JobRunner {
  readonly store: RunnerStore;
  private readonly scheduler: Scheduler;
  private readonly running = new Map<number, { run: Run; done: Promise<Run>; logName: string }>();
  private readonly closing = new AbortController();
  private base?: string;
  private ownsBase = false;
  /** limits on what a package may unpack to: `startPlatform({ runner: { maxUnpackedBytes, ... } })` */
  readonly limits: TcxLimits;

  constructor(private readonly ctx: PlatformContext) {
    this.store = new RunnerStore(ctx.db);
    this.scheduler = new Scheduler((jobId) => this.onSchedule(jobId));
    this.limits = checkTcxLimits(ctx.settings.options.runner as Partial<TcxLimits> | undefined, 'runner.');
  }

  /** Where apps are unpacked and executions keep their files: beside the data file, else a temporary folder. */
  private baseDir(): string {
    if (!this.base) {
      const configured = this.ctx.settings.filesDir;
      if (configured) this.base = join(configured, 'runner');
      else {
        this.base = mkdtempSync(join(tmpdir(), 'tcex-runner-'));
        this.ownsBase = true;
      }
    }
    return this.base;
  }

  // lifecycle

  start(): void {
    this.settleLeftoverRuns();
    for (const job of this.store.jobs()) this.schedule(job);
  }

  /**
   * Runs still recorded as running were left by a platform that died mid-execution. Their app's process group is
   * ended if the supervisor did not already end it, their tokens are revoked, and each is recorded as it really
   * ended: from exit.json when the app finished, else as stopped with the platform. Synchronous, so it is done
   * before the platform takes a request that could start the job again.
   */
  private settleLeftoverRuns(): void {
    for (const run of this.store.runningRuns()) {
      const runDir = this.runDir(run.id);
      if (run.pgid) endLeftoverGroup(run.pgid, join(runDir, 'exit.json'));
      const secrets = this.ctx.tokens.runTokens(run.id);
      this.ctx.tokens.revokeRun(run.id);
      const exit = existsSync(runDir) ? readExit(runDir) : undefined;
      const finished = exit !== undefined && exit.code !== null;
      const job = this.store.job(run.jobId);
      const logFile = job && !checkPathParams(job.params).length && typeof job.params.tc_log_file === 'string' && job.params.tc_log_file ? job.params.tc_log_file : 'app.log';
      const result = collectResult(runDir, logFile, { exitCode: exit?.code ?? null, stopped: finished ? undefined : 'platform died', captured: '', timeoutMs: 0 }, secrets);
      if (job && result.results) this.store.setResults(job.id, { ...job.results, ...result.results });
      this.store.finishRun(run.id, {
        status: statusFor(result.exitCode),
        exitCode: result.exitCode,
        message: result.message ?? `The app ended with exit code ${result.exitCode} and wrote no message.tc.`,
        finished: this.ctx.nowIso(),
        durationMs: Math.max(0, this.ctx.now() - Date.parse(run.started)),
        log: result.log,
        results: result.results,
      });
    }
  }

  async close(): Promise<void> {
    this.scheduler.stopAll();
    this.closing.abort();
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
    if (this.ownsBase && this.base) rmSync(this.base, { recursive: true, force: true });
  }

  /** After an admin reset wiped the tables: stop timers; running executions finish and record nothing. */
  async reset(): Promise<void> {
    this.scheduler.stopAll();
    if (this.base) {
      await rm(join(this.base, 'apps'), { recursive: true, force: true });
      // the runs are gone from the tables: so are their folders, but for the ones still going
      const live = new Set([...this.running.values()].map((r) => r.run.id));
      await Promise.all(
        runFolders(join(this.base, 'runs')).filter((id) => !live.has(id)).map((id) => rm(this.runDir(id), { recursive: true, force: true })),
      );
    }
  }

  private schedule(job: Job): void {
    try {
      this.scheduler.set(job.id, job.schedule, job.enabled);
    } catch (err) {
      // a schedule stored by an older version that no longer parses: keep the job, run it on demand only
      if (!this.ctx.settings.quiet) process.stderr.write(`runner: job ${job.id}: ${(err as Error).message}\n`);
    }
  }

  // apps

  /** Installs (or upgrades: same folder) a packaged app from the bytes of its .tcx. */
  async install(tcx: Buffer): Promise<InstalledApp> {
    if (tcx.length < 4 || tcx.readUInt32LE(0) !== 0x04034b50) throw invalid('body: expected the bytes of a .tcx package (a zip file)');
    const base = this.baseDir();
    const stamp = `${Date.now()}-${randomBytes(3).toString('hex')}`;
    const staging = join(base, 'staging', stamp);
    await mkdir(staging, { recursive: true });
    const file = join(staging, 'package.tcx');
    await writeFile(file, tcx);
    try {
      let unpacked;
      try {
        unpacked = await extractTcx(file, join(staging, 'app'), this.limits);
      } catch (err) {
        throw invalid(`package: ${(err as Error).message}`);
      }
      const checked = validateInstallJson(unpacked.installJson);
      const errors = checked.problems.filter((p) => p.severity === 'error');
      if (errors.length) throw invalid(`install.json: ${errors.map(formatProblem).join('; ')}`);
      const ij = unpacked.installJson as Record<string, any>;
      if (ij.runtimeLevel !== 'Organization') throw invalid(`install.json.runtimeLevel: the job runner runs Organization (job) apps, got ${JSON.stringify(ij.runtimeLevel)}`);
      if (ij.programLanguage !== 'NODE') throw invalid(`install.json.programLanguage: the job runner starts NODE apps, got ${JSON.stringify(ij.programLanguage)}`);
      const dir = join(base, 'apps', `${unpacked.folder}-${stamp}`);
      await mkdir(join(base, 'apps'), { recursive: true });
      await rename(unpacked.appDir, dir);
      const previous = this.store.appByFolder(unpacked.folder);
      const app = this.saveOrRemove(dir, () => this.store.saveApp({
        folder: unpacked.folder,
        displayName: ij.displayName,
        programVersion: ij.programVersion,
        programMain: ij.programMain,
        runtimeLevel: ij.runtimeLevel,
        installJson: ij,
        dir,
        installed: this.ctx.nowIso(),
      }));
      // an execution of the old version may still be running from its folder: remove it only when idle
      if (previous && previous.dir !== dir && !this.appBusy(previous.id)) await rm(previous.dir, { recursive: true, force: true });
      return app;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  // a failed install leaves nothing on disk: the unpacked folder goes if it could not be recorded
  private saveOrRemove<T>(dir: string, save: () => T): T {
    try {
      return save();
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  private appBusy(appId: number): boolean {
    return [...this.running.keys()].some((jobId) => this.store.job(jobId)?.appId === appId);
  }

  async uninstall(ref: string | number): Promise<void> {
    const app = this.requireApp(ref);
    if (this.appBusy(app.id)) throw conflict(`app ${app.folder}: a job of this app is running`);
    for (const job of this.store.jobs().filter((j) => j.appId === app.id)) this.scheduler.remove(job.id);
    this.store.deleteApp(app.id);
    await rm(app.dir, { recursive: true, force: true });
  }

  requireApp(ref: string | number): InstalledApp {
    const app = this.store.findApp(ref);
    if (!app) throw missing(`app ${JSON.stringify(ref)} is not installed`);
    return app;
  }

  // jobs

  requireJob(ref: string | number): Job {
    const job = this.store.findJob(ref);
    if (!job) throw missing(`job ${JSON.stringify(ref)} not found`);
    return job;
  }

  private userFor(userName?: string): number {
    const user = userName ? this.ctx.directory.userByName(userName) : this.ctx.directory.defaultUser();
    if (!user) throw invalid(userName ? `userName: unknown user ${JSON.stringify(userName)}` : 'userName: the platform has no default API user');
    return user.id;
  }

  private checkSchedule(schedule: string | null | undefined): string | null {
    if (schedule === undefined || schedule === null || schedule.trim() === '') return null;
    try {
      cronPattern(schedule);
    } catch (err) {
      throw invalid((err as Error).message);
    }
    return schedule.trim();
  }

  private checkParams(app: InstalledApp, params: Record<string, unknown>): void {
    const problems = checkJobParams(app.installJson, params, new Set(['tc_owner', 'tc_log_level']));
    if (problems.length) throw invalid(problems.join('; '));
  }

  createJob(input: JobInput): Job {
    const app = this.requireApp(input.app);
    const params = input.params ?? {};
    this.checkParams(app, params);
    if (this.store.findJob(input.name)) throw conflict(`name: a job named ${JSON.stringify(input.name)} already exists`);
    const job = this.store.createJob({
      appId: app.id,
      name: input.name,
      params,
      schedule: this.checkSchedule(input.schedule),
      enabled: input.enabled ?? true,
      userId: this.userFor(input.userName),
      timeoutSeconds: input.timeoutSeconds ?? 3600,
      created: this.ctx.nowIso(),
    });
    this.schedule(job);
    return job;
  }

  updateJob(ref: string | number, patch: JobPatch): Job {
    const job = this.requireJob(ref);
    const app = this.store.app(job.appId) as InstalledApp;
    if (patch.params) this.checkParams(app, patch.params);
    if (patch.name && patch.name.toLowerCase() !== job.name.toLowerCase() && this.store.findJob(patch.name)) {
      throw conflict(`name: a job named ${JSON.stringify(patch.name)} already exists`);
    }
    const updated = this.store.updateJob(job.id, {
      params: patch.params,
      schedule: patch.schedule === undefined ? undefined : this.checkSchedule(patch.schedule),
      enabled: patch.enabled,
      timeoutSeconds: patch.timeoutSeconds,
      name: patch.name,
      userId: patch.userName === undefined ? undefined : this.userFor(patch.userName),
    }) as Job;
    this.schedule(updated);
    return updated;
  }

  /** Deletes a job with its runs and their folders (logs, outputs): nothing of it is left for a later run to show. */
  async deleteJob(ref: string | number): Promise<void> {
    const job = this.requireJob(ref);
    if (this.running.has(job.id)) throw conflict(`job ${job.name}: an execution is running (run ${this.running.get(job.id)?.run.id})`);
    this.scheduler.remove(job.id);
    const runs = this.store.runIds(job.id);
    this.store.deleteJob(job.id);
    if (this.base) await Promise.all(runs.map((id) => rm(this.runDir(id), { recursive: true, force: true })));
  }

  /** Forgets the results.tc values kept for a job (its next run starts from scratch). */
  clearResults(ref: string | number): Job {
    const job = this.requireJob(ref);
    this.store.setResults(job.id, {});
    return this.store.job(job.id) as Job;
  }

  describeJob(job: Job): Job & { app: string; running: number | null; nextRun: string | null; lastRun: Run | null } {
    const app = this.store.app(job.appId);
    const last = this.store.runs({ jobId: job.id, limit: 1 })[0] ?? null;
    return { ...job, results: summariseResults(job.results), app: app?.folder ?? '', running: this.running.get(job.id)?.run.id ?? null, nextRun: this.scheduler.next(job.id) ?? null, lastRun: last };
  }

  // executions

  isRunning(jobId: number): boolean {
    return this.running.has(jobId);
  }

  /**
   * Starts an execution now. Refused (409) while another execution of the job runs. Resolves once the execution
   * is recorded as started; `done` resolves with the finished run.
   */
  runNow(ref: string | number, trigger: Run['trigger'] = 'demand'): { run: Run; done: Promise<Run> } {
    const job = this.requireJob(ref);
    const current = this.running.get(job.id);
    if (current) throw conflict(`job ${job.name}: already running (run ${current.run.id}); one execution at a time`);
    const app = this.store.app(job.appId);
    if (!app) throw missing(`job ${job.name}: its app is no longer installed`);
    // a job stored before paths were checked (or edited in the data file) still cannot send its app outside the run
    const pathProblems = checkPathParams(job.params);
    if (pathProblems.length) throw invalid(`job ${job.name} cannot start: ${pathProblems.join('; ')}`);
    const recorded = this.store.runningRuns().find((r) => r.jobId === job.id);
    if (recorded) throw conflict(`job ${job.name}: already running (run ${recorded.id}); one execution at a time`);
    const run = this.store.startRun(job.id, trigger, this.ctx.nowIso(), this.highestLiveRun());
    const logName = typeof job.params.tc_log_file === 'string' && job.params.tc_log_file ? job.params.tc_log_file : 'app.log';
    const done = this.execute(app, job, run).finally(() => this.running.delete(job.id));
    this.running.set(job.id, { run, done, logName });
    return { run, done };
  }

  private highestLiveRun(): number {
    return Math.max(0, ...[...this.running.values()].map((r) => r.run.id));
  }

  private runDir(runId: number): string {
    return join(this.baseDir(), 'runs', String(runId));
  }

  /** The log of a run: recorded when it has finished, read live from the app's log file while it runs. */
  runLog(runId: number): string | undefined {
    const live = [...this.running.values()].find((r) => r.run.id === runId);
    if (!live) return this.store.runLog(runId);
    // only ever the run's own log file, links followed and checked
    const text = readInside(join(this.runDir(runId), 'log'), live.logName) ?? '';
    return maskSecrets(text, this.ctx.tokens.runTokens(runId));
  }

  private onSchedule(jobId: number): void {
    if (this.running.has(jobId)) {
      // the previous execution is still going: this tick is skipped, as the platform does
      this.store.countSkipped(jobId);
      return;
    }
    try {
      this.runNow(jobId, 'schedule').done.catch(() => undefined);
    } catch (err) {
      const status = err instanceof ApiFailure ? err.status : 0;
      // a run recorded as going (by another process on this data file): skipped like an overlap
      if (status === 409) this.safely(() => this.store.countSkipped(jobId));
      // the job was deleted or its app removed between ticks
      else if (status === 404) this.scheduler.remove(jobId);
      // a job that cannot start (a param refused): it stays scheduled, and says why
      else if (!this.ctx.settings.quiet) process.stderr.write(`runner: job ${jobId}: ${(err as Error).message}\n`);
    }
  }

  /** The params an execution gets, the way the platform passes them. */
  private executionParams(app: InstalledApp, job: Job, run: Run, token: { token: string; expires: number }): Record<string, unknown> {
    const declared = declaredParamNames(app.installJson);
    const kept = Object.fromEntries(Object.entries(job.results).filter(([name]) => declared.has(name)));
    const user = job.userId ? this.ctx.directory.userById(job.userId) : this.ctx.directory.defaultUser();
    const defaultOwner = user?.defaultOwnerId ? this.ctx.directory.ownerById(user.defaultOwnerId)?.name : undefined;
    return {
      ...job.params,
      ...kept,
      tc_owner: job.params.tc_owner ?? defaultOwner ?? this.ctx.settings.orgName,
      tc_api_path: `${this.ctx.origin}/api`,
      tc_token: token.token,
      tc_token_expires: token.expires,
      tc_log_file: job.params.tc_log_file ?? 'app.log',
      tc_log_level: job.params.tc_log_level ?? 'info',
      tc_job_id: String(job.id),
      tc_execution_id: String(run.id),
      tc_user_id: String(user?.id ?? ''),
    };
  }

  private async execute(app: InstalledApp, job: Job, run: Run): Promise<Run> {
    const started = Date.now();
    const user = job.userId ?? this.ctx.directory.defaultUser()?.id;
    let result;
    let token: { token: string; expires: number } | undefined;
    try {
      if (!user) throw new Error('no API user to run the job as');
      token = this.ctx.tokens.issue(user, Math.max(this.ctx.settings.tokenTtlSeconds, 300), run.id);
      // an id never used before, but a folder from an older version (which reused ids) may still be there
      await rm(this.runDir(run.id), { recursive: true, force: true });
      result = await executeApp({
        appDir: app.dir,
        programMain: app.programMain,
        runDir: this.runDir(run.id),
        params: this.executionParams(app, job, run, token),
        timeoutMs: job.timeoutSeconds * 1000,
        secrets: () => this.ctx.tokens.runTokens(run.id),
        signal: this.closing.signal,
        onStart: (pgid) => this.safely(() => this.store.setPgid(run.id, pgid)),
      });
    } catch (err) {
      result = { exitCode: null, message: `The runner could not execute the job: ${(err as Error).message}`, results: null, log: '' };
    } finally {
      // the run's token and every renewal of it end with the run
      if (token) this.safely(() => this.ctx.tokens.revokeRun(run.id));
    }
    const stillThere = this.store.job(job.id);
    if (stillThere && result.results) this.store.setResults(job.id, { ...stillThere.results, ...result.results });
    const end = {
      status: statusFor(result.exitCode),
      exitCode: result.exitCode,
      message: result.message ?? `The app ended with exit code ${result.exitCode} and wrote no message.tc.`,
      finished: this.ctx.nowIso(),
      durationMs: Date.now() - started,
      log: result.log,
      results: result.results,
    };
    return this.safely(() => this.store.finishRun(run.id, end)) ?? { ...run, ...end, log: undefined } as unknown as Run;
  }

  // the database may already be closed or reset when a late execution finishes
  private safely<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch {
      return undefined;
    }
  }
}

/**
 * Ends what is left of a run's process group after the platform died. The group id is the supervisor's pid; when
 * that process still exists it is checked to be this run's supervisor (its command line names the run's exit file),
 * so a pid reused since, after a reboot say, is never signalled. A group whose leader is gone cannot share its id
 * with a new process, so its members are ended without that check.
 */
function endLeftoverGroup(pgid: number, exitFile: string): void {
  if (!signalGroup(pgid, 0 as unknown as NodeJS.Signals)) return;
  const leader = commandLine(pgid);
  if (leader !== undefined && !leader.includes(exitFile)) return;
  signalGroup(pgid, 'SIGKILL');
}

function commandLine(pid: number): string | undefined {
  try {
    if (existsSync('/proc/self/cmdline')) return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
  } catch {
    return undefined;
  }
}

/** The run ids that have a folder under `runsDir`. */
function runFolders(runsDir: string): number[] {
  try {
    return readdirSync(runsDir).filter((n) => /^\d+$/.test(n)).map(Number);
  } catch {
    return [];
  }
}
