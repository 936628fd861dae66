import type { BatchErrorWire, BatchJobStatus, BatchStatusWire } from '../contract/batch-wire.js';

/**
 * `data.batchStatus` as the SDK reads it: the contract's shape, read leniently (counts may be missing, a server may
 * add fields or report a status not listed).
 */
export interface BatchStatus extends Partial<Omit<BatchStatusWire, 'id' | 'status'>> {
  id: number;
  status: BatchJobStatus | string;
  [field: string]: unknown;
}

/** One entry of `GET /v2/batch/{id}/errors`, read leniently (the contract's fields, each optional). */
export interface BatchItemError extends Partial<Omit<BatchErrorWire, 'errorSource'>> {
  errorSource?: unknown;
  [field: string]: unknown;
}

export interface FileUploadResult {
  xid: string;
  branch: 'documents' | 'reports';
  uploaded: boolean;
  /** why not, when not */
  error?: string;
}

export interface CountsByKind {
  total: number;
  groups: number;
  indicators: number;
  associations: number;
}

/** What one batch job did. */
export interface BatchJobResult {
  /** undefined when the job could not even be created */
  batchId?: number;
  /** the platform's last status (`Completed` when it finished), or `Failed` when the client gave up */
  status: string;
  /** what this client sent in the job */
  sent: CountsByKind & { bytes: number };
  success: CountsByKind;
  error: CountsByKind;
  /** items the platform did not get to (haltOnError); by kind, derived from what was sent where the platform does not say */
  unprocessed: CountsByKind;
  /** the platform's per-item errors */
  errors: BatchItemError[];
  files: FileUploadResult[];
  /** true when the platform stopped at an error (server-side haltOnError) */
  halted: boolean;
  /** a request, poll or upload that failed on the client side (only when not thrown) */
  failure?: string;
  elapsedMs: number;
}

/** What a whole submitAll did: every job and the totals. */
export interface BatchResult {
  jobs: BatchJobResult[];
  totals: {
    jobs: number;
    sent: CountsByKind & { bytes: number };
    success: CountsByKind;
    error: CountsByKind;
    unprocessed: CountsByKind;
    filesUploaded: number;
    filesFailed: number;
    failedJobs: number;
  };
  errors: BatchItemError[];
  /** no failure, no item error, nothing unprocessed */
  ok: boolean;
  elapsedMs: number;
}

export const zeroCounts = (): CountsByKind => ({ total: 0, groups: 0, indicators: 0, associations: 0 });

const add = (a: CountsByKind, b: CountsByKind): void => {
  a.total += b.total;
  a.groups += b.groups;
  a.indicators += b.indicators;
  a.associations += b.associations;
};

/** Fills the result's counts from a final status; unprocessed per kind falls back to sent − success − error. */
export function countsFromStatus(result: BatchJobResult, status: BatchStatus): void {
  const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  result.success = {
    total: n(status.successCount),
    groups: n(status.successGroupCount),
    indicators: n(status.successIndicatorCount),
    associations: n(status.successAssociationCount),
  };
  result.error = {
    total: n(status.errorCount),
    groups: n(status.errorGroupCount),
    indicators: n(status.errorIndicatorCount),
    associations: n(status.errorAssociationCount),
  };
  const byKind = (reported: unknown, kind: 'groups' | 'indicators' | 'associations'): number =>
    typeof reported === 'number' ? reported : Math.max(0, result.sent[kind] - result.success[kind] - result.error[kind]);
  const unprocessed = n(status.unprocessCount);
  result.unprocessed = {
    total: unprocessed,
    groups: unprocessed ? byKind(status.unprocessGroupCount, 'groups') : 0,
    indicators: unprocessed ? byKind(status.unprocessIndicatorCount, 'indicators') : 0,
    associations: unprocessed ? byKind(undefined, 'associations') : 0,
  };
}

export function summarise(jobs: BatchJobResult[], elapsedMs: number): BatchResult {
  const totals: BatchResult['totals'] = {
    jobs: jobs.length,
    sent: { ...zeroCounts(), bytes: 0 },
    success: zeroCounts(),
    error: zeroCounts(),
    unprocessed: zeroCounts(),
    filesUploaded: 0,
    filesFailed: 0,
    failedJobs: 0,
  };
  const errors: BatchItemError[] = [];
  for (const job of jobs) {
    add(totals.sent, job.sent);
    totals.sent.bytes += job.sent.bytes;
    add(totals.success, job.success);
    add(totals.error, job.error);
    add(totals.unprocessed, job.unprocessed);
    totals.filesUploaded += job.files.filter((f) => f.uploaded).length;
    totals.filesFailed += job.files.filter((f) => !f.uploaded).length;
    if (job.failure) totals.failedJobs++;
    errors.push(...job.errors);
  }
  const ok = totals.failedJobs === 0 && totals.error.total === 0 && totals.unprocessed.total === 0 && totals.filesFailed === 0;
  return { jobs, totals, errors, ok, elapsedMs };
}

/** One line per job, for logs and non-terminal progress. */
export function describeJob(job: BatchJobResult, position?: number): string {
  const head = `batch job${position ? ` ${position}` : ''}${job.batchId !== undefined ? ` (id ${job.batchId})` : ''}`;
  const parts = [
    `${job.status}`,
    `sent ${job.sent.groups} groups, ${job.sent.indicators} indicators${job.sent.associations ? `, ${job.sent.associations} associations` : ''}`,
    `${job.success.total} saved`,
    `${job.error.total} errors`,
    `${job.unprocessed.total} unprocessed`,
  ];
  if (job.files.length) parts.push(`${job.files.filter((f) => f.uploaded).length}/${job.files.length} files`);
  if (job.failure) parts.push(`failed: ${job.failure}`);
  return `${head}: ${parts.join(', ')} (${(job.elapsedMs / 1000).toFixed(1)} s)`;
}
