import type { PlatformContext } from '../context.js';
import { JobRunner } from './runner.js';

export { JobRunner, type JobInput, type JobPatch } from './runner.js';
export type { InstalledApp, Job, Run, RunStatus } from './store.js';
export { cronPattern, nextRun } from './schedule.js';

/** The job runner of a platform, created on first use and kept as `ctx.services.runner`. */
export function jobRunner(ctx: PlatformContext): JobRunner {
  let runner = ctx.services.runner;
  if (!runner) {
    const created = new JobRunner(ctx);
    runner = created;
    ctx.services.runner = created;
    ctx.onStart(() => created.start());
    ctx.onClose(() => created.close());
    ctx.onReset(() => created.reset());
  }
  return runner;
}
