import { request as undiciRequest, type Dispatcher } from 'undici';
import type { Readable } from 'node:stream';
import { TcApiError, TcAuthError, TcConfigError, TcConnectionError, TcTimeoutError } from './errors.js';
import { hmacHeaders } from './hmac.js';
import { ApiReport } from './report.js';
import { DEFAULT_RETRY, backoffDelay, isIdempotent, parseRetryAfter, retryableStatus, type RetryPolicy } from './retry.js';
import { TokenManager, type TokenState } from './token.js';
import { buildUrl, normaliseApiPath, pathAndQuery, type Query } from './url.js';
import { createDispatcher, type ProxySettings } from './proxy.js';
import { type Logger, silentLogger } from '../utils/logger.js';
import { maskSecrets, maskUrl, registerSecret } from '../utils/secrets.js';
import { sleep } from '../utils/sleep.js';

export type AuthPreference = 'token' | 'hmac';

export interface TcClientOptions {
  /** tc_api_path: `https://host/api`, or a legacy host without `/api` */
  apiPath: string;
  accessId?: string;
  secretKey?: string;
  token?: string;
  /** token expiry, Unix seconds */
  tokenExpires?: number;
  /**
   * Which credential wins when both HMAC keys and a token are given. Default `token`: the platform hands job
   * apps a token, and the ThreatConnect docs tell clients to prefer it.
   */
  preferAuth?: AuthPreference;
  /** renew the token when fewer than this many seconds remain (default 600) */
  tokenRenewWindow?: number;
  /** per-attempt timeout in ms (default 30,000) */
  timeout?: number;
  retries?: number;
  /** first backoff delay in ms (default 500), doubling per attempt */
  backoffMs?: number;
  /** cap for a single wait, including Retry-After, in ms (default 60,000) */
  maxRetryDelayMs?: number;
  proxy?: ProxySettings;
  /** tc_proxy_tc: send ThreatConnect traffic through `proxy` (default false) */
  useProxy?: boolean;
  /** verify TLS certificates (default true) */
  verify?: boolean;
  /** send createActivityLog=true instead of false (default false) */
  activityLog?: boolean;
  /** page size for pagination, 1 to 10,000 (default 200) */
  resultLimit?: number;
  logger?: Logger;
  userAgent?: string;
  /** default owner name, sent as `owner=` by helpers that accept one */
  owner?: string;
  report?: ApiReport;
  dispatcher?: Dispatcher;
}

export type RequestBody = string | Buffer | Uint8Array | Readable | FormData | Record<string, unknown> | unknown[];

export interface RequestOptions {
  method?: string;
  path: string;
  query?: Query;
  body?: RequestBody;
  headers?: Record<string, string>;
  contentType?: string;
  /** override the client's timeout for this call */
  timeout?: number;
  /** override the client's retry count for this call */
  retries?: number;
  /** skip authentication headers (token renewal uses this) */
  anonymous?: boolean;
  /** set createActivityLog for this call; `null` leaves the parameter off (batch and uploads) */
  activityLog?: boolean | null;
  /** return non-2xx responses instead of throwing */
  allowErrorStatus?: boolean;
  signal?: AbortSignal;
}

export class TcResponse {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string | string[] | undefined>,
    readonly body: Buffer,
    readonly url: string,
    readonly method: string,
  ) {}

  text(): string {
    return this.body.toString('utf8');
  }

  json<T = any>(): T {
    return JSON.parse(this.text()) as T;
  }

  header(name: string): string | undefined {
    const v = this.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  }

  /** The server's failure message: the envelope's `message` or `description`, else the text itself (masked). */
  serverMessage(): string {
    return serverMessage(this);
  }

  /** This (non-2xx) response as the error the client throws for it. */
  toError(): TcApiError {
    return new TcApiError(this.status, this.method, this.url, this.serverMessage(), maskSecrets(truncate(this.text(), 2000)));
  }
}

export const RESULT_LIMIT_MAX = 10_000;

export function checkResultLimit(value: unknown, field = 'resultLimit'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > RESULT_LIMIT_MAX) {
    throw new TcConfigError(field, value, `must be an integer from 1 to ${RESULT_LIMIT_MAX}`);
  }
  return value;
}

