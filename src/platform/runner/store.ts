import type { Db } from '../db/index.js';

export interface InstalledApp {
  id: number;
  /** `<app_name>_v<major>`: the app's identity; installing the same folder again upgrades it */
  folder: string;
  displayName: string;
  programVersion: string;
  programMain: string;
  runtimeLevel: string;
  installJson: Record<string, any>;
  dir: string;
  installed: string;
}

export interface Job {
  id: number;
  appId: number;
  name: string;
  params: Record<string, unknown>;
  schedule: string | null;
  enabled: boolean;
  userId: number | null;
  timeoutSeconds: number;
  /** results.tc values kept from earlier executions, passed back as params */
  results: Record<string, string>;
  skippedOverlaps: number;
  created: string;
}

export type RunStatus = 'Running' | 'Success' | 'PartialFailure' | 'Failed';

export interface Run {
  id: number;
  jobId: number;
  trigger: 'schedule' | 'demand';
  status: RunStatus;
  exitCode: number | null;
  message: string | null;
  started: string;
  finished: string | null;
  durationMs: number | null;
  /** results.tc values this execution wrote */
  results: Record<string, string> | null;
}

const parse = <T>(text: string | null, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);

const toApp = (r: any): InstalledApp => ({
  id: r.id,
  folder: r.folder,
  displayName: r.display_name,
  programVersion: r.program_version,
  programMain: r.program_main,
  runtimeLevel: r.runtime_level,
  installJson: JSON.parse(r.install_json),
  dir: r.dir,
  installed: r.installed,
});

const toJob = (r: any): Job => ({
  id: r.id,
  appId: r.app_id,
  name: r.name,
  params: parse(r.params, {}),
  schedule: r.schedule,
  enabled: r.enabled === 1,
  userId: r.user_id,
  timeoutSeconds: r.timeout_seconds,
  results: parse(r.results, {}),
  skippedOverlaps: r.skipped_overlaps,
  created: r.created,
});

const toRun = (r: any): Run => ({
  id: r.id,
  jobId: r.job_id,
  trigger: r.trigger,
  status: r.status,
  exitCode: r.exit_code,
  message: r.message,
  started: r.started,
  finished: r.finished,
  durationMs: r.duration_ms,
  results: parse(r.results, null),
});

/** The runner's tables: installed apps, jobs and runs. */
export class RunnerStore {
  constructor(private readonly db: Db) {}

  // apps

  saveApp(app: Omit<InstalledApp, 'id'>): InstalledApp {
    this.db
      .prepare(
        `INSERT INTO runner_apps (folder, display_name, program_version, program_main, runtime_level, install_json, dir, installed)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(folder) DO UPDATE SET display_name = excluded.display_name, program_version = excluded.program_version,
           program_main = excluded.program_main, runtime_level = excluded.runtime_level, install_json = excluded.install_json,
           dir = excluded.dir, installed = excluded.installed`,
      )
      .run(app.folder, app.displayName, app.programVersion, app.programMain, app.runtimeLevel, JSON.stringify(app.installJson), app.dir, app.installed);
    return this.appByFolder(app.folder) as InstalledApp;
  }

  apps(): InstalledApp[] {
    return (this.db.prepare('SELECT * FROM runner_apps ORDER BY id').all() as any[]).map(toApp);
  }

  app(id: number): InstalledApp | undefined {
    const r = this.db.prepare('SELECT * FROM runner_apps WHERE id = ?').get(id);
    return r ? toApp(r) : undefined;
  }

  appByFolder(folder: string): InstalledApp | undefined {
    const r = this.db.prepare('SELECT * FROM runner_apps WHERE folder = ? COLLATE NOCASE').get(folder);
    return r ? toApp(r) : undefined;
  }

  /** By id, folder or display name. */
  findApp(ref: string | number): InstalledApp | undefined {
    if (typeof ref === 'number' || /^\d+$/.test(ref)) return this.app(Number(ref));
    const r = this.db.prepare('SELECT * FROM runner_apps WHERE folder = ? COLLATE NOCASE OR display_name = ? COLLATE NOCASE ORDER BY id LIMIT 1').get(ref, ref);
    return r ? toApp(r) : undefined;
  }

  deleteApp(id: number): void {
    this.db.prepare('DELETE FROM runner_apps WHERE id = ?').run(id);
  }

  // jobs

