import type { PlatformContext } from '../context.js';
import { recentBatchJobs } from './batch-jobs.js';
import { recentRuns } from './runner.js';
import type { Activity, IngestSeries, Overview, OwnerCounts } from './types.js';

/**
 * The overview: per owner, active indicators by type (as the REST API counts them) and groups by type, and items
 * added over time per owner. Scans of the item tables (seconds at a million indicators): read when the page
 * opens, never polled.
 */
export function overview(ctx: PlatformContext): Overview {
  const owners = new Map<number, OwnerCounts>();
  for (const o of ctx.directory.owners()) owners.set(o.id, { id: o.id, name: o.name, type: o.type, indicators: {}, groups: {} });
  const indicatorCounts = ctx.db
    .prepare('SELECT owner_id AS ownerId, type, COUNT(*) AS n FROM ti_indicators WHERE active = 1 GROUP BY owner_id, type')
    .all() as Array<{ ownerId: number; type: string; n: number }>;
  for (const r of indicatorCounts) {
    const o = owners.get(r.ownerId);
    if (o) o.indicators[r.type] = r.n;
  }
  const groupCounts = ctx.db
    .prepare('SELECT owner_id AS ownerId, type, COUNT(*) AS n FROM ti_groups GROUP BY owner_id, type')
    .all() as Array<{ ownerId: number; type: string; n: number }>;
  for (const r of groupCounts) {
    const o = owners.get(r.ownerId);
    if (o) o.groups[r.type] = r.n;
  }
  return { owners: [...owners.values()], ingest: ingestSeries(ctx, owners) };
}

/** The newest batch jobs and job runs (walks of their primary keys from the newest). */
export function activity(ctx: PlatformContext): Activity {
  return { batchJobs: recentBatchJobs(ctx, 8), runs: recentRuns(ctx, 8) };
}

type Bucket = Overview['ingest']['bucket'];
const BUCKET_CHARS: Record<Bucket, number> = { minute: 16, hour: 13, day: 10 };
const BUCKET_SUFFIX: Record<Bucket, string> = { minute: ':00Z', hour: ':00:00Z', day: 'T00:00:00Z' };

/**
 * Items (indicators and groups) added per owner, as a running total per time bucket. The bucket is the finest of
 * minute, hour and day that keeps the chart under ~400 points.
 */
function ingestSeries(ctx: PlatformContext, owners: Map<number, OwnerCounts>): Overview['ingest'] {
  const span = ctx.db
    .prepare(
      `SELECT MIN(a) AS first, MAX(b) AS last FROM (
         SELECT MIN(date_added) AS a, MAX(date_added) AS b FROM ti_indicators
         UNION ALL SELECT MIN(date_added), MAX(date_added) FROM ti_groups)`,
    )
    .get() as { first: string | null; last: string | null };
  if (!span.first || !span.last) return { bucket: 'minute', series: [] };
  const minutes = (Date.parse(span.last) - Date.parse(span.first)) / 60_000;
  const bucket: Bucket = minutes <= 400 ? 'minute' : minutes <= 400 * 60 ? 'hour' : 'day';
  const n = BUCKET_CHARS[bucket];
  const rows = ctx.db
    .prepare(
      `SELECT ownerId, b, SUM(c) AS c FROM (
         SELECT owner_id AS ownerId, substr(date_added, 1, ${n}) AS b, COUNT(*) AS c FROM ti_indicators GROUP BY 1, 2
         UNION ALL SELECT owner_id, substr(date_added, 1, ${n}), COUNT(*) FROM ti_groups GROUP BY 1, 2)
       GROUP BY ownerId, b ORDER BY ownerId, b`,
    )
    .all() as Array<{ ownerId: number; b: string; c: number }>;
  const byOwner = new Map<number, IngestSeries>();
  for (const r of rows) {
    const name = owners.get(r.ownerId)?.name ?? String(r.ownerId);
    let s = byOwner.get(r.ownerId);
    if (!s) byOwner.set(r.ownerId, (s = { owner: name, points: [] }));
    const total = (s.points.at(-1)?.[1] ?? 0) + r.c;
    s.points.push([Date.parse(r.b + BUCKET_SUFFIX[bucket]) / 1000, total]);
  }
  return { bucket, series: [...byOwner.values()] };
}
