import { join } from 'node:path';
import type { PlatformContext } from '../context.js';
import { tiStore, type TiStore } from '../store/index.js';
import { BATCH_CODES, BATCH_MESSAGES, type BatchErrorEntry } from './codes.js';
import type { JobConfig } from './config.js';
import { parseContent, type JobPlan } from './content.js';
import { JobRepo, emptyCounts, type JobCounts, type JobRow } from './jobs.js';
import { StepProcessor, type JobActor } from './processor.js';
import { linkWriter } from '../auth/owners.js';
import { batchSettings, type BatchSettings } from './settings.js';
import { FileUploads, MemoryUploads, type UploadStore } from './uploads.js';

/** Thrown inside a slice when its job vanished (admin reset): rolls the slice back. */
class JobGone extends Error {}

/**
 * Runs batch jobs in the background, one at a time, in upload order. A job is processed in slices of steps; each
 * slice commits its writes, the job's progress, counts and errors in one transaction and then lets the server
 * answer other requests. A job stopped by shutdown (or a crash) resumes at its committed progress on the next
 * start, so every step is applied exactly once. A job's uploaded data is kept from its upload until it completes in
 * `uploads` (files beside the data file, or memory), not in the database.
 */
export class BatchEngine {
  readonly settings: BatchSettings;
  readonly jobs: JobRepo;
  readonly uploads: UploadStore;
  private readonly store: TiStore;
  private stopping = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** jobs being processed right now (by the loop or a synchronous createAndUpload) */
  private readonly active = new Set<number>();

  constructor(private readonly ctx: PlatformContext) {
    this.settings = batchSettings(ctx);
    this.jobs = new JobRepo(ctx.db, () => ctx.nowIso());
    const { dataFile, filesDir } = ctx.settings;
    // on disk only when the database is: a queued job survives a restart with its data, or not at all
    this.uploads = dataFile && filesDir ? new FileUploads(join(filesDir, 'batch')) : new MemoryUploads();
    this.store = tiStore(ctx);
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.jobs.moveLegacyUploads((id, content) => this.uploads.put(id, content));
    // uploads of jobs that completed (or were wiped by a reset) just before the platform stopped
    this.uploads.prune(new Set(this.jobs.pending()));
    this.loop = this.run().catch((err) => {
      if (!this.ctx.settings.quiet) console.error('platform: batch worker stopped', err);
    });
  }

  /** Stops after the slice in progress; the job stays Running and resumes on the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  createJob(ownerId: number, userId: number | null, config: JobConfig): number {
    return this.jobs.create(ownerId, userId, config);
  }

  /**
   * Stores the data and queues the job for the worker: the data first, so a queued job always has it. A job wiped
   * meanwhile (admin reset while its data was being received) keeps nothing.
   */
  upload(jobId: number, content: Buffer): void {
    this.uploads.put(jobId, content);
    if (!this.jobs.queue(jobId)) {
      this.uploads.remove(jobId);
      return;
    }
    this.wake?.();
  }

  /** Processes a queued job now, before answering (createAndUpload below the synchronous limit). */
  async runNow(jobId: number): Promise<void> {
    const job = this.jobs.get(jobId);
    if (job && !this.active.has(jobId)) await this.process(job);
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const next = this.jobs.pending().find((id) => !this.active.has(id));
      if (next === undefined) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = undefined;
        continue;
      }
      const job = this.jobs.get(next);
      if (job) await this.process(job);
      // let requests in between jobs too
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private async process(job: JobRow): Promise<void> {
    this.active.add(job.id);
    try {
      await this.processJob(job);
    } catch (err) {
      if (err instanceof JobGone) return;
      // a bug, not bad data: finish the job with one internal error rather than retrying it forever
      const committed = this.jobs.get(job.id);
      if (!committed) return;
      const entry: BatchErrorEntry = { code: BATCH_CODES.internal, severity: 'Error', errorReason: `${BATCH_MESSAGES.unexpected}: ${(err as Error).message}`, errorSource: `job ${job.id}` };
      this.ctx.db.transaction(() => this.jobs.commit(job.id, committed.progress, committed.counts, [entry], true))();
    } finally {
      this.active.delete(job.id);
      // the data is not needed once the job is done (or gone); a job stopped by shutdown keeps it to resume
      const after = this.jobs.get(job.id);
      if (!after || after.status === 'Completed') this.uploads.remove(job.id);
    }
  }

