import { TcConfigError } from '../core/errors.js';

/** How status polling paces itself. */
export interface PollOptions {
  /** first wait for a job when no earlier job has been measured (default: from the item count, 0.2-5 s) */
  initialMs?: number;
  /** shortest wait between polls (default 100 ms; waits this short come only where a job is about to complete) */
  minMs?: number;
  /** longest wait between polls (default 20 s) */
  maxMs?: number;
  /** give up after this long (default 3,600 s, as TcEx) */
  timeoutMs?: number;
}

/**
 * Adaptive polling: the first wait is the expected processing time (item count over the throughput measured on
 * earlier jobs, a little early on purpose). When a status shows the job's counts growing while it runs, the next
 * wait is the time the rest should take at that pace; otherwise waits start short and grow by half each time up
 * to `maxMs`. Jobs the platform finishes quickly are seen quickly; long jobs are not hammered.
 */
export class AdaptivePoller {
  readonly minMs: number;
  readonly maxMs: number;
  readonly timeoutMs: number;
  private readonly initialMs?: number;
  /** items per millisecond seen on finished jobs */
  private rate?: number;

  constructor(options: PollOptions = {}) {
    this.minMs = check('poll.minMs', options.minMs ?? 100);
    this.maxMs = check('poll.maxMs', options.maxMs ?? 20_000);
    this.timeoutMs = check('poll.timeoutMs', options.timeoutMs ?? 3_600_000);
    if (options.initialMs !== undefined) this.initialMs = check('poll.initialMs', options.initialMs);
    if (this.maxMs < this.minMs) throw new TcConfigError('poll.maxMs', this.maxMs, `must be at least poll.minMs (${this.minMs})`);
  }

  firstDelay(items: number): number {
    // a third of the expected time: a job reporting its counts while it runs is then timed by its own pace
    // (nextDelay); one that does not is polled at growing intervals from there
    const expected = this.rate ? (items / this.rate) * 0.3 : (this.initialMs ?? items * 0.02);
    return this.clamp(expected);
  }

  /** The wait after a poll that found the job unfinished; `remainingMs` when its progress gave an estimate. */
  nextDelay(previous: number, polls: number, remainingMs?: number): number {
    // a little late rather than early: a poll before the end costs a request and another wait
    if (remainingMs !== undefined) return this.clamp(remainingMs * 1.1 + 10);
    // after the first, expected wait, poll soon again: the job is usually nearly done
    return polls === 1 ? this.clamp(previous / 4) : this.clamp(previous * 1.5);
  }

  /**
   * Learns the pace from a finished job. The job ended between the last poll that found it unfinished and the one
   * that found it done: the middle of the two, not the later one, or every late poll would make the next job's
   * first wait longer still. A job done at its first poll ended sooner than expected by an unknown margin.
   */
  observe(items: number, sinceMs: number, doneAt: number, lastUnfinishedAt?: number): void {
    const elapsedMs = lastUnfinishedAt === undefined ? (doneAt - sinceMs) * 0.85 : (lastUnfinishedAt + doneAt) / 2 - sinceMs;
    if (items <= 0 || elapsedMs <= 0) return;
    const rate = items / elapsedMs;
    this.rate = this.rate ? (this.rate + rate) / 2 : rate;
  }

  private clamp(ms: number): number {
    return Math.min(this.maxMs, Math.max(this.minMs, Math.round(ms)));
  }
}

function check(field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new TcConfigError(field, value, 'must be a number of milliseconds, zero or more');
  return value;
}

/**
 * A running job's pace from the counts in its status. ThreatConnect documents the counts of a finished job; the
 * local platform also reports them while a job runs (it commits in slices). Where they stay at zero until the end,
 * there is no estimate and polling backs off as usual.
 */
export class JobProgress {
  private lastDone = 0;
  private lastAt: number;

  constructor(
    private readonly items: number,
    since: number,
  ) {
    this.lastAt = since;
  }

  /** Milliseconds the rest of the job should take, or undefined when the status gives no pace. */
  remainingMs(status: { status: string; successCount?: unknown; errorCount?: unknown; unprocessCount?: unknown }, now = Date.now()): number | undefined {
    const done = count(status.successCount) + count(status.errorCount) + count(status.unprocessCount);
    if (status.status !== 'Running' || done <= this.lastDone || done >= this.items) return undefined;
    const perMs = (done - this.lastDone) / Math.max(1, now - this.lastAt);
    this.lastDone = done;
    this.lastAt = now;
    return (this.items - done) / perMs;
  }
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0);