const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** The ThreatConnect HTTP client: auth, retries, timeouts, proxy, logging and a report of every call. */
export class TcClient {
  readonly base: URL;
  readonly report: ApiReport;
  readonly resultLimit: number;
  readonly owner: string | undefined;
  readonly authType: 'hmac' | 'token';
  private readonly accessId?: string;
  private readonly secretKey?: string;
  private readonly tokens?: TokenManager;
  private readonly retry: RetryPolicy;
  private readonly timeout: number;
  private readonly activityLog: boolean;
  private readonly log: Logger;
  private readonly dispatcher: Dispatcher;
  /** `host:port (user, password ***)` of the proxy ThreatConnect traffic goes through, for error messages */
  private readonly proxyLabel?: string;
  private readonly ownsDispatcher: boolean;
  private readonly userAgent: string;

  constructor(options: TcClientOptions) {
    this.base = normaliseApiPath(options.apiPath);
    this.report = options.report ?? new ApiReport();
    this.resultLimit = checkResultLimit(options.resultLimit ?? 200);
    this.owner = options.owner;
    this.timeout = positive('timeout', options.timeout ?? 30_000);
    this.retry = {
      retries: nonNegativeInt('retries', options.retries ?? DEFAULT_RETRY.retries),
      backoffMs: nonNegative('backoffMs', options.backoffMs ?? DEFAULT_RETRY.backoffMs),
      maxDelayMs: nonNegative('maxRetryDelayMs', options.maxRetryDelayMs ?? DEFAULT_RETRY.maxDelayMs),
    };
    this.activityLog = options.activityLog ?? false;
    this.log = options.logger ?? silentLogger;
    this.userAgent = options.userAgent ?? 'tcex-ts';
    registerSecret(options.secretKey);
    registerSecret(options.token);

    const hasHmac = Boolean(options.accessId && options.secretKey);
    const hasToken = Boolean(options.token);
    if (!hasHmac && !hasToken) {
      throw new TcConfigError('credentials', null, 'need accessId and secretKey, or token');
    }
    const prefer = options.preferAuth ?? 'token';
    if (prefer !== 'token' && prefer !== 'hmac') throw new TcConfigError('preferAuth', prefer, 'must be "token" or "hmac"');
    this.authType = hasToken && (prefer === 'token' || !hasHmac) ? 'token' : 'hmac';
    if (this.authType === 'hmac') {
      this.accessId = options.accessId;
      this.secretKey = options.secretKey;
    } else {
      const initial: TokenState = { token: options.token as string, expires: options.tokenExpires ?? 0 };
      this.tokens = new TokenManager(initial, (expired) => this.renewToken(expired), options.tokenRenewWindow ?? 600);
    }

    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher =
      options.dispatcher ??
      createDispatcher({ proxy: options.useProxy ? options.proxy : undefined, verify: options.verify });
    if (options.useProxy && options.proxy) {
      const { host, port, username, password } = options.proxy;
      this.proxyLabel = `${host}:${port}${username ? ` (user ${username}, password ${password ? '***' : 'none'})` : ''}`;
      this.log.info(`Using proxy host ${options.proxy.host}:${options.proxy.port} for ThreatConnect session.`);
    }
  }

  /** Current token and expiry (after renewals), when token auth is in use. */
  get token(): TokenState | undefined {
    return this.tokens?.current;
  }

  get tokenRenewals(): number {
    return this.tokens?.renewals ?? 0;
  }

