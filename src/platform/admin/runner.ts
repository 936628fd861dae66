import { z } from 'zod';
import type { PlatformContext } from '../context.js';
import type { Router } from '../http/router.js';
import { json } from '../http/respond.js';
import { jobRunner } from '../runner/index.js';
import { parseBody } from './routes.js';

const paramValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
const jobSchema = z.object({
  app: z.union([z.string().min(1), z.number().int()]),
  name: z.string().min(1).max(200),
  params: z.record(z.string(), paramValue).default({}),
  schedule: z.string().nullable().optional(),
  enabled: z.boolean().optional(),
  userName: z.string().optional(),
  timeoutSeconds: z.number().int().min(1).max(7 * 24 * 3600).optional(),
});
// Spelled out rather than `jobSchema.partial()`: zod still fills `params`' default into a partial schema, and a
// `{"enabled": false}` would then wipe the job's params. A patch changes only what it names.
const jobPatchSchema = z
  .object({
    name: jobSchema.shape.name,
    params: z.record(z.string(), paramValue),
    schedule: z.string().nullable(),
    enabled: z.boolean(),
    userName: z.string(),
    timeoutSeconds: jobSchema.shape.timeoutSeconds.unwrap(),
  })
  .partial();
const runSchema = z.object({ wait: z.boolean().default(false) });

/**
 * The job runner's admin interface: install packaged apps, define jobs, run them, read their history.
 * `/_platform/apps`, `/_platform/jobs`, `/_platform/runs`.
 */
export function register(router: Router, ctx: PlatformContext): void {
  const open = { auth: 'none' as const };
  const runner = jobRunner(ctx);

  router.get('/apps', () => json({ apps: runner.store.apps() }), open);
  router.post('/apps', async (req) => json(await runner.install(await req.body()), 201), {
    ...open,
    bodyTypes: ['application/zip', 'application/octet-stream', 'application/x-zip-compressed'],
  });
  router.get('/apps/:app', (req) => json(runner.requireApp(req.params.app)), open);
  router.delete('/apps/:app', async (req) => (await runner.uninstall(req.params.app), json({ ok: true })), open);

  router.get('/jobs', () => json({ jobs: runner.store.jobs().map((j) => runner.describeJob(j)) }), open);
  router.post('/jobs', async (req) => json(runner.describeJob(runner.createJob(await parseBody(req, jobSchema))), 201), open);
  router.get('/jobs/:job', (req) => json(runner.describeJob(runner.requireJob(req.params.job))), open);
  router.put('/jobs/:job', async (req) => json(runner.describeJob(runner.updateJob(req.params.job, await parseBody(req, jobPatchSchema)))), open);
  router.delete('/jobs/:job', async (req) => (await runner.deleteJob(req.params.job), json({ ok: true })), open);
  router.get('/jobs/:job/results', (req) => json({ results: runner.requireJob(req.params.job).results }), open);
  router.delete('/jobs/:job/results', (req) => json({ results: runner.clearResults(req.params.job).results }), open);
  router.get(
    '/jobs/:job/runs',
    (req) => json({ runs: runner.store.runs({ jobId: runner.requireJob(req.params.job).id, limit: limitOf(req.query) }) }),
    open,
  );
  router.post(
    '/jobs/:job/run',
    async (req) => {
      const raw = (await req.body()).length ? await parseBody(req, runSchema) : { wait: req.query.get('wait') === 'true' };
      const { run, done } = runner.runNow(req.params.job, 'demand');
      if (!raw.wait) {
        done.catch(() => undefined);
        return json(run, 202);
      }
      return json(await done, 200);
    },
    open,
  );

  router.get('/runs', (req) => {
    const jobRef = req.query.get('job');
    return json({ runs: runner.store.runs({ jobId: jobRef ? runner.requireJob(jobRef).id : undefined, limit: limitOf(req.query) }) });
  }, open);
  router.get('/runs/:run', (req) => {
    const run = runner.store.run(Number(req.params.run));
    if (!run) return json({ error: `run ${JSON.stringify(req.params.run)} not found` }, 404);
    return json({ ...run, log: runner.runLog(run.id) });
  }, open);
  router.get('/runs/:run/log', (req) => {
    const log = runner.runLog(Number(req.params.run));
    if (log === undefined) return json({ error: `run ${JSON.stringify(req.params.run)} not found` }, 404);
    return { status: 200, raw: log, headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
  }, open);
}

function limitOf(query: URLSearchParams): number | undefined {
  const raw = query.get('limit');
  return raw && /^\d+$/.test(raw) ? Number(raw) : undefined;
}
