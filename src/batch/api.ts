import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { TcClient } from '../client/index.js';
import { TcApiError } from '../client/errors.js';
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
    const form = multipart([
      { name: 'config', type: 'application/json', body: Buffer.from(JSON.stringify(config)) },
      { name: 'content', type: 'application/octet-stream', body: typeof content === 'string' ? Buffer.from(content) : content },
    ]);
    const res = await this.client.request({
      method: 'POST',
      path: '/v2/batch/createAndUpload',
      query: { includeAdditional: 'true' },
      body: form.body,
      contentType: form.contentType,
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
    if (res.status !== 200) throw new TcApiError(res.status, 'GET', res.url, errorText(res.body));
    // The platform marks the body gzip-encoded with a generic content type; decode whatever arrives.
    const raw = res.body.length > 1 && res.body[0] === 0x1f && res.body[1] === 0x8b ? gunzipSync(res.body) : res.body;
    const parsed = JSON.parse(raw.toString('utf8')) as unknown;
    return Array.isArray(parsed) ? (parsed as BatchItemError[]) : [parsed as BatchItemError];
  }

  /** Uploads a document's or report's bytes by group xid; a 401 on POST (file already there) is repeated as PUT. */
  async uploadFile(branch: 'documents' | 'reports', xid: string, owner: string, bytes: Uint8Array): Promise<void> {
    const path = `/v2/groups/${branch}/${encodeSegment(xid)}/upload`;
    const query = { owner, updateIfExists: 'true' };
    const res = await this.client.request({ method: 'POST', path, query, body: bytes, contentType: 'application/octet-stream', activityLog: null, allowErrorStatus: true });
    if (res.status >= 200 && res.status < 300) return;
    if (res.status === 401) {
      await this.client.request({ method: 'PUT', path, query, body: bytes, contentType: 'application/octet-stream', activityLog: null });
      return;
    }
    throw new TcApiError(res.status, 'POST', res.url, errorText(res.body));
  }
}

/**
 * A multipart/form-data body with file parts, as TcEx sends createAndUpload. Built by hand: the data is already
 * bytes, and undici's request does not take the global FormData of every Node 20 release.
 */
function multipart(parts: Array<{ name: string; type: string; body: Uint8Array }>): { body: Buffer; contentType: string } {
  const boundary = `----tcex-batch-${randomBytes(12).toString('hex')}`;
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.name}"\r\nContent-Type: ${part.type}\r\n\r\n`),
      part.body,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function errorText(body: Buffer): string {
  const text = body.toString('utf8');
  try {
    const parsed = JSON.parse(text);
    return String(parsed?.message ?? parsed?.description ?? text);
  } catch {
    return text.slice(0, 300);
  }
}