  private async processJob(job: JobRow): Promise<void> {
    const content = this.uploads.get(job.id);
    if (!content) {
      // lost outside the platform (its file deleted, or a power loss right after the upload): said, not waited for
      const counts = structuredClone(job.counts);
      counts.error.indicator++;
      const entry: BatchErrorEntry = { code: BATCH_CODES.fileIo, severity: 'Error', errorReason: BATCH_MESSAGES.dataLost, errorSource: `job ${job.id}` };
      this.finishNow(job.id, job.progress, counts, [entry]);
      return;
    }
    if (job.status === 'Queued') this.jobs.markRunning(job.id);
    const parsed = parseContent(content);
    if (!parsed.ok) {
      const counts = emptyCounts();
      counts.error.indicator = 1;
      this.finishNow(job.id, 0, counts, [parsed.error]);
      return;
    }
    const plan = parsed.plan;
    if (plan.indicators.length > this.settings.maxIndicators) {
      const counts = emptyCounts();
      counts.error.indicator = 1;
      counts.unprocessed = { group: plan.groups.length, indicator: plan.indicators.length, association: plan.associations.length };
      const entry: BatchErrorEntry = {
        code: BATCH_CODES.indicatorLimit,
        severity: 'Error',
        errorReason: BATCH_MESSAGES.tooManyIndicators(plan.indicators.length, this.settings.maxIndicators),
        errorSource: `job ${job.id}`,
      };
      this.finishNow(job.id, 0, counts, [entry]);
      return;
    }
    const processor = new StepProcessor(this.ctx.db, this.store, job.ownerId, job.config, plan, this.actor(job), this.settings.bulkInsert);
    let counts: JobCounts = job.counts;
    let progress = job.progress;
    while (progress < plan.total) {
      if (this.stopping) return;
      const end = Math.min(plan.total, progress + this.settings.sliceSize);
      const deadline = performance.now() + this.settings.sliceMs;
      // counted on a copy: a slice that rolls back must not leave its counts behind
      const committed = counts;
      counts = structuredClone(committed);
      const errors: BatchErrorEntry[] = [];
      let halted = false;
      let next = progress;
      try {
        this.ctx.db.transaction(() => {
          next = processor.runSteps(progress, end, deadline, job.config.haltOnError, (outcome) => {
            if (outcome.error) {
              counts.error[outcome.kind]++;
              errors.push(outcome.error);
              if (job.config.haltOnError) halted = true;
            } else {
              counts.success[outcome.kind]++;
            }
            if (outcome.losses) {
              // saved, but not whole: counted as an error too, so that clients fetch and show the error file
              counts.error[outcome.kind]++;
              errors.push(...outcome.losses);
              if (job.config.haltOnError) halted = true;
            }
          });
          if (halted) counts.unprocessed = remaining(plan, next);
          if (!this.jobs.commit(job.id, halted ? plan.total : next, counts, errors, halted || next >= plan.total)) throw new JobGone();
        })();
      } catch (err) {
        // the slice was rolled back; cached tag ids may point at rows that no longer exist
        this.store.meta.dropCaches();
        throw err;
      }
      if (halted) return;
      progress = next;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (plan.total === 0) this.finishNow(job.id, 0, counts, []);
  }

  /** The job's user, as the store's rules see them (a job without a user may only link within its owner). */
  private actor(job: JobRow): JobActor {
    const user = job.userId === null ? undefined : this.ctx.directory.userById(job.userId);
    if (!user) return { links: { crossOwner: false, canWrite: (ownerId) => ownerId === job.ownerId }, mayCreateLabels: false };
    return { links: linkWriter(this.ctx, user, false), mayCreateLabels: this.ctx.directory.isAdministrator(user.id) };
  }

  private finishNow(jobId: number, progress: number, counts: JobCounts, errors: BatchErrorEntry[]): void {
    this.ctx.db.transaction(() => {
      if (!this.jobs.commit(jobId, progress, counts, errors, true)) throw new JobGone();
    })();
  }
}

/** Steps from `next` on, by kind: what a halted job did not get to. */
function remaining(plan: JobPlan, next: number): JobCounts['unprocessed'] {
  const g = plan.groups.length;
  const i = plan.indicators.length;
  return {
    group: Math.max(0, g - next),
    indicator: Math.max(0, Math.min(i, g + i - next)),
    association: Math.max(0, Math.min(plan.associations.length, plan.total - Math.max(next, g + i))),
  };
}

/** The platform's batch engine, created once and started/stopped with the platform. */
export function batchEngine(ctx: PlatformContext): BatchEngine {
  if (ctx.services.batch) return ctx.services.batch;
  const engine = new BatchEngine(ctx);
  ctx.services.batch = engine;
  ctx.onStart(() => engine.start());
  ctx.onClose(() => engine.stop());
  ctx.onReset(async () => {
    // the tables are empty now; restart so nothing from before the reset is remembered
    await engine.stop();
    engine.start();
  });
  return engine;
}
