import { readFile } from 'node:fs/promises';
import { followRun } from '../follow-run.js';
import type { Command } from 'commander';

// `tcex platform install|jobs|run|runs`: the job runner of a running platform, through its admin interface.

const DEFAULT_ADMIN = 'http://127.0.0.1:8555/_platform';

/** Accepts the admin URL, the API URL or the bare origin of a platform. */
export function adminBase(value: string | undefined): string {
  const raw = (value ?? process.env.TCEX_PLATFORM_URL ?? DEFAULT_ADMIN).trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`--platform: not a URL: ${JSON.stringify(raw)}`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (path.endsWith('/_platform')) return `${url.origin}${path}`;
  if (path.endsWith('/api')) return `${url.origin}${path.slice(0, -4)}/_platform`;
  return `${url.origin}${path}/_platform`;
}

async function call<T = any>(base: string, method: string, path: string, body?: unknown, raw?: Buffer): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      headers: raw ? { 'Content-Type': 'application/octet-stream' } : body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
  } catch (err) {
    throw new Error(`cannot reach the platform at ${base} (${(err as Error).message}); start one with \`tcex platform start\` or pass --platform`);
  }
  const text = await res.text();
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { text };
  }
  if (!res.ok) throw new Error(parsed.error ?? parsed.message ?? `${method} ${path} answered ${res.status}`);
  return parsed as T;
}

function table(rows: Array<Record<string, unknown>>, columns: string[]): string {
  if (rows.length === 0) return '(none)\n';
  const cells = rows.map((r) => columns.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c]))));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd();
  return `${[line(columns), ...cells.map(line)].join('\n')}\n`;
}

