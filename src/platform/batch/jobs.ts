import type { BatchJobStatus, BatchStatusWire } from '../../contract/batch-wire.js';
import type { Db } from '../db/index.js';
import type { BatchErrorEntry } from './codes.js';
import type { JobConfig } from './config.js';
import type { StepKind } from './processor.js';

export type JobStatus = BatchJobStatus;

type Tally = Record<StepKind, number>;
export interface JobCounts {
  success: Tally;
  error: Tally;
  unprocessed: Tally;
}

export interface JobRow {
  id: number;
  ownerId: number;
  userId: number | null;
  config: JobConfig;
  status: JobStatus;
  progress: number;
  counts: JobCounts;
}

export const emptyCounts = (): JobCounts => ({
  success: { group: 0, indicator: 0, association: 0 },
  error: { group: 0, indicator: 0, association: 0 },
  unprocessed: { group: 0, indicator: 0, association: 0 },
});

interface Raw {
  id: number;
  owner_id: number;
  user_id: number | null;
  config: string;
  status: JobStatus;
  progress: number;
  counts: string;
}

const toJob = (r: Raw): JobRow => ({
  id: r.id,
  ownerId: r.owner_id,
  userId: r.user_id,
  config: JSON.parse(r.config) as JobConfig,
  status: r.status,
  progress: r.progress,
  counts: { ...emptyCounts(), ...(JSON.parse(r.counts) as Partial<JobCounts>) },
});

/** The batch tables: jobs and their errors (their uploaded data is kept by an UploadStore). */
export class JobRepo {
  constructor(
    private readonly db: Db,
    private readonly now: () => string,
  ) {}

  create(ownerId: number, userId: number | null, config: JobConfig): number {
    const res = this.db
      .prepare("INSERT INTO batch_jobs (owner_id, user_id, config, status, created, counts) VALUES (?, ?, ?, 'Created', ?, ?)")
      .run(ownerId, userId, JSON.stringify(config), this.now(), JSON.stringify(emptyCounts()));
    return Number(res.lastInsertRowid);
  }

  get(id: number): JobRow | undefined {
    const row = this.db.prepare('SELECT id, owner_id, user_id, config, status, progress, counts FROM batch_jobs WHERE id = ?').get(id) as Raw | undefined;
    return row ? toJob(row) : undefined;
  }

  /** Queues a job whose data is stored (see uploads.ts); false when the job no longer exists (an admin reset wiped it). */
  queue(id: number): boolean {
    return this.db.prepare("UPDATE batch_jobs SET status = 'Queued', queued = ? WHERE id = ?").run(this.now(), id).changes > 0;
  }

  /** Jobs to run: those queued, and those a stop or crash left running (they resume at their progress). */
  pending(): number[] {
    return (this.db.prepare("SELECT id FROM batch_jobs WHERE status IN ('Queued','Running') ORDER BY id").all() as Array<{ id: number }>).map((r) => r.id);
  }

  /**
   * Hands the uploads a data file of an older version kept in its `batch_data` table to `put`, then drops the
   * table: uploads are kept outside the database now. Done again after a crash half-way (put replaces).
   */
  moveLegacyUploads(put: (jobId: number, content: Buffer) => void): void {
    if (!this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'batch_data'").get()) return;
    for (const row of this.db.prepare('SELECT job_id, content FROM batch_data').iterate() as IterableIterator<{ job_id: number; content: Buffer }>) {
      put(row.job_id, row.content);
    }
    this.db.exec('DROP TABLE batch_data');
  }

  markRunning(id: number): void {
    this.db.prepare("UPDATE batch_jobs SET status = 'Running', started = COALESCE(started, ?) WHERE id = ?").run(this.now(), id);
  }

  /**
   * Records progress, counts and new errors, completing the job when asked; call inside the transaction that made
   * the writes. False when the job no longer exists (an admin reset wiped it).
   */
  commit(id: number, progress: number, counts: JobCounts, errors: BatchErrorEntry[], complete: boolean): boolean {
    const res = complete
      ? this.db.prepare("UPDATE batch_jobs SET progress = ?, counts = ?, status = 'Completed', completed = ? WHERE id = ?").run(progress, JSON.stringify(counts), this.now(), id)
      : this.db.prepare('UPDATE batch_jobs SET progress = ?, counts = ? WHERE id = ?').run(progress, JSON.stringify(counts), id);
    if (res.changes === 0) return false;
    const insert = this.db.prepare('INSERT INTO batch_errors (job_id, error) VALUES (?, ?)');
    for (const e of errors) insert.run(id, JSON.stringify(e));
    return true;
  }

  errors(id: number): BatchErrorEntry[] {
    return (this.db.prepare('SELECT error FROM batch_errors WHERE job_id = ? ORDER BY id').all(id) as Array<{ error: string }>).map(
      (r) => JSON.parse(r.error) as BatchErrorEntry,
    );
  }
}

const sum = (t: Tally): number => t.group + t.indicator + t.association;

/** `data.batchStatus`: the three totals, plus the per-kind counts with includeAdditional. */
export function batchStatus(job: JobRow, additional: boolean): BatchStatusWire {
  const c = job.counts;
  const out: BatchStatusWire = {
    id: job.id,
    status: job.status,
    errorCount: sum(c.error),
    // groups and indicators only, as ThreatConnect counts it; associations have their own count
    successCount: c.success.group + c.success.indicator,
    unprocessCount: sum(c.unprocessed),
  };
  if (additional) {
    Object.assign(out, {
      successGroupCount: c.success.group,
      errorGroupCount: c.error.group,
      unprocessGroupCount: c.unprocessed.group,
      successIndicatorCount: c.success.indicator,
      errorIndicatorCount: c.error.indicator,
      unprocessIndicatorCount: c.unprocessed.indicator,
      successAssociationCount: c.success.association,
      errorAssociationCount: c.error.association,
      unprocessAssociationCount: c.unprocessed.association,
      action: job.config.action,
      haltOnError: job.config.haltOnError,
    });
  }
  return out;
}
