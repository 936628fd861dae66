// One batch job timed from upload to Completed, as the platform benchmarks measure it.
import type { BatchApi } from '../src/batch/api.js';
import { sleep } from '../src/core/sleep.js';
import { cpuSeconds } from './report.js';

/**
 * Uploads `data` as one Create job and waits until it is Completed, polling every `pollMs`; returns its seconds and
 * this process's CPU seconds. The data is serialised before (that is the client's work, not the platform's). A job
 * that saved fewer than `count` items is an error: a figure from a job that dropped items would mean nothing.
 */
export async function timedJob(api: BatchApi, config: Record<string, string>, data: Buffer, count: number, pollMs: number): Promise<{ seconds: number; cpu: number }> {
  const started = performance.now();
  const cpu = cpuSeconds();
  const status = await api.createAndUpload(config, data);
  let done = status;
  while (done.status !== 'Completed') {
    await sleep(pollMs);
    done = await api.status(status.id);
  }
  if (done.successCount !== count) throw new Error(`job ${status.id}: ${JSON.stringify(done)}`);
  return { seconds: (performance.now() - started) / 1000, cpu: cpuSeconds() - cpu };
}