function parseParam(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new Error(`--param: expected name=value, got ${JSON.stringify(value)}`);
  return { ...previous, [value.slice(0, at).trim()]: value.slice(at + 1) };
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--limit: must be a whole number above 0, got ${JSON.stringify(value)}`);
  return n;
}

const out = (text: string): void => void process.stdout.write(text);
const seconds = (ms: number | null) => (ms === null ? '' : `${(ms / 1000).toFixed(1)} s`);

function describeRun(run: any): string {
  return [
    `run ${run.id} of job ${run.jobId}: ${run.status}${run.exitCode === null ? '' : ` (exit code ${run.exitCode})`}`,
    `  started ${run.started}${run.finished ? `, took ${seconds(run.durationMs)}` : ''}`,
    run.message ? `  message: ${run.message}` : undefined,
  ]
    .filter(Boolean)
    .join('\n');
}

export function registerJobCommands(platform: Command): void {
  const withPlatform = (cmd: Command) => cmd.option('--platform <url>', `the platform (admin, API or origin URL; default $TCEX_PLATFORM_URL or ${DEFAULT_ADMIN})`);

  withPlatform(platform.command('install <file>').description('install (or upgrade) a packaged app (.tcx) into a running platform')).action(
    async (file: string, opts: { platform?: string }) => {
      const bytes = await readFile(file).catch(() => {
        throw new Error(`<file>: cannot read ${JSON.stringify(file)}`);
      });
      const app = await call(adminBase(opts.platform), 'POST', '/apps', undefined, bytes);
      out(`installed ${app.folder}: ${app.displayName} ${app.programVersion} (app ${app.id})\n`);
    },
  );

  const jobs = platform.command('jobs').description('list and define jobs of installed apps');
  withPlatform(jobs.command('list', { isDefault: true }).description('list jobs with their schedule and last run'))
    .option('--json', 'print JSON')
    .action(async (opts: { platform?: string; json?: boolean }) => {
      const { jobs: list } = await call(adminBase(opts.platform), 'GET', '/jobs');
      if (opts.json) return out(`${JSON.stringify(list, null, 2)}\n`);
      out(
        table(
          list.map((j: any) => ({
            id: j.id,
            name: j.name,
            app: j.app,
            schedule: j.schedule ?? 'on demand',
            enabled: j.enabled ? 'yes' : 'no',
            'last run': j.lastRun ? `${j.lastRun.status} ${j.lastRun.started}` : '',
            'next run': j.running ? `running (run ${j.running})` : (j.nextRun ?? ''),
          })),
          ['id', 'name', 'app', 'schedule', 'enabled', 'last run', 'next run'],
        ),
      );
    });
  withPlatform(jobs.command('create').description('define a job'))
    .requiredOption('--app <app>', 'the installed app: id, folder or display name')
    .requiredOption('--name <name>', 'a name for the job')
    .option('--param <name=value>', 'a parameter value (repeat for more)', parseParam, {})
    .option('--schedule <cron>', 'when to run: cron (5 or 6 fields) or Quartz (7 fields); omit for on demand only')
    .option('--disabled', 'create it without scheduling it')
    .option('--timeout <seconds>', 'stop an execution after this long (default 3600)', (v) => parseCount(v))
    .action(async (opts: { platform?: string; app: string; name: string; param: Record<string, string>; schedule?: string; disabled?: boolean; timeout?: number }) => {
      const job = await call(adminBase(opts.platform), 'POST', '/jobs', {
        app: opts.app,
        name: opts.name,
        params: opts.param,
        schedule: opts.schedule ?? null,
        enabled: !opts.disabled,
        ...(opts.timeout ? { timeoutSeconds: opts.timeout } : {}),
      });
      out(`created job ${job.id} (${job.name}) for ${job.app}${job.nextRun ? `; next run ${job.nextRun}` : ''}\n`);
    });
  withPlatform(jobs.command('delete <job>').description('delete a job and its history')).action(async (job: string, opts: { platform?: string }) => {
    await call(adminBase(opts.platform), 'DELETE', `/jobs/${encodeURIComponent(job)}`);
    out(`deleted job ${job}\n`);
  });

  withPlatform(platform.command('run <job>').description('run a job now and follow it: its log as it runs (a live status line on a terminal), then its outcome'))
    .option('--no-wait', 'start it and return at once')
    .action(async (job: string, opts: { platform?: string; wait: boolean }) => {
      const base = adminBase(opts.platform);
      const started = await call(base, 'POST', `/jobs/${encodeURIComponent(job)}/run`, { wait: false });
      const run = opts.wait ? await followRun({ poll: () => call(base, 'GET', `/runs/${started.id}`), indent: '  ' }) : started;
      out(`${describeRun(run)}\n`);
      if (opts.wait && run.status !== 'Success') process.exitCode = 1;
    });

  withPlatform(platform.command('runs [job]').description('execution history, newest first (all jobs, or one job by id or name)'))
    .option('--limit <n>', 'how many runs (default 20)', parseCount, 20)
    .option('--log <run>', 'print the log of one run instead')
    .option('--json', 'print JSON')
    .action(async (job: string | undefined, opts: { platform?: string; limit: number; log?: string; json?: boolean }) => {
      const base = adminBase(opts.platform);
      if (opts.log) {
        const run = await call(base, 'GET', `/runs/${encodeURIComponent(opts.log)}`);
        if (opts.json) return out(`${JSON.stringify(run, null, 2)}\n`);
        return out(`${describeRun(run)}\n\n${run.log || '(no log)'}\n`);
      }
      const query = new URLSearchParams({ limit: String(opts.limit) });
      if (job) query.set('job', job);
      const { runs } = await call(base, 'GET', `/runs?${query}`);
      if (opts.json) return out(`${JSON.stringify(runs, null, 2)}\n`);
      out(
        table(
          runs.map((r: any) => ({
            run: r.id,
            job: r.jobId,
            trigger: r.trigger,
            status: r.status,
            exit: r.exitCode,
            started: r.started,
            took: seconds(r.durationMs),
            message: r.message && r.message.length > 70 ? `${r.message.slice(0, 67)}...` : r.message,
          })),
          ['run', 'job', 'trigger', 'status', 'exit', 'started', 'took', 'message'],
        ),
      );
    });
}
