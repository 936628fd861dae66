import { z } from 'zod';
import type { PlatformContext } from '../context.js';
import { ApiFailure } from '../http/errors.js';
import type { PlatformRequest } from '../http/request.js';
import { json } from '../http/respond.js';
import type { Router } from '../http/router.js';
import { batchJobDetail, recentBatchJobs } from './batch-jobs.js';
import { browse } from './browse.js';
import { itemDetail } from './detail.js';
import { activity, overview } from './overview.js';
import { runDetail, runnerView } from './runner.js';
import type { OwnerList, RequestsPage } from './types.js';
import { GROUP_TYPES, INDICATOR_TYPES } from '../../model/index.js';
import { TASK_TYPE } from '../store/index.js';

/**
 * What the web console reads, under `/_platform/console/...`: all GET, nothing here changes data (the console's
 * two actions, run now and fault rules, use `/_platform/jobs/{job}/run` and `/_platform/faults`). Behind the same
 * admin key and origin rules as the rest of `/_platform`.
 */

const browseSchema = z.object({
  kind: z.enum(['indicator', 'group']).default('indicator'),
  owner: z.string().min(1),
  type: z.string().optional(),
  tql: z.string().max(4000).optional(),
  sort: z.enum(['newest', 'oldest', 'value', 'valueDesc', 'modified']).default('newest'),
  after: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

function queryOf<T extends z.ZodTypeAny>(req: PlatformRequest, schema: T): z.output<T> {
  const raw = Object.fromEntries([...req.query.entries()].filter(([, v]) => v !== ''));
  const result = schema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(query)'}: ${i.message}`).join('; ');
    throw new ApiFailure(400, problems, { error: problems });
  }
  return result.data;
}

function idParam(req: PlatformRequest, name: string): number {
  const raw = req.params[name];
  if (!/^\d{1,15}$/.test(raw)) throw new ApiFailure(400, `${name}: not an id: ${JSON.stringify(raw)}`, { error: `${name}: not an id: ${JSON.stringify(raw)}` });
  return Number(raw);
}

const notFound = (what: string) => json({ error: `${what} not found` }, 404);

export function register(router: Router, ctx: PlatformContext): void {
  const open = { auth: 'none' as const };

  router.get('/console/overview', () => json(overview(ctx)), open);
  router.get('/console/activity', () => json(activity(ctx)), open);
  router.get(
    '/console/owners',
    () =>
      json({
        owners: ctx.directory.owners(),
        indicatorTypes: INDICATOR_TYPES.map((t) => t.name),
        groupTypes: [...GROUP_TYPES.map((t) => t.name), TASK_TYPE.name],
      } satisfies OwnerList),
    open,
  );

  router.get(
    '/console/items',
    (req) => {
      const q = queryOf(req, browseSchema);
      const owner = /^\d+$/.test(q.owner) ? ctx.directory.ownerById(Number(q.owner)) : ctx.directory.ownerByName(q.owner);
      if (!owner) throw new ApiFailure(400, `owner: unknown owner ${JSON.stringify(q.owner)}`, { error: `owner: unknown owner ${JSON.stringify(q.owner)}` });
      return json(browse(ctx, { ...q, owner }));
    },
    open,
  );

  router.get(
    '/console/items/:kind/:id',
    (req) => {
      const kind = req.params.kind;
      if (kind !== 'indicator' && kind !== 'group') throw new ApiFailure(400, `kind: indicator or group, got ${JSON.stringify(kind)}`, { error: `kind: indicator or group, got ${JSON.stringify(kind)}` });
      const detail = itemDetail(ctx, kind, idParam(req, 'id'));
      return detail ? json(detail) : notFound(`${kind} ${req.params.id}`);
    },
    open,
  );

  router.get(
    '/console/batch-jobs',
    (req) => {
      const q = queryOf(req, z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), before: z.coerce.number().int().min(1).optional() }));
      return json({ jobs: recentBatchJobs(ctx, q.limit, q.before) });
    },
    open,
  );
  router.get(
    '/console/batch-jobs/:id',
    (req) => {
      const job = batchJobDetail(ctx, idParam(req, 'id'));
      return job ? json(job) : notFound(`batch job ${req.params.id}`);
    },
    open,
  );

  router.get('/console/runner', () => json(runnerView(ctx)), open);
  router.get(
    '/console/runs/:id',
    (req) => {
      const q = queryOf(req, z.object({ tail: z.coerce.number().int().min(1).max(5000).default(200) }));
      const run = runDetail(ctx, idParam(req, 'id'), q.tail);
      return run ? json(run) : notFound(`run ${req.params.id}`);
    },
    open,
  );

  router.get(
    '/console/requests',
    (req) => {
      const q = queryOf(req, z.object({ after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(5000).default(200) }));
      const newer = ctx.requestLog.list({ after: q.after });
      const page: RequestsPage = {
        requests: newer.slice(-q.limit),
        last: ctx.requestLog.last(),
      };
      return json(page);
    },
    open,
  );
}
