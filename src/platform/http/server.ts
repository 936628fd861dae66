import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { PlatformContext } from '../context.js';
import { authenticate } from '../auth/authenticate.js';
import { ApiFailure, MESSAGES } from './errors.js';
import { PlatformRequest } from './request.js';
import type { PlatformResponse } from './respond.js';
import type { Router } from './router.js';
import { sleep } from '../../utils/sleep.js';
import { consoleAsset, isConsolePath } from '../console/assets.js';

const API_PREFIX = '/api';
const ADMIN_PREFIX = '/_platform';

/**
 * The HTTP front: `/api/...` (and the legacy unprefixed `/v2/...`) go to the ThreatConnect routes with auth and
 * fault injection; `/_platform/...` goes to the admin routes. Every failure becomes a JSON envelope, never a stack.
 */
export function createPlatformServer(ctx: PlatformContext, api: Router, admin: Router): Server {
  const server = createServer((req, res) => {
    handle(ctx, api, admin, req, res).catch((err) => {
      if (!ctx.settings.quiet) console.error('platform: unhandled error', err);
      if (!res.headersSent) send(res, { status: 500, body: { status: 'Failure', message: MESSAGES.unknown } });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  return server;
}

async function handle(
  ctx: PlatformContext,
  api: Router,
  admin: Router,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const rawTarget = req.url ?? '/';
  const method = (req.method ?? 'GET').toUpperCase();
  const q = rawTarget.indexOf('?');
  const rawPath = q < 0 ? rawTarget : rawTarget.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : rawTarget.slice(q + 1));
  const arrived = Date.now();
  const logged = (status: number | null, fault?: number) => ({
    method,
    path,
    status,
    ...(fault === undefined ? {} : { fault }),
    at: ctx.now(),
    query: q < 0 ? '' : rawTarget.slice(q),
    durationMs: Date.now() - arrived,
  });

  if ((method === 'GET' || method === 'HEAD') && isConsolePath(rawPath)) {
    send(res, await consoleAsset(rawPath));
    return;
  }

  if (rawPath === ADMIN_PREFIX || rawPath.startsWith(`${ADMIN_PREFIX}/`)) {
    const path = rawPath.slice(ADMIN_PREFIX.length) || '/';
    const request = new PlatformRequest(ctx, req, method, rawTarget, path, query, ctx.settings.maxBodyBytes);
    const response = await dispatch(admin, request, (err) => ({ status: err.status, body: err.body ?? { error: err.message } }));
    send(res, response);
    return;
  }

  const path = rawPath === API_PREFIX || rawPath.startsWith(`${API_PREFIX}/`) ? rawPath.slice(API_PREFIX.length) || '/' : rawPath;
  const request = new PlatformRequest(ctx, req, method, rawTarget, path, query, ctx.settings.maxBodyBytes);
  const fault = ctx.faults.pick(method, path);
  if (fault) {
    if (fault.latencyMs) await sleep(fault.latencyMs);
    if (fault.drop) {
      // Read the request first: the server has seen it, which is the case a client must not blindly repeat.
      await request.body(Number.MAX_SAFE_INTEGER).catch(() => undefined);
      ctx.requestLog.add(logged(null, fault.id));
      req.socket.destroy();
      return;
    }
    if (fault.status) {
      await request.body(Number.MAX_SAFE_INTEGER).catch(() => undefined);
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
      const message = fault.message ?? (fault.status === 429 ? 'Too many requests' : MESSAGES.unknown);
      ctx.requestLog.add(logged(fault.status, fault.id));
      send(res, { status: fault.status, headers, body: { status: 'Failure', message } });
      return;
    }
  }

  const accept = String(req.headers.accept ?? '');
  if (/application\/xml|text\/xml/i.test(accept) && !/json|\*\/\*/i.test(accept)) {
    // The real v2 API can answer in XML; this platform speaks JSON only and says so instead of sending JSON unasked.
    ctx.requestLog.add(logged(406));
    send(res, { status: 406, body: { status: 'Failure', message: 'Only application/json responses are supported' } });
    return;
  }

  const response = await dispatch(
    api,
    request,
    (err) => ({ status: err.status, headers: err.headers, body: err.body ?? { status: 'Failure', message: err.message } }),
    (route) => {
      if (route.options.auth !== 'none') request.user = authenticate(ctx, method, rawTarget, req.headers);
    },
  );
  ctx.requestLog.add(logged(response.status));
  send(res, response);
}

async function dispatch(
  router: Router,
  request: PlatformRequest,
  onFailure: (err: ApiFailure) => PlatformResponse,
  beforeHandler?: (route: { options: { auth?: string } }) => void,
): Promise<PlatformResponse> {
  try {
    const match = router.match(request.method, request.path);
    if (!match) throw new ApiFailure(404, MESSAGES.notFound);
    beforeHandler?.(match.route);
    request.params = match.params;
    return await match.route.handler(request);
  } catch (err) {
    if (err instanceof ApiFailure) return onFailure(err);
    const ctx = request.ctx;
    if (!ctx.settings.quiet) console.error('platform: handler error', err);
    return onFailure(new ApiFailure(500, MESSAGES.unknown));
  }
}

function send(res: ServerResponse, response: PlatformResponse): void {
  if (res.headersSent || res.destroyed) return;
  const headers = { ...(response.headers ?? {}) } as Record<string, string | number | string[]>;
  if (response.stream) {
    res.writeHead(response.status, { 'Content-Type': 'application/octet-stream', ...headers });
    response.stream.pipe(res);
    return;
  }
  let payload: Buffer | string;
  if (response.raw !== undefined) {
    payload = response.raw;
  } else {
    payload = response.body === undefined ? '' : JSON.stringify(response.body);
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
  }
  headers['Content-Length'] = Buffer.byteLength(payload);
  res.writeHead(response.status, headers);
  res.end(payload);
}

function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}
