import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlatformContext } from '../context.js';
import { ApiFailure } from '../http/errors.js';
import { validateInstallJson } from '../../app/install-json.js';
import { extractTcx } from '../../app/tcx.js';
import { formatProblem } from '../../app/problems.js';
import { executeApp } from './execute.js';
import { checkJobParams, declaredParamNames } from './params.js';
import { Scheduler, cronPattern } from './schedule.js';
import { RunnerStore, summariseResults, type InstalledApp, type Job, type Run, type RunStatus } from './store.js';
import { maskSecrets } from '../../utils/secrets.js';

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
  return exitCode === 0 ? 'Success' : exitCode === 3 ? 'PartialFailure' : 'Failed';
}

/**
 * The platform's job runner: installs packaged apps, keeps jobs (params + schedule), starts executions on a
 * schedule or on demand (never two of one job at once), and records each execution's outcome. results.tc values
 * an execution writes are kept on the job and passed back as params to the next one.
 */
export class JobRunner {
  readonly store: RunnerStore;
  private readonly scheduler: Scheduler;
  private readonly running = new Map<number, { run: Run; done: Promise<Run>; logFile: string }>();
  private readonly closing = new AbortController();
  /** each running execution's token, blanked out of its live log */
  private readonly liveSecrets = new Map<number, string>();
  private base?: string;
  private ownsBase = false;

  constructor(private readonly ctx: PlatformContext) {
    this.store = new RunnerStore(ctx.db);
    this.scheduler = new Scheduler((jobId) => this.onSchedule(jobId));
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
    this.store.abandonRunning(this.ctx.nowIso());
    for (const job of this.store.jobs()) this.schedule(job);
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
        unpacked = await extractTcx(file, join(staging, 'app'));
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
      const app = this.store.saveApp({
        folder: unpacked.folder,
        displayName: ij.displayName,
        programVersion: ij.programVersion,
        programMain: ij.programMain,
        runtimeLevel: ij.runtimeLevel,
        installJson: ij,
        dir,
        installed: this.ctx.nowIso(),
      });
      // an execution of the old version may still be running from its folder: remove it only when idle
      if (previous && previous.dir !== dir && !this.appBusy(previous.id)) await rm(previous.dir, { recursive: true, force: true });
      return app;
    } finally {
      await rm(staging, { recursive: true, force: true });
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

  deleteJob(ref: string | number): void {
    const job = this.requireJob(ref);
    if (this.running.has(job.id)) throw conflict(`job ${job.name}: an execution is running (run ${this.running.get(job.id)?.run.id})`);
    this.scheduler.remove(job.id);
    this.store.deleteJob(job.id);
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
    const run = this.store.startRun(job.id, trigger, this.ctx.nowIso());
    const logFile = join(this.runDir(run.id), 'log', typeof job.params.tc_log_file === 'string' && job.params.tc_log_file ? job.params.tc_log_file : 'app.log');
    const done = this.execute(app, job, run).finally(() => this.running.delete(job.id));
    this.running.set(job.id, { run, done, logFile });
    return { run, done };
  }

  private runDir(runId: number): string {
    return join(this.baseDir(), 'runs', String(runId));
  }

  /** The log of a run: recorded when it has finished, read live from the app's log file while it runs. */
  runLog(runId: number): string | undefined {
    const live = [...this.running.values()].find((r) => r.run.id === runId);
    if (!live) return this.store.runLog(runId);
    try {
      const text = readFileSync(live.logFile, 'utf8');
      const secret = this.liveSecrets.get(runId);
      return maskSecrets(text, [secret]);
    } catch {
      return '';
    }
  }

  private onSchedule(jobId: number): void {
    if (this.running.has(jobId)) {
      // the previous execution is still going: this tick is skipped, as the platform does
      this.store.countSkipped(jobId);
      return;
    }
    try {
      this.runNow(jobId, 'schedule').done.catch(() => undefined);
    } catch {
      // the job was deleted or its app removed between ticks
      this.scheduler.remove(jobId);
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
      token = this.ctx.tokens.issue(user, Math.max(this.ctx.settings.tokenTtlSeconds, 300));
      this.liveSecrets.set(run.id, token.token);
      result = await executeApp({
        appDir: app.dir,
        programMain: app.programMain,
        runDir: this.runDir(run.id),
        params: this.executionParams(app, job, run, token),
        timeoutMs: job.timeoutSeconds * 1000,
        secrets: [token.token],
        signal: this.closing.signal,
      });
    } catch (err) {
      result = { exitCode: null, message: `The runner could not execute the job: ${(err as Error).message}`, results: null, log: '' };
    } finally {
      if (token) this.safely(() => this.ctx.tokens.revoke(token!.token));
      this.liveSecrets.delete(run.id);
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