  /** Sends one request, retrying per policy. Non-2xx answers throw TcApiError unless allowErrorStatus is set. */
  async request(opts: RequestOptions): Promise<TcResponse> {
    const method = (opts.method ?? 'GET').toUpperCase();
    const query: Query = { ...(opts.query ?? {}) };
    const activity = opts.activityLog === undefined ? this.activityLog : opts.activityLog;
    if (activity !== null && query.createActivityLog === undefined) query.createActivityLog = String(activity);
    const url = buildUrl(this.base, opts.path, query);
    const { body, contentType } = await encodeBody(opts.body, opts.contentType);
    const replayable = !(body && typeof (body as Readable).pipe === 'function');
    const retries = opts.retries ?? this.retry.retries;
    const timeout = opts.timeout ?? this.timeout;
    let renewedAfter401 = false;

    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { 'User-Agent': this.userAgent, Accept: 'application/json', ...(opts.headers ?? {}) };
      if (contentType) headers['Content-Type'] = contentType;
      if (!opts.anonymous) Object.assign(headers, await this.authHeaders(url, method));
      const started = performance.now();
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new Error('timeout')), timeout);
      const onOuterAbort = () => controller.abort(opts.signal?.reason);
      opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
      const canRetry = attempt < retries;
      let response: TcResponse;
      try {
        const res = await undiciRequest(url, {
          method: method as Dispatcher.HttpMethod,
          headers,
          body: body as any,
          dispatcher: this.dispatcher,
          signal: controller.signal,
        });
        const chunks: Buffer[] = [];
        for await (const chunk of res.body) chunks.push(chunk as Buffer);
        response = new TcResponse(res.statusCode, res.headers, Buffer.concat(chunks), url.href, method);
      } catch (err) {
        const elapsed = performance.now() - started;
        this.report.recordAttempt(method, null, elapsed);
        const failure = this.classify(err, method, url, timeout, controller.signal.aborted && !opts.signal?.aborted);
        // A request that may have reached the server is repeated only if repeating it is harmless.
        const retry = !failure.final && canRetry && replayable && (!failure.mayHaveReachedServer || isIdempotent(method));
        this.report.recordFailure({ method, url: maskUrl(url.href), status: null, message: failure.error.message, retried: retry });
        this.log.debug(`request method=${method} url=${maskUrl(url.href)} status=- elapsed=${elapsed.toFixed(1)}ms error=${failure.code}`);
        if (!retry) throw failure.error;
        await sleep(backoffDelay(this.retry, attempt), opts.signal);
        continue;
      } finally {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onOuterAbort);
      }

      const elapsed = performance.now() - started;
      this.report.recordAttempt(method, response.status, elapsed);
      this.log.debug(
        `request method=${method} url=${maskUrl(url.href)} status=${response.status} elapsed=${elapsed.toFixed(1)}ms`,
      );
      if (response.status >= 200 && response.status < 300) return response;

      const message = response.serverMessage();
      let retry = canRetry && replayable && retryableStatus(method, response.status);
      let delay = backoffDelay(this.retry, attempt);
      if (response.status === 429) {
        const after = parseRetryAfter(response.headers['retry-after']);
        if (after !== undefined) delay = Math.min(after, this.retry.maxDelayMs);
      }
      // A 401 under token auth usually means the token expired between check and use: renew once and repeat.
      if (response.status === 401 && this.tokens && !opts.anonymous && !renewedAfter401 && replayable) {
        renewedAfter401 = true;
        retry = true;
        delay = 0;
        await this.tokens.refresh().catch((err: unknown) => {
          retry = false;
          this.log.warn(`token renewal after 401 failed: ${(err as Error).message}`);
        });
      }
      this.report.recordFailure({ method, url: maskUrl(url.href), status: response.status, message, retried: retry });
      if (retry) {
        this.log.debug(`retrying ${method} ${maskUrl(url.href)} after ${response.status} in ${delay} ms`);
        await sleep(delay, opts.signal);
        continue;
      }
      if (opts.allowErrorStatus) return response;
      throw response.toError();
    }
  }

  /** A v2 call that returns the `data` of a Success envelope, or throws with the server's message. */
  async v2<T = any>(method: string, path: string, options: Omit<RequestOptions, 'method' | 'path'> = {}): Promise<T> {
    const res = await this.request({ ...options, method, path });
    return unwrapV2<T>(res);
  }

  /**
   * Iterates a v2 collection page by page (resultStart/resultLimit), yielding items. Stops on a short page or
   * when resultCount is reached; any error is thrown, never swallowed into an empty result.
   */
  async *paginate<T = any>(
    path: string,
    entityKey: string,
    query: Query = {},
    options: { resultLimit?: number; signal?: AbortSignal } = {},
  ): AsyncGenerator<T> {
    const limit = checkResultLimit(options.resultLimit ?? this.resultLimit);
    let start = 0;
    let total: number | undefined;
    for (;;) {
      const data = await this.v2<Record<string, unknown>>('GET', path, {
        query: { ...query, resultStart: start, resultLimit: limit },
        signal: options.signal,
      });
      if (start === 0 && typeof data?.resultCount === 'number') total = data.resultCount;
      const raw = data?.[entityKey];
      const items = (Array.isArray(raw) ? raw : raw ? [raw] : []) as T[];
      this.report.recordResults(items.length);
      for (const item of items) yield item;
      start += items.length;
      if (items.length < limit) return;
      if (total !== undefined && start >= total) return;
    }
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private async authHeaders(url: URL, method: string): Promise<Record<string, string>> {
    if (this.tokens) {
      const token = await this.tokens.get();
      return { Authorization: `TC-Token ${token}`, Timestamp: String(Math.floor(Date.now() / 1000)) };
    }
    return hmacHeaders(this.accessId as string, this.secretKey as string, pathAndQuery(url), method);
  }

  private async renewToken(expired: string): Promise<TokenState> {
    const res = await this.request({
      method: 'GET',
      path: '/appAuth',
      query: { expiredToken: expired },
      anonymous: true,
      activityLog: null,
      allowErrorStatus: true,
    });
    let body: any;
    try {
      body = res.json();
    } catch {
      body = {};
    }
    if (res.status !== 200 || !body?.apiToken) {
      throw new TcAuthError(`token renewal failed (${res.status}): ${body?.message ?? 'no token returned'}`);
    }
    return { token: String(body.apiToken), expires: Number(body.apiTokenExpires) };
  }

  private classify(
    err: unknown,
    method: string,
    url: URL,
    timeout: number,
    timedOut: boolean,
  ): { error: Error; code: string; mayHaveReachedServer: boolean; final?: boolean } {
    if (timedOut) {
      return { error: new TcTimeoutError(method, url.href, timeout), code: 'TIMEOUT', mayHaveReachedServer: true };
    }
    const e = err as { code?: string; cause?: { code?: string }; name?: string; message?: string };
    // undici reports a proxy that refuses the CONNECT tunnel as an aborted request; say what happened instead.
    // Nothing reached ThreatConnect, and asking again with the same credentials gets the same answer.
    const proxyStatus = this.proxyLabel ? /Proxy response \((\d{3})\)/.exec(String(e?.message ?? ''))?.[1] : undefined;
    if (proxyStatus) {
      const why = proxyStatus === '407' ? '407 Proxy Authentication Required: check the proxy username and password' : `status ${proxyStatus}`;
      const detail = `the proxy ${this.proxyLabel} refused the tunnel with ${why}`;
      return { error: new TcConnectionError(method, url.href, `PROXY_${proxyStatus}`, false, detail), code: `PROXY_${proxyStatus}`, mayHaveReachedServer: false, final: true };
    }
    const code = e?.code ?? e?.cause?.code ?? e?.name ?? 'UNKNOWN';
    if (e?.name === 'AbortError' || code === 'ABORT_ERR') {
      return { error: err as Error, code, mayHaveReachedServer: true };
    }
    const reached = !CONNECT_ERRORS.has(code);
    return { error: new TcConnectionError(method, url.href, code, reached), code, mayHaveReachedServer: reached };
  }
}

