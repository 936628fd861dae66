import { describeJob, type BatchJobResult } from './results.js';

/** What the submit calls report as they go. */
export interface BatchProgressEvent {
  phase: 'uploading' | 'waiting' | 'completed' | 'files' | 'failed' | 'done';
  /** 1-based job number within this submit call */
  job: number;
  batchId?: number;
  /** the platform's status while waiting */
  status?: string;
  /** items (groups, indicators, associations) in finished jobs so far */
  itemsDone: number;
  /** items spooled in the batch, before de-duplication (an upper bound) */
  itemsTotal: number;
  /** present on `completed` and `failed` */
  result?: BatchJobResult;
}

export type ProgressCallback = (event: BatchProgressEvent) => void;

/**
 * `'auto'` (default): a bar when stderr is a terminal, nothing otherwise. `true`: a bar on a terminal, one plain
 * line per job elsewhere (CI logs). `false`: nothing. A function receives every event instead.
 */
export type ProgressOption = boolean | 'auto' | ProgressCallback;

interface Stream {
  isTTY?: boolean;
  write(text: string): unknown;
  columns?: number;
}

export function progressReporter(option: ProgressOption | undefined, stream: Stream = process.stderr): ProgressCallback {
  if (typeof option === 'function') return option;
  if (option === false) return () => undefined;
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  if (tty) return barReporter(stream);
  if (option === true) return lineReporter(stream);
  return () => undefined;
}

function lineReporter(stream: Stream): ProgressCallback {
  return (e) => {
    if ((e.phase === 'completed' || e.phase === 'failed') && e.result) stream.write(`${describeJob(e.result, e.job)}\n`);
  };
}

function barReporter(stream: Stream): ProgressCallback {
  let drawn = false;
  return (e) => {
    if (e.phase === 'done') {
      if (drawn) stream.write('\n');
      drawn = false;
      return;
    }
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 50));
    const share = e.itemsTotal > 0 ? Math.min(1, e.itemsDone / e.itemsTotal) : 0;
    const filled = Math.round(share * width);
    const state = e.phase === 'waiting' ? (e.status ?? 'waiting') : e.phase;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${e.itemsDone.toLocaleString('en-US')}/${e.itemsTotal.toLocaleString('en-US')} · job ${e.job} ${state}`;
    stream.write(`\r${line}\u001b[K`);
    drawn = true;
  };
}
