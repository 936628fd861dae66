import type { PlatformRequest } from '../../http/request.js';
import { v3Failure } from './respond.js';

/**
 * The "long GET": a client whose query string would pass ~2,000 characters (TcEx 4 does this for long TQL) sends
 * the parameters as a JSON body `{"data": {...}}` on the GET instead. They are merged into the request's query
 * exactly as if they had come in the URL (a body parameter replaces a URL one of the same name; a list value is a
 * repeated parameter, as `fields` is), so every v3 handler reads them through `req.query` and none can ignore them.
 */
export async function applyBodyParams(req: PlatformRequest): Promise<void> {
  const length = Number(req.header('content-length') ?? 0);
  if (!(length > 0) && req.header('transfer-encoding') === undefined) return;
  const raw = await req.body();
  if (raw.length === 0) return;
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw v3Failure(400, 'GET body: parameters sent in a GET body must be JSON such as {"data": {"tql": "..."}}');
  }
  const data = (body as { data?: unknown } | null)?.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw v3Failure(400, `GET body: expected {"data": {<parameter>: <value>, ...}}, got ${JSON.stringify(body).slice(0, 200)}`);
  }
  for (const [name, value] of Object.entries(data as Record<string, unknown>)) {
    if (value === null || value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    req.query.delete(name);
    for (const v of values) {
      if (v !== null && typeof v === 'object') throw v3Failure(400, `GET body: parameter ${name} must be text, a number, a boolean or a list of them, got ${JSON.stringify(v)}`);
      req.query.append(name, String(v));
    }
  }
}
