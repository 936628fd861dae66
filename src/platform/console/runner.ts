import type { PlatformContext } from '../context.js';
import { jobRunner } from '../runner/index.js';
import type { InstalledApp, Run } from '../runner/store.js';
import type { AppParam, RunDetail, RunnerView, RunSummary } from './types.js';

const MASK = '***';

function jobNames(ctx: PlatformContext): Map<number, string> {
  return new Map(jobRunner(ctx).store.jobs().map((j) => [j.id, j.name]));
}

function summarise(run: Run, names: Map<number, string>): RunSummary {
  const { results: _r, ...rest } = run;
  return { ...rest, job: names.get(run.jobId) ?? `job ${run.jobId}` };
}

export function recentRuns(ctx: PlatformContext, limit: number): RunSummary[] {
  const names = jobNames(ctx);
  return jobRunner(ctx).store.runs({ limit }).map((r) => summarise(r, names));
}

/** The app's parameters as install.json declares them. */
function appParams(app: InstalledApp): AppParam[] {
  const params = Array.isArray(app.installJson.params) ? (app.installJson.params as Array<Record<string, unknown>>) : [];
  return params.map((p) => ({
    name: String(p.name ?? ''),
    label: String(p.label ?? p.name ?? ''),
    type: String(p.type ?? 'String'),
    required: p.required === true,
    default: p.default ?? null,
    encrypt: p.encrypt === true,
  }));
}

/** Installed apps, jobs (schedule, next run, parameter values with secrets masked) and the newest runs. */
export function runnerView(ctx: PlatformContext, runLimit = 50): RunnerView {
  const runner = jobRunner(ctx);
  const apps = runner.store.apps();
  const secretParams = new Map(apps.map((a) => [a.id, new Set(appParams(a).filter((p) => p.encrypt).map((p) => p.name))]));
  const names = jobNames(ctx);
  return {
    apps: apps.map((a) => ({
      id: a.id,
      folder: a.folder,
      name: a.displayName,
      version: a.programVersion,
      runtimeLevel: a.runtimeLevel,
      installed: a.installed,
      params: appParams(a),
    })),
    jobs: runner.store.jobs().map((job) => {
      const d = runner.describeJob(job);
      const secret = secretParams.get(job.appId) ?? new Set<string>();
      const params = Object.fromEntries(Object.entries(job.params).map(([k, v]) => [k, secret.has(k) ? MASK : v]));
      return {
        id: job.id,
        name: job.name,
        app: d.app,
        schedule: job.schedule,
        enabled: job.enabled,
        nextRun: d.nextRun,
        running: d.running,
        params,
        lastRun: d.lastRun ? summarise(d.lastRun, names) : null,
      };
    }),
    runs: runner.store.runs({ limit: runLimit }).map((r) => summarise(r, names)),
  };
}

/** One run with its results.tc values and the tail of its log (read live from the log file while it runs). */
export function runDetail(ctx: PlatformContext, id: number, tailLines: number): RunDetail | undefined {
  const runner = jobRunner(ctx);
  const run = runner.store.run(id);
  if (!run) return undefined;
  const log = runner.runLog(id) ?? '';
  const lines = log.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return { ...summarise(run, jobNames(ctx)), results: run.results, logTail: lines.slice(-tailLines).join('\n'), logLines: lines.length };
}
