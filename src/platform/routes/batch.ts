import { gzipSync } from 'node:zlib';
import type { PlatformContext } from '../context.js';
import { ApiFailure, MESSAGES as API_MESSAGES } from '../http/errors.js';
import type { PlatformRequest } from '../http/request.js';
import type { PlatformResponse } from '../http/respond.js';
import { created, ok } from '../http/respond.js';
import type { Router } from '../http/router.js';
import { batchEngine, type BatchEngine } from '../batch/engine.js';
import { MESSAGES } from '../batch/codes.js';
import { parseJobConfig, type JobConfig } from '../batch/config.js';
import { batchStatus, type JobRow } from '../batch/jobs.js';
import { parseMultipart } from '../batch/multipart.js';
import { parseJsonBody } from '../http/json-body.js';

/** `{"status":"Invalid","description":...}`: the batch API's own failure shape for size and state problems. */
const invalid = (description: string) => new ApiFailure(400, description, { status: 'Invalid', description });

/** Batch API v2: create, upload (raw or multipart with the config), status, errors. */
export function register(router: Router, ctx: PlatformContext): void {
  const engine = batchEngine(ctx);

  const enabled = () => {
    if (!engine.settings.enabled) throw new ApiFailure(503, MESSAGES.unavailable);
  };

  router.post('/v2/batch', async (req) => {
    enabled();
    const config = parseJobConfig(await req.json());
    const owner = writableOwner(req, config);
    if ('status' in owner) return owner;
    return created({ batchId: engine.createJob(owner.id, req.user?.id ?? null, config) });
  });

  router.post('/v2/batch/createAndUpload', async (req) => {
    enabled();
    const body = await readUpload(req, engine.settings.maxUploadBytes + 1024 * 1024, engine.settings.maxUploadBytes);
    const parts = parseMultipart(req.header('content-type'), body);
    const configPart = parts.find((p) => p.name === 'config');
    const contentPart = parts.find((p) => p.name === 'content');
    if (!configPart || !contentPart) {
      throw new ApiFailure(400, `${API_MESSAGES.malformed}: multipart parts "config" and "content" are required, got ${JSON.stringify(parts.map((p) => p.name))}`);
    }
    if (contentPart.body.length > engine.settings.maxUploadBytes) throw invalid(MESSAGES.tooLarge(engine.settings.maxUploadBytes));
    const config = parseJobConfig(parseJsonBody(configPart.body, 'config'));
    const owner = writableOwner(req, config);
    if ('status' in owner) return owner;
    const id = engine.createJob(owner.id, req.user?.id ?? null, config);
    engine.upload(id, contentPart.body);
    if (engine.settings.synchronousLimit > 0 && roughItemCount(contentPart.body) <= engine.settings.synchronousLimit) await engine.runNow(id);
    return created({ batchStatus: batchStatus(job(engine, req, id), true) });
  });

  router.post('/v2/batch/:id', async (req) => {
    enabled();
    const current = plainPermission(() => job(engine, req, req.params.id, true));
    if (!('ownerId' in current)) return current;
    const type = (req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/octet-stream') {
      throw new ApiFailure(400, `${API_MESSAGES.malformed}: batch data must be sent as Content-Type application/octet-stream, got ${JSON.stringify(type || null)}`);
    }
    const body = await readUpload(req, engine.settings.maxUploadBytes);
    if (current.status !== 'Created') throw invalid(`Batch ${current.id} already has data (status ${current.status})`);
    engine.upload(current.id, body);
    return { status: 202, body: { status: 'Success', data: { batchStatus: batchStatus(job(engine, req, current.id), false) } } };
  });

  router.get('/v2/batch/:id', (req) => ok({ batchStatus: batchStatus(job(engine, req, req.params.id), req.flag('includeAdditional') || req.query.get('includes') === 'additional') }));

  router.get('/v2/batch/:id/errors', (req): PlatformResponse => {
    const current = job(engine, req, req.params.id);
    if (current.status !== 'Completed') throw invalid(MESSAGES.stillRunning(current.status));
    const errors = engine.jobs.errors(current.id);
    if (!errors.length) throw new ApiFailure(404, API_MESSAGES.notFound);
    // as ThreatConnect sends it: gzip with a generic content type
    return {
      status: 200,
      raw: gzipSync(JSON.stringify(errors)),
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Encoding': 'gzip' },
    };
  });
}

/**
 * The job, for its creator or an administrator of its owner; for anyone else it does not exist (404). Writing
 * (uploading data) also needs write access to the owner now: a member made read-only since gets the batch API's
 * plain-text 401.
 */
function job(engine: BatchEngine, req: PlatformRequest, idText: string | number, write = false): JobRow {
  const id = Number(idText);
  const row = Number.isInteger(id) && id > 0 ? engine.jobs.get(id) : undefined;
  const user = req.user;
  const membership = row && user ? req.ctx.directory.membership(user.id, row.ownerId) : undefined;
  if (!row || !user || !membership) throw new ApiFailure(404, API_MESSAGES.notFound);
  if (row.userId !== user.id && !req.ctx.directory.administers(user.id, row.ownerId)) throw new ApiFailure(404, API_MESSAGES.notFound);
  if (write && !membership.canWrite) throw new ApiFailure(401, MESSAGES.noPermission);
  return row;
}

/** The config's owner, checked for write access; a read-only member gets the batch API's plain-text 401. */
function writableOwner(req: PlatformRequest, config: JobConfig): { id: number } | PlatformResponse {
  return plainPermission(() => req.owner(config.owner, { write: true, entity: 'batch job', operation: 'created' }));
}

/** Runs a check, turning its 401 into the batch API's plain-text permission answer. */
function plainPermission<T extends object>(check: () => T): T | PlatformResponse {
  try {
    return check();
  } catch (err) {
    if (err instanceof ApiFailure && err.status === 401) return { status: 401, raw: MESSAGES.noPermission, headers: { 'Content-Type': 'text/plain' } };
    throw err;
  }
}

/** Reads an upload, turning "too large" into the batch API's Invalid answer. */
async function readUpload(req: PlatformRequest, readLimit: number, reportedLimit = readLimit): Promise<Buffer> {
  try {
    return await req.body(readLimit);
  } catch (err) {
    if (err instanceof ApiFailure && err.status === 400) throw invalid(MESSAGES.tooLarge(reportedLimit));
    throw err;
  }
}

/** Cheap upper bound of items in uploaded data, for the synchronous limit (objects with a "type" key). */
function roughItemCount(body: Buffer): number {
  let n = 0;
  for (let i = body.indexOf('"type"'); i >= 0; i = body.indexOf('"type"', i + 6)) n++;
  return n;
}
