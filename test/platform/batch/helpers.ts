import { gunzipSync } from 'node:zlib';
import type { TcClient } from '../../../src/client/index.js';
import { sleep } from '../../../src/core/sleep.js';

export const OWNER = 'Example Organization';

export const config = (overrides: Record<string, unknown> = {}) => ({
  version: 'V2',
  owner: OWNER,
  haltOnError: 'false',
  action: 'Create',
  attributeWriteType: 'Replace',
  tagWriteType: 'Replace',
  securityLabelWriteType: 'Replace',
  ...overrides,
});

/** Creates a job and uploads data with the two raw calls; returns the job id. */
export async function startBatchJob(client: TcClient, data: unknown, overrides: Record<string, unknown> = {}): Promise<number> {
  const { batchId } = await client.v2<{ batchId: number }>('POST', '/v2/batch', { body: config(overrides) });
  const res = await client.request({
    method: 'POST',
    path: `/v2/batch/${batchId}`,
    body: Buffer.from(typeof data === 'string' ? data : JSON.stringify(data)),
    contentType: 'application/octet-stream',
  });
  if (res.status !== 202) throw new Error(`upload answered ${res.status}`);
  return batchId;
}

export async function waitDone(client: TcClient, id: number, timeoutMs = 30_000): Promise<Record<string, any>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const data = await client.v2('GET', `/v2/batch/${id}`, { query: { includeAdditional: 'true' } });
    if (data.batchStatus.status === 'Completed') return data.batchStatus;
    if (Date.now() > until) throw new Error(`job ${id} not completed: ${JSON.stringify(data.batchStatus)}`);
    await sleep(20);
  }
}

/** Runs a job to completion and returns its status and errors. */
export async function job(client: TcClient, data: unknown, overrides: Record<string, unknown> = {}) {
  const id = await startBatchJob(client, data, overrides);
  const status = await waitDone(client, id);
  return { id, status, errors: await errors(client, id) };
}

export async function errors(client: TcClient, id: number): Promise<Array<Record<string, any>>> {
  const res = await client.request({ path: `/v2/batch/${id}/errors`, allowErrorStatus: true });
  if (res.status === 404) return [];
  if (res.status !== 200) throw new Error(`errors answered ${res.status}: ${res.text()}`);
  return JSON.parse(gunzipSync(res.body).toString('utf8'));
}
