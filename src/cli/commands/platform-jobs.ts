import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { followRun } from '../follow-run.js';
import type { Command } from 'commander';
import { adminRequest } from '../../contract/admin-client.js';
import { ADMIN_KEY_ENV, ADMIN_KEY_FILE, readAdminKeyFile } from '../../contract/admin-key.js';

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

export const DEFAULT_DATA_FILE = '.tcex-data/platform.db';

export interface PlatformTarget {
  platform?: string;
  adminKey?: string;
  data?: string;
}

/**
 * The admin key for a CLI command: `--admin-key`, else TC_PLATFORM_ADMIN_KEY, else the `admin.key` that
 * `tcex platform start` keeps beside its data file (`--data`, default .tcex-data/platform.db).
 */
export function adminKeyFor(opts: PlatformTarget): string {
  const given = opts.adminKey ?? (process.env[ADMIN_KEY_ENV] || undefined);
  if (given) return given.trim();
  const folder = dirname(resolve(opts.data ?? DEFAULT_DATA_FILE));
  const kept = readAdminKeyFile(folder);
  if (kept) return kept;
  throw new Error(
    `no admin key: pass --admin-key, set ${ADMIN_KEY_ENV}, or run the command where ${folder}/${ADMIN_KEY_FILE} is (the platform's --data folder; pass --data when it is elsewhere)`,
  );
}

/** One admin request: the single place the CLI talks to the admin interface (key and content type live here). */
export async function call<T = any>(target: PlatformTarget, method: string, path: string, body?: unknown, raw?: Buffer): Promise<T> {
  const base = adminBase(target.platform);
  const key = adminKeyFor(target);
  let res;
  try {
    res = await adminRequest<any>({ adminUrl: base, adminKey: key }, method, path, { json: body, raw });
  } catch (err) {
    throw new Error(`cannot reach the platform at ${base} (${(err as Error).message}); start one with \`tcex platform start\` or pass --platform`);
  }
  if (res.status === 401) throw new Error(`the platform at ${base} refused the admin key (${res.body.error ?? 401}); pass the one it printed with --admin-key or ${ADMIN_KEY_ENV}`);
  if (!res.ok) throw new Error(res.body.error ?? res.body.message ?? `${method} ${path} answered ${res.status}`);
  return res.body as T;
}

export function table(rows: Array<Record<string, unknown>>, columns: string[]): string {
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

export const out = (text: string): void => void process.stdout.write(text);
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

/** Adds the --platform option every admin command takes. */
export const withPlatform = (cmd: Command): Command =>
  cmd
    .option('--platform <url>', `the platform (admin, API or origin URL; default $TCEX_PLATFORM_URL or ${DEFAULT_ADMIN})`)
    .option('--admin-key <key>', `the platform's admin key (default $${ADMIN_KEY_ENV}, else ${ADMIN_KEY_FILE} in the --data folder)`)
    .option('--data <file>', `the platform's data file, to find its ${ADMIN_KEY_FILE} (default ${DEFAULT_DATA_FILE})`);

export function registerJobCommands(platform: Command): void {
  const withPlatform = (cmd: Command) =>
    cmd
      .option('--platform <url>', `the platform (admin, API or origin URL; default $TCEX_PLATFORM_URL or ${DEFAULT_ADMIN})`)
      .option('--admin-key <key>', `the platform's admin key (default $${ADMIN_KEY_ENV}, else ${ADMIN_KEY_FILE} in the --data folder)`)
      .option('--data <file>', `the platform's data file, to find its ${ADMIN_KEY_FILE} (default ${DEFAULT_DATA_FILE})`);

  withPlatform(platform.command('install <file>').description('install (or upgrade) a packaged app (.tcx) into a running platform')).action(
    async (file: string, opts: PlatformTarget & { platform?: string }) => {
      const bytes = await readFile(file).catch(() => {
        throw new Error(`<file>: cannot read ${JSON.stringify(file)}`);
      });
      const app = await call(opts, 'POST', '/apps', undefined, bytes);
      out(`installed ${app.folder}: ${app.displayName} ${app.programVersion} (app ${app.id})\n`);
    },
  );

  const jobs = platform.command('jobs').description('list and define jobs of installed apps');
  withPlatform(jobs.command('list', { isDefault: true }).description('list jobs with their schedule and last run'))
    .option('--json', 'print JSON')
    .action(async (opts: PlatformTarget & { platform?: string; json?: boolean }) => {
      const { jobs: list } = await call(opts, 'GET', '/jobs');
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
    .action(async (opts: PlatformTarget & { platform?: string; app: string; name: string; param: Record<string, string>; schedule?: string; disabled?: boolean; timeout?: number }) => {
      const job = await call(opts, 'POST', '/jobs', {
        app: opts.app,
        name: opts.name,
        params: opts.param,
        schedule: opts.schedule ?? null,
        enabled: !opts.disabled,
        ...(opts.timeout ? { timeoutSeconds: opts.timeout } : {}),
      });
      out(`created job ${job.id} (${job.name}) for ${job.app}${job.nextRun ? `; next run ${job.nextRun}` : ''}\n`);
    });
  withPlatform(jobs.command('delete <job>').description('delete a job and its history')).action(async (job: string, opts: PlatformTarget & { platform?: string }) => {
    await call(opts, 'DELETE', `/jobs/${encodeURIComponent(job)}`);
    out(`deleted job ${job}\n`);
  });

  withPlatform(platform.command('run <job>').description('run a job now and follow it: its log as it runs (a live status line on a terminal), then its outcome'))
    .option('--no-wait', 'start it and return at once')
    .action(async (job: string, opts: PlatformTarget & { platform?: string; wait: boolean }) => {
      const started = await call(opts, 'POST', `/jobs/${encodeURIComponent(job)}/run`, { wait: false });
      const run = opts.wait ? await followRun({ poll: () => call(opts, 'GET', `/runs/${started.id}`), indent: '  ' }) : started;
      out(`${describeRun(run)}\n`);
      if (opts.wait && run.status !== 'Success') process.exitCode = 1;
    });

  withPlatform(platform.command('runs [job]').description('execution history, newest first (all jobs, or one job by id or name)'))
    .option('--limit <n>', 'how many runs', parseCount, 20)
    .option('--log <run>', 'print the log of one run instead')
    .option('--json', 'print JSON')
    .action(async (job: string | undefined, opts: PlatformTarget & { platform?: string; limit: number; log?: string; json?: boolean }) => {
      if (opts.log) {
        const run = await call(opts, 'GET', `/runs/${encodeURIComponent(opts.log)}`);
        if (opts.json) return out(`${JSON.stringify(run, null, 2)}\n`);
        return out(`${describeRun(run)}\n\n${run.log || '(no log)'}\n`);
      }
      const query = new URLSearchParams({ limit: String(opts.limit) });
      if (job) query.set('job', job);
      const { runs } = await call(opts, 'GET', `/runs?${query}`);
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