  createJob(job: Omit<Job, 'id' | 'results' | 'skippedOverlaps'>): Job {
    const info = this.db
      .prepare('INSERT INTO runner_jobs (app_id, name, params, schedule, enabled, user_id, timeout_seconds, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(job.appId, job.name, JSON.stringify(job.params), job.schedule, job.enabled ? 1 : 0, job.userId, job.timeoutSeconds, job.created);
    return this.job(Number(info.lastInsertRowid)) as Job;
  }

  updateJob(id: number, patch: Partial<Pick<Job, 'params' | 'schedule' | 'enabled' | 'timeoutSeconds' | 'name' | 'userId'>>): Job | undefined {
    const sets: string[] = [];
    const values: unknown[] = [];
    const put = (column: string, value: unknown) => (sets.push(`${column} = ?`), values.push(value));
    if (patch.params !== undefined) put('params', JSON.stringify(patch.params));
    if (patch.schedule !== undefined) put('schedule', patch.schedule);
    if (patch.enabled !== undefined) put('enabled', patch.enabled ? 1 : 0);
    if (patch.timeoutSeconds !== undefined) put('timeout_seconds', patch.timeoutSeconds);
    if (patch.name !== undefined) put('name', patch.name);
    if (patch.userId !== undefined) put('user_id', patch.userId);
    if (sets.length) this.db.prepare(`UPDATE runner_jobs SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    return this.job(id);
  }

  setResults(id: number, results: Record<string, string>): void {
    this.db.prepare('UPDATE runner_jobs SET results = ? WHERE id = ?').run(JSON.stringify(results), id);
  }

  countSkipped(id: number): void {
    this.db.prepare('UPDATE runner_jobs SET skipped_overlaps = skipped_overlaps + 1 WHERE id = ?').run(id);
  }

  jobs(): Job[] {
    return (this.db.prepare('SELECT * FROM runner_jobs ORDER BY id').all() as any[]).map(toJob);
  }

  job(id: number): Job | undefined {
    const r = this.db.prepare('SELECT * FROM runner_jobs WHERE id = ?').get(id);
    return r ? toJob(r) : undefined;
  }

  /** By id or name. */
  findJob(ref: string | number): Job | undefined {
    if (typeof ref === 'number' || /^\d+$/.test(ref)) return this.job(Number(ref));
    const r = this.db.prepare('SELECT * FROM runner_jobs WHERE name = ?').get(ref);
    return r ? toJob(r) : undefined;
  }

  deleteJob(id: number): void {
    this.db.prepare('DELETE FROM runner_jobs WHERE id = ?').run(id);
  }

  // runs

  /**
   * Records a new run. Its id is above every id ever given (kept in settings), never a reused one: a deleted job's
   * runs leave no id behind for a new run to take over (with their folders, logs, tokens). `above`: an id the
   * caller knows is taken (a run still going after an admin reset wiped the tables).
   */
  startRun(jobId: number, trigger: Run['trigger'], started: string, above = 0): Run {
    return this.db.transaction(() => {
      const last = this.db.prepare("SELECT CAST(value AS INTEGER) AS v FROM settings WHERE key = 'runner.lastRunId'").get() as { v: number } | undefined;
      const max = this.db.prepare('SELECT COALESCE(MAX(id), 0) AS v FROM runner_runs').get() as { v: number };
      const id = Math.max(last?.v ?? 0, max.v, above) + 1;
      this.db.prepare("INSERT INTO runner_runs (id, job_id, trigger, status, started) VALUES (?, ?, ?, 'Running', ?)").run(id, jobId, trigger, started);
      this.db.prepare("INSERT INTO settings (key, value) VALUES ('runner.lastRunId', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(id));
      return this.run(id) as Run;
    })();
  }

  setPgid(id: number, pgid: number): void {
    this.db.prepare('UPDATE runner_runs SET pgid = ? WHERE id = ?').run(pgid, id);
  }

  /** Runs recorded as running (at start-up: the ones a platform that stopped mid-execution left), with their group. */
  runningRuns(): Array<Run & { pgid: number | null }> {
    return (this.db.prepare("SELECT * FROM runner_runs WHERE status = 'Running' ORDER BY id").all() as any[]).map((r) => ({ ...toRun(r), pgid: r.pgid }));
  }

  runIds(jobId: number): number[] {
    return (this.db.prepare('SELECT id FROM runner_runs WHERE job_id = ?').all(jobId) as Array<{ id: number }>).map((r) => r.id);
  }

  finishRun(id: number, end: { status: RunStatus; exitCode: number | null; message: string; finished: string; durationMs: number; log: string; results: Record<string, string> | null }): Run {
    this.db
      .prepare('UPDATE runner_runs SET status = ?, exit_code = ?, message = ?, finished = ?, duration_ms = ?, log = ?, results = ? WHERE id = ?')
      .run(end.status, end.exitCode, end.message, end.finished, end.durationMs, end.log, end.results ? JSON.stringify(summariseResults(end.results)) : null, id);
    return this.run(id) as Run;
  }

  run(id: number): Run | undefined {
    const r = this.db.prepare('SELECT * FROM runner_runs WHERE id = ?').get(id);
    return r ? toRun(r) : undefined;
  }

  runLog(id: number): string | undefined {
    const r = this.db.prepare('SELECT log FROM runner_runs WHERE id = ?').get(id) as { log: string | null } | undefined;
    return r ? (r.log ?? '') : undefined;
  }

  /** Newest first. */
  runs(query: { jobId?: number; limit?: number } = {}): Run[] {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 1000);
    const rows =
      query.jobId === undefined
        ? this.db.prepare('SELECT * FROM runner_runs ORDER BY id DESC LIMIT ?').all(limit)
        : this.db.prepare('SELECT * FROM runner_runs WHERE job_id = ? ORDER BY id DESC LIMIT ?').all(query.jobId, limit);
    return (rows as any[]).map(toRun);
  }
}

/**
 * Run records and job listings show a long results.tc value (a feed's delta state) by its size; the full value is
 * kept once, on the job, and served by `/_platform/jobs/{job}/results`.
 */
const RUN_VALUE_MAX = 1024;
export function summariseResults(results: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(results).map(([k, v]) => [k, v.length > RUN_VALUE_MAX ? `(${v.length} characters, kept on the job)` : v]),
  );
}
