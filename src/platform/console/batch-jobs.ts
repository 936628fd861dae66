import type { PlatformContext } from '../context.js';
import type { BatchJobDetail, BatchJobSummary } from './types.js';

interface JobRaw {
  id: number;
  owner: string;
  config: string;
  status: string;
  created: string;
  completed: string | null;
  counts: string;
}

type Tally = Record<'group' | 'indicator' | 'association', number>;
type Counts = Record<'success' | 'error' | 'unprocessed', Tally>;

const zero = (): Tally => ({ group: 0, indicator: 0, association: 0 });
const sum = (t: Tally) => t.group + t.indicator + t.association;

const SELECT = `SELECT j.id, o.name AS owner, j.config, j.status, j.created, j.completed, j.counts
  FROM batch_jobs j JOIN owners o ON o.id = j.owner_id`;

function counts(raw: string): Counts {
  const c = JSON.parse(raw) as Partial<Counts>;
  return { success: { ...zero(), ...c.success }, error: { ...zero(), ...c.error }, unprocessed: { ...zero(), ...c.unprocessed } };
}

/** What a finished job amounted to: a job that stopped on its first error is Halted, not just Partial. */
function outcome(status: string, c: Counts, haltOnError: boolean): string {
  if (status !== 'Completed') return status;
  const ok = sum(c.success);
  const failed = sum(c.error);
  if (failed === 0) return 'Success';
  if (haltOnError && sum(c.unprocessed) > 0) return 'Halted';
  return ok === 0 ? 'Failed' : 'Partial';
}

function summary(r: JobRaw): BatchJobSummary & { counts: Counts; config: Record<string, unknown> } {
  const c = counts(r.counts);
  const config = JSON.parse(r.config) as Record<string, unknown>;
  return {
    id: r.id,
    owner: r.owner,
    status: r.status,
    action: String(config.action ?? ''),
    haltOnError: config.haltOnError === true,
    created: r.created,
    completed: r.completed,
    success: sum(c.success),
    errors: sum(c.error),
    unprocessed: sum(c.unprocessed),
    outcome: outcome(r.status, c, config.haltOnError === true),
    counts: c,
    config,
  };
}

/** The newest batch jobs first (indexed by id; no scan of older jobs). */
export function recentBatchJobs(ctx: PlatformContext, limit: number, before?: number): BatchJobSummary[] {
  const rows = ctx.db
    .prepare(`${SELECT} WHERE j.id < ? ORDER BY j.id DESC LIMIT ?`)
    .all(before ?? Number.MAX_SAFE_INTEGER, limit) as JobRaw[];
  return rows.map((r) => {
    const { counts: _c, config: _g, ...rest } = summary(r);
    return rest;
  });
}

/** One job with its per-kind counts, configuration and errors (each naming the refused item). */
export function batchJobDetail(ctx: PlatformContext, id: number, maxErrors = 1000): BatchJobDetail | undefined {
  const row = ctx.db.prepare(`${SELECT} WHERE j.id = ?`).get(id) as JobRaw | undefined;
  if (!row) return undefined;
  const errors = (ctx.db.prepare('SELECT error FROM batch_errors WHERE job_id = ? ORDER BY id LIMIT ?').all(id, maxErrors) as Array<{ error: string }>).map(
    (e) => JSON.parse(e.error) as BatchJobDetail['errorList'][number],
  );
  return { ...summary(row), errorList: errors };
}
