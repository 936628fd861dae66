import { TcConfigError } from '../core/errors.js';
import type { Batch } from './batch.js';
import type { BatchChunk, ChunkLimits } from './chunker.js';
import type { ProgressCallback } from './progress.js';
import type { BatchJobResult } from './results.js';
import { runBatchJob, type SubmitOptions } from './submit.js';

/** `submitWhileBuilding` of a Batch: jobs go to the platform while the app still adds to the batch. */
export interface SubmitWhileBuildingOptions {
  /**
   * A job is sent as soon as this many items wait while no job is in flight: the first job, so the platform starts
   * early, and any job after the platform caught up with the app (default 5,000). With a job in flight, jobs are
   * full (the batch's `limits`).
   */
  firstJobItems?: number;
  /**
   * Jobs sent and not yet complete, at most: 2 (default) keeps one waiting behind the one the platform works on;
   * 1 sends each job after the one before completed (the default, and the only value, with server-side
   * `haltOnError` or `action: 'Delete'`). Items added meanwhile wait in the spool on disk.
   */
  jobsInFlight?: number;
}

export interface StreamSettings {
  firstJobItems: number;
  jobsInFlight: number;
}

/** Validates the option; undefined when jobs are sent only by the submit calls. */
export function streamSettings(
  option: boolean | SubmitWhileBuildingOptions | undefined,
  limits: ChunkLimits,
  config: Record<string, string>,
): StreamSettings | undefined {
  if (option === undefined || option === false) return undefined;
  if (option !== true && (typeof option !== 'object' || option === null || Array.isArray(option))) {
    throw new TcConfigError('submitWhileBuilding', option, 'must be true, false or { firstJobItems, jobsInFlight }');
  }
  const given = option === true ? {} : option;
  for (const key of Object.keys(given)) {
    if (key !== 'firstJobItems' && key !== 'jobsInFlight') throw new TcConfigError(`submitWhileBuilding.${key}`, (given as Record<string, unknown>)[key], 'is not an option (firstJobItems, jobsInFlight)');
  }
  const fullJob = Math.min(limits.maxItems, limits.maxIndicators);
  const firstJobItems = given.firstJobItems ?? Math.min(5_000, fullJob);
  if (!Number.isInteger(firstJobItems) || firstJobItems < 1 || firstJobItems > fullJob) {
    throw new TcConfigError('submitWhileBuilding.firstJobItems', given.firstJobItems, `must be a whole number from 1 to the job size (${fullJob})`);
  }
  const sequential = config.haltOnError === 'true' || config.action === 'Delete';
  const jobsInFlight = given.jobsInFlight ?? (sequential ? 1 : 2);
  if (jobsInFlight !== 1 && jobsInFlight !== 2) throw new TcConfigError('submitWhileBuilding.jobsInFlight', given.jobsInFlight, 'must be 1 or 2');
  if (sequential && jobsInFlight !== 1) {
    throw new TcConfigError('submitWhileBuilding.jobsInFlight', jobsInFlight, 'must be 1 with haltOnError or a Delete action (each job waits for the one before)');
  }
  return { firstJobItems, jobsInFlight };
}

/**
 * Jobs of one submit run, in the order they were sent, with at most `maxInFlight` sent and not complete. A job is
 * sent only after the one before has its data with the platform, so the platform gets them in order. Once a job
 * fails or is halted and failures throw, nothing more is sent; the jobs already sent are still waited for.
 */
export class JobPipeline {
  readonly state = { itemsDone: 0, itemsTotal: 0 };
  private readonly jobs: Array<Promise<BatchJobResult>> = [];
  private readonly unfinished = new Set<Promise<unknown>>();
  private uploading?: Promise<unknown>;
  private failed = false;

  constructor(
    private readonly batch: Batch,
    readonly maxInFlight: number,
    public report: ProgressCallback,
    public options: SubmitOptions,
    /** whether a failed or halted job stops the sending (the submit call's `throwOnError`) */
    public throwOnError: boolean,
  ) {}

  /** jobs sent and not complete */
  get inFlight(): number {
    return this.unfinished.size;
  }

  get sent(): number {
    return this.jobs.length;
  }

  /** a job failed or was halted and failures throw: send nothing more */
  get stopped(): boolean {
    return this.failed && this.throwOnError;
  }

  /** another job may be sent now */
  get ready(): boolean {
    return !this.stopped && !this.uploading && this.unfinished.size < this.maxInFlight;
  }

  /** Sends a chunk as the next job; resolves once its data is with the platform (or the job ended). */
  send(chunk: BatchChunk): Promise<void> {
    let uploaded!: () => void;
    const onPlatform = new Promise<void>((resolve) => (uploaded = resolve));
    // its status is polled once the job before it completed: the platform runs them in order
    const before = this.jobs.at(-1);
    const job = runBatchJob(this.batch, chunk, this.jobs.length + 1, this.state, this.options, this.report, uploaded, before);
    this.jobs.push(job);
    const settled: Promise<void> = job
      .then(
        (result) => {
          if (result.failure || result.halted) this.failed = true;
        },
        () => {
          this.failed = true;
        },
      )
      .finally(() => this.unfinished.delete(settled));
    this.unfinished.add(settled);
    const upload = Promise.race([onPlatform, settled]).then(() => {
      if (this.uploading === upload) this.uploading = undefined;
    });
    this.uploading = upload;
    return upload;
  }

  /** Resolves when the next job may be sent, or something changed (an upload finished, a job ended). */
  async wait(): Promise<void> {
    await Promise.race([...(this.uploading ? [this.uploading] : []), ...this.unfinished]);
  }

  /** Every job's result, in the order they were sent, once all have ended. */
  async results(): Promise<BatchJobResult[]> {
    const out: BatchJobResult[] = [];
    for (const job of this.jobs) out.push(await job);
    return out;
  }
}