export function unwrapV2<T>(res: TcResponse): T {
  let body: any;
  try {
    body = res.json();
  } catch {
    throw new TcApiError(res.status, res.method, res.url, `response is not JSON: ${truncate(res.text(), 200)}`);
  }
  if (body?.status !== 'Success') {
    throw new TcApiError(res.status, res.method, res.url, String(body?.message ?? body?.description ?? 'status is not Success'));
  }
  return body.data as T;
}

async function encodeBody(body: RequestBody | undefined, contentType?: string): Promise<{ body: unknown; contentType?: string }> {
  if (body === undefined) return { body: undefined, contentType };
  if (typeof body === 'string') return { body, contentType: contentType ?? 'application/json; charset=utf-8' };
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) return { body, contentType: contentType ?? 'application/octet-stream' };
  if (typeof (body as Readable).pipe === 'function') return { body, contentType: contentType ?? 'application/octet-stream' };
  if (typeof FormData !== 'undefined' && body instanceof FormData) {
    // Node's global FormData belongs to its bundled undici, which this undici cannot stream; serialise it once
    // (also making the request replayable for retries), keeping the generated multipart boundary.
    const serialised = new Response(body);
    return { body: Buffer.from(await serialised.arrayBuffer()), contentType: serialised.headers.get('content-type') ?? undefined };
  }
  return { body: JSON.stringify(body), contentType: contentType ?? 'application/json; charset=utf-8' };
}

function serverMessage(res: TcResponse): string {
  const text = res.text();
  try {
    const parsed = JSON.parse(text);
    const msg = parsed?.message ?? parsed?.description ?? parsed?.error;
    if (msg) return maskSecrets(String(msg));
  } catch {
    // not JSON: fall through to the text itself
  }
  return maskSecrets(truncate(text.trim(), 500));
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function positive(field: string, value: number): number {
  if (typeof value !== 'number' || !(value > 0)) throw new TcConfigError(field, value, 'must be a positive number');
  return value;
}
function nonNegative(field: string, value: number): number {
  if (typeof value !== 'number' || !(value >= 0)) throw new TcConfigError(field, value, 'must be zero or more');
  return value;
}
function nonNegativeInt(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new TcConfigError(field, value, 'must be a whole number, zero or more');
  return value;
}
