import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { TcClient } from '../client/index.js';
import { TcApiError } from '../core/errors.js';
import { unwrapV2 } from '../client/client.js';
import { encodeSegment } from '../client/url.js';
import type { BatchItemError, BatchStatus } from './results.js';

/**
 * The Batch API v2 calls, exactly as TcEx makes them: config JSON to `POST /v2/batch`, data as octet-stream to
 * `POST /v2/batch/{id}`, or both as multipart to `createAndUpload`; status with includeAdditional; errors as a
 * gzip JSON array; files to `/v2/groups/{documents|reports}/{xid}/upload`.
 */
export class BatchApi {
  constructor(private readonly client: TcClient) {}

  async createJob(config: Record<string, string>): Promise<number> {
    const data = await this.client.v2<{ batchId: number }>('POST', '/v2/batch', { body: config, activityLog: null });
    const id = Number(data?.batchId);
    if (!Number.isInteger(id)) throw new TcApiError(200, 'POST', `${this.client.base.href}/v2/batch`, `no batchId in the response`);
    return id;
  }

  async uploadData(batchId: number, content: string | Uint8Array): Promise<BatchStatus | undefined> {
    const res = await this.client.request({
      method: 'POST',
      path: `/v2/batch/${batchId}`,
      body: typeof content === 'string' ? Buffer.from(content, 'utf8') : content,
      contentType: 'application/octet-stream',
      activityLog: null,
    });
    const data = unwrapV2<{ batchStatus?: BatchStatus } | undefined>(res);
    return data?.batchStatus;
  }

  async createAndUpload(config: Record<string, string>, content: string | Uint8Array): Promise<BatchStatus> {
    const { body, contentType } = multipartUpload(config, content);
    const res = await this.client.request({
      method: 'POST',
      path: '/v2/batch/createAndUpload',
      query: { includeAdditional: 'true' },
      body,
      contentType,
      activityLog: null,
    });
    const data = unwrapV2<{ batchStatus: BatchStatus }>(res);
    if (!data?.batchStatus || !Number.isInteger(Number(data.batchStatus.id))) {
      throw new TcApiError(res.status, 'POST', res.url, 'no batchStatus.id in the createAndUpload response');
    }
    return data.batchStatus;
  }

  async status(batchId: number): Promise<BatchStatus> {
    const data = await this.client.v2<{ batchStatus: BatchStatus }>('GET', `/v2/batch/${batchId}`, {
      query: { includeAdditional: 'true' },
      activityLog: null,
    });
    if (!data?.batchStatus?.status) throw new TcApiError(200, 'GET', `${this.client.base.href}/v2/batch/${batchId}`, 'no batchStatus in the response');
    return data.batchStatus;
  }

  /** The job's errors; an empty list when the platform has none (404). Throws while the job still runs (400). */
  async errors(batchId: number): Promise<BatchItemError[]> {
    const res = await this.client.request({ method: 'GET', path: `/v2/batch/${batchId}/errors`, activityLog: null, allowErrorStatus: true });
    if (res.status === 404) return [];
    if (res.status !== 200) throw res.toError();
    // The platform marks the body gzip-encoded with a generic content type; decode whatever arrives.
    const raw = res.body.length > 1 && res.body[0] === 0x1f && res.body[1] === 0x8b ? gunzipSync(res.body) : res.body;
    const parsed = JSON.parse(raw.toString('utf8')) as unknown;
    return Array.isArray(parsed) ? (parsed as BatchItemError[]) : [parsed as BatchItemError];
  }

  /**
   * Uploads a document's or report's bytes by group xid (or id); a 401 on POST (file already there) is repeated
   * as PUT.
   */
  async uploadFile(branch: 'documents' | 'reports', xidOrId: string | number, owner: string, bytes: Uint8Array): Promise<void> {
    const path = `/v2/groups/${branch}/${encodeSegment(xidOrId)}/upload`;
    const query = { owner, updateIfExists: 'true' };
    const res = await this.client.request({ method: 'POST', path, query, body: bytes, contentType: 'application/octet-stream', activityLog: null, allowErrorStatus: true });
    if (res.status >= 200 && res.status < 300) return;
    if (res.status === 401) {
      await this.client.request({ method: 'PUT', path, query, body: bytes, contentType: 'application/octet-stream', activityLog: null });
      return;
    }
    throw res.toError();
  }
}

/**
 * createAndUpload's body: the two file parts TcEx sends, `config` (JSON) and `content` (the job's data), as one
 * multipart/form-data buffer (RFC 7578). Written here rather than with FormData: a FormData body reaches the wire
 * only after being read through a web stream in 64 KB steps, each waiting for a turn of the event loop, so a job's
 * few megabytes took seconds to leave an app busy building the next job (and were copied twice); this is one copy
 * and nothing to wait for. The boundary is random, as FormData's.
 */
export function multipartUpload(config: Record<string, string>, content: string | Uint8Array): { body: Buffer; contentType: string } {
  const boundary = `----tcex-batch-${randomBytes(16).toString('hex')}`;
  const part = (name: string, type: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`;
  const head = `${part('config', 'application/json')}${JSON.stringify(config)}\r\n${part('content', 'application/octet-stream')}`;
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const body = Buffer.concat([Buffer.from(head, 'utf8'), data, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
