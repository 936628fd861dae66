import { dirname } from 'node:path';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { PlatformContext } from '../context.js';
import { authenticate } from '../auth/authenticate.js';
import { ApiFailure, MESSAGES } from './errors.js';
import { tooLarge } from './request.js';
import { PlatformRequest } from './request.js';
import type { PlatformResponse } from './respond.js';
import type { RouteOptions, Router } from './router.js';
import { adminKeyMatches } from '../security/admin-key.js';
import { originIsOwn } from '../security/host-guard.js';
import { relativiseInMessage } from '../security/data-folder.js';
import { sleep } from '../../core/sleep.js';
import { consoleAsset, isConsolePath } from '../console/assets.js';

const API_PREFIX = '/api';
const ADMIN_PREFIX = '/_platform';

/**
 * The HTTP front: `/api/...` (and the legacy unprefixed `/v2/...`) go to the ThreatConnect routes with auth and
 * fault injection; `/_platform/...` goes to the admin routes, behind the admin key. Every request must name a
 * loopback or allowed Host. Every failure becomes a JSON envelope, never a stack.
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
  const rawQuery = q < 0 ? '' : rawTarget.slice(q + 1);
  const query = new URLSearchParams(rawQuery);
  const isAdmin = rawPath === ADMIN_PREFIX || rawPath.startsWith(`${ADMIN_PREFIX}/`);
  const arrived = Date.now();

  // Before anything else, for every route: a Host that is not ours is a page that rebound its name to us.
  if (!ctx.hostGuard.allows(req.headers.host)) {
    const message = `Host ${JSON.stringify(req.headers.host ?? null)} is not allowed: use a loopback address or name, or start the platform with --allow-host`;
    send(res, refusal(isAdmin, 403, message));
    return;
  }

  // the web console's page and files: no data in them, so no key (the data comes from /_platform/console)
  if ((method === 'GET' || method === 'HEAD') && isConsolePath(rawPath)) {
    send(res, await consoleAsset(rawPath));
    return;
  }

  if (isAdmin) {
    const refused = adminRefusal(ctx, req);
    if (refused) {
      send(res, refused);
      return;
    }
    const path = rawPath.slice(ADMIN_PREFIX.length) || '/';
    const request = new PlatformRequest(ctx, req, method, rawTarget, path, query, ctx.settings.maxBodyBytes);
    const response = await dispatch(
      admin,
      request,
      (err) => ({ status: err.status, body: withoutServerPaths(ctx, err.body ?? { error: err.message }) }),
      (route) => checkBodyType(req, route.options.bodyTypes ?? ['application/json']),
    );
    send(res, response);
    return;
  }

  const path = rawPath === API_PREFIX || rawPath.startsWith(`${API_PREFIX}/`) ? rawPath.slice(API_PREFIX.length) || '/' : rawPath;
  const request = new PlatformRequest(ctx, req, method, rawTarget, path, query, ctx.settings.maxBodyBytes);
  const log = (status: number | null, fault?: number) =>
    ctx.requestLog.add({ method, path, query: rawQuery, status, ...(fault ? { fault } : {}), at: ctx.now(), durationMs: Date.now() - arrived });
  const fault = ctx.faults.pick(method, path);
  if (fault) {
    if (fault.latencyMs) await sleep(fault.latencyMs);
    if (fault.drop || fault.status) {
      // Read (and throw away) the request first: the server has seen it, which is the case a client must not
      // blindly repeat. Nothing is kept, and past the body-size limit it is refused as any request would be.
      if (!(await request.discardBody())) {
        log(400, fault.id);
        send(res, { status: 400, headers: { Connection: 'close' }, body: { status: 'Failure', message: tooLarge(ctx.settings.maxBodyBytes) } });
        return;
      }
      if (fault.drop) {
        log(null, fault.id);
        req.socket.destroy();
        return;
      }
      const headers: Record<string, string> = {};
      if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
      const message = fault.message ?? (fault.status === 429 ? 'Too many requests' : MESSAGES.unknown);
      log(fault.status ?? null, fault.id);
      send(res, { status: fault.status as number, headers, body: { status: 'Failure', message } });
      return;
    }
  }

  const accept = String(req.headers.accept ?? '');
  if (/application\/xml|text\/xml/i.test(accept) && !/json|\*\/\*/i.test(accept)) {
    // The real v2 API can answer in XML; this platform speaks JSON only and says so instead of sending JSON unasked.
    log(406);
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
  log(response.status);
  send(res, response);
}

/** A refusal in the envelope of the interface asked: `{error}` for the admin one, the v2 failure for the API. */
function refusal(isAdmin: boolean, status: number, message: string, headers?: Record<string, string>): PlatformResponse {
  return { status, headers, body: isAdmin ? { error: message } : { status: 'Failure', message } };
}

/**
 * The admin interface installs and runs code, so a request must come from the platform's own origin (or none, as
 * from a script) and carry the admin key. Checked before the body is read.
 */
function adminRefusal(ctx: PlatformContext, req: IncomingMessage): PlatformResponse | undefined {
  const origin = req.headers.origin;
  if (origin !== undefined && !originIsOwn(origin, req.headers.host)) {
    return refusal(true, 403, `Origin ${JSON.stringify(origin)} may not use the admin interface: only the platform's own pages may`);
  }
  if (!adminKeyMatches(ctx.adminKey, req.headers.authorization)) {
    const message = req.headers.authorization
      ? 'Authorization: wrong admin key'
      : 'Authorization: the admin interface needs "Authorization: Bearer <admin key>" (printed at start, kept in the data folder as admin.key, or set with TC_PLATFORM_ADMIN_KEY)';
    return refusal(true, 401, message, { 'WWW-Authenticate': 'Bearer realm="tcex platform admin"' });
  }
  return undefined;
}

/** A body must be one of the route's media types; a cross-site form (text/plain, form-urlencoded) never is. */
function checkBodyType(req: IncomingMessage, allowed: readonly string[]): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return;
  const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!allowed.includes(type)) {
    const message = `Content-Type: expected ${allowed.join(' or ')}, got ${JSON.stringify(type || null)}`;
    throw new ApiFailure(415, message, { error: message });
  }
}

/** Admin error bodies name files relative to the data folder, never where the server keeps them. */
function withoutServerPaths(ctx: PlatformContext, body: unknown): unknown {
  // Only the platform's own folders: a temp folder's name could also be part of what a user sent (a zip entry).
  const roots = [ctx.settings.filesDir, ctx.settings.dataFile ? dirname(ctx.settings.dataFile) : undefined];
  return JSON.parse(relativiseInMessage(JSON.stringify(body), roots)) as unknown;
}

async function dispatch(
  router: Router,
  request: PlatformRequest,
  onFailure: (err: ApiFailure) => PlatformResponse,
  beforeHandler?: (route: { options: RouteOptions }) => void,
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
