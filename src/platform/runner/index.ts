import type { PlatformContext } from '../context.js';
import { JobRunner } from './runner.js';

export { JobRunner, type JobInput, type JobPatch } from './runner.js';
export type { InstalledApp, Job, Run, RunStatus } from './store.js';
export { cronPattern, nextRun } from './schedule.js';

/** The job runner of a platform, created on first use and registered as the `runner` service. */
export function jobRunner(ctx: PlatformContext): JobRunner {
  let runner = ctx.services.get('runner') as JobRunner | undefined;
  if (!runner) {
    const created = new JobRunner(ctx);
    runner = created;
    ctx.services.set('runner', created);
    ctx.onStart(() => created.start());
    ctx.onClose(() => created.close());
    ctx.onReset(() => created.reset());
  }
  return runner;
}
