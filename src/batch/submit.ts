import { sleep } from '../core/sleep.js';
import type { BatchApi } from './api.js';
import type { Batch } from './batch.js';
import type { BatchChunk } from './chunker.js';
import { BatchSubmitError } from './errors.js';
import { JobProgress, type AdaptivePoller } from './poll.js';
import type { ProgressCallback, ProgressOption } from './progress.js';
import { countsFromStatus, describeJob, zeroCounts, type BatchJobResult, type BatchStatus, type FileUploadResult } from './results.js';
import { maskSecrets } from '../core/secrets.js';

export interface SubmitOptions {
  /**
   * Client layer of halt-on-error. true (the batch's default unless set otherwise): a failed request, a poll
   * timeout, a critical platform error or a job halted by the platform throws BatchSubmitError (with the results so
   * far in `error.result`); submitAll stops there and the rest stays in the spool. false: nothing throws, and the
   * problem is in `result.failure` / `result.halted`. Item errors of a job that was not halted never throw.
   */
  throwOnError?: boolean;
  /** wait for each job to complete (default true); without polling, errors and files are skipped */
  poll?: boolean;
  /** fetch the platform's per-item errors when it reports any (default true) */
  errors?: boolean;
  /** upload document and report contents after each job (default true; never for Delete) */
  files?: boolean;
  progress?: ProgressOption;
}

/** Platform error reasons that mean the whole job went wrong, not one item. */
const CRITICAL = ['Encountered an unexpected Exception while processing batch job', 'would exceed the number of allowed indicators'];

/** Runs one chunk as a job through every step, recording what happened rather than throwing. */
export async function runBatchJob(
  batch: Batch,
  chunk: BatchChunk,
  position: number,
  progress: { itemsDone: number; itemsTotal: number },
  options: SubmitOptions,
  report: ProgressCallback,
  /** called once the job's data is with the platform */
  uploaded?: () => void,
  /** the job sent before this one: polling starts once it has ended (the platform runs jobs in order) */
  before?: Promise<unknown>,
): Promise<BatchJobResult> {
  const started = Date.now();
  const items = chunk.groups + chunk.indicators + chunk.associations;
  const result: BatchJobResult = {
    status: 'Created',
    sent: { total: items, groups: chunk.groups, indicators: chunk.indicators, associations: chunk.associations, bytes: chunk.bytes },
    success: zeroCounts(),
    error: zeroCounts(),
    unprocessed: zeroCounts(),
    errors: [],
    files: [],
    halted: false,
    elapsedMs: 0,
  };
  const api = batch.api;
  const emit = (phase: 'uploading' | 'waiting', status?: string) =>
    report({ phase, job: position, batchId: result.batchId, status, itemsDone: progress.itemsDone, itemsTotal: progress.itemsTotal });
  try {
    emit('uploading');
    let status: BatchStatus;
    if (batch.config.action === 'Delete') {
      // createAndUpload does not take deletes; TcEx uses the two calls for them as well
      result.batchId = await api.createJob(batch.config);
      status = (await api.uploadData(result.batchId, chunk.content)) ?? { id: result.batchId, status: 'Queued' };
    } else {
      status = await api.createAndUpload(batch.config, chunk.content);
      result.batchId = Number(status.id);
    }
    batch.release(chunk);
    uploaded?.();
    result.status = status.status;
    if (status.status !== 'Completed' && options.poll !== false) {
      if (before) await before.catch(() => undefined);
      status = await pollUntilDone(api, batch.poller, result.batchId, items, Date.now(), (s) => emit('waiting', s.status));
    }
    result.status = status.status;
    countsFromStatus(result, status);
    result.halted = batch.config.haltOnError === 'true' && result.error.total > 0;
    const hasErrors = result.error.total + result.error.groups + result.error.indicators > 0;
    if (status.status === 'Completed' && hasErrors && options.errors !== false) {
      result.errors = await api.errors(result.batchId);
      const critical = result.errors.find((e) => CRITICAL.some((c) => String(e.errorReason ?? '').includes(c)));
      if (critical) result.failure = `critical batch error: ${critical.errorReason}`;
    }
    if (status.status === 'Completed' && batch.config.action === 'Create' && options.files !== false && chunk.files.length) {
      result.files = await uploadFiles(batch, chunk.files);
    }
  } catch (err) {
    if (result.status === 'Created' || result.status === 'Queued' || result.status === 'Running') result.status = 'Failed';
    result.failure = maskSecrets(err instanceof Error ? err.message : String(err));
  }
  result.elapsedMs = Date.now() - started;
  progress.itemsDone += items;
  batch.logger[result.failure ? 'error' : 'info'](describeJob(result, position));
  report({
    phase: result.failure ? 'failed' : 'completed',
    job: position,
    batchId: result.batchId,
    status: result.status,
    itemsDone: progress.itemsDone,
    itemsTotal: progress.itemsTotal,
    result,
  });
  return result;
}

/** Polls a job until Completed, pacing itself with the adaptive poller; a timeout throws BatchSubmitError. */
export async function pollUntilDone(
  api: BatchApi,
  poller: AdaptivePoller,
  batchId: number,
  items: number,
  since: number,
  onStatus?: (status: BatchStatus) => void,
): Promise<BatchStatus> {
  let delay = poller.firstDelay(items);
  const progress = new JobProgress(items, since);
  let unfinishedAt: number | undefined;
  for (let polls = 1; ; polls++) {
    const remaining = poller.timeoutMs - (Date.now() - since);
    if (remaining <= 0) throw new BatchSubmitError(`batch status check reached timeout (${Math.round(poller.timeoutMs / 1000)} seconds) for job ${batchId}`);
    await sleep(Math.min(delay, remaining));
    const status = await api.status(batchId);
    onStatus?.(status);
    if (status.status === 'Completed') {
      poller.observe(items, since, Date.now(), unfinishedAt);
      return status;
    }
    unfinishedAt = Date.now();
    delay = poller.nextDelay(delay, polls, progress.remainingMs(status));
  }
}

/** Uploads files one at a time (callbacks are called here, lazily); each outcome is recorded, none thrown. */
export async function uploadFiles(batch: Batch, xids: string[]): Promise<FileUploadResult[]> {
  const results: FileUploadResult[] = [];
  for (const xid of xids) {
    const branch = batch.files.branch(xid);
    if (!branch) continue;
    try {
      const bytes = await batch.files.read(xid);
      if (bytes === null) {
        results.push({ xid, branch, uploaded: false, error: 'the content callback returned nothing' });
        continue;
      }
      await batch.api.uploadFile(branch, xid, batch.owner, bytes);
      batch.files.done(xid);
      results.push({ xid, branch, uploaded: true });
    } catch (err) {
      const message = maskSecrets(err instanceof Error ? err.message : String(err));
      batch.logger.warn(`batch: upload of ${branch} ${xid} failed: ${message}`);
      results.push({ xid, branch, uploaded: false, error: message });
    }
  }
  return results;
}
