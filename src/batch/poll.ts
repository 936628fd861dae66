import { TcConfigError } from '../core/errors.js';

/** How status polling paces itself. */
export interface PollOptions {
  /** first wait for a job when no earlier job has been measured (default: from the item count, 0.2-5 s) */
  initialMs?: number;
  /** shortest wait between polls (default 200 ms) */
  minMs?: number;
  /** longest wait between polls (default 20 s) */
  maxMs?: number;
  /** give up after this long (default 3,600 s, as TcEx) */
  timeoutMs?: number;
}

/**
 * Adaptive polling: the first wait is the expected processing time (item count over the throughput measured on
 * earlier jobs, a little early on purpose), later waits start short and grow by half each time up to `maxMs`.
 * Jobs the platform finishes quickly are seen quickly; long jobs are not hammered.
 */
export class AdaptivePoller {
  readonly minMs: number;
  readonly maxMs: number;
  readonly timeoutMs: number;
  private readonly initialMs?: number;
  /** items per millisecond seen on finished jobs */
  private rate?: number;

  constructor(options: PollOptions = {}) {
    this.minMs = check('poll.minMs', options.minMs ?? 200);
    this.maxMs = check('poll.maxMs', options.maxMs ?? 20_000);
    this.timeoutMs = check('poll.timeoutMs', options.timeoutMs ?? 3_600_000);
    if (options.initialMs !== undefined) this.initialMs = check('poll.initialMs', options.initialMs);
    if (this.maxMs < this.minMs) throw new TcConfigError('poll.maxMs', this.maxMs, `must be at least poll.minMs (${this.minMs})`);
  }

  firstDelay(items: number): number {
    const expected = this.rate ? (items / this.rate) * 0.7 : (this.initialMs ?? items * 0.02);
    return this.clamp(expected);
  }

  nextDelay(previous: number, polls: number): number {
    // after the first, expected wait, poll soon again: the job is usually nearly done
    return polls === 1 ? this.clamp(previous / 4) : this.clamp(previous * 1.5);
  }

  observe(items: number, elapsedMs: number): void {
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
