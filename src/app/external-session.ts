import { request as undiciRequest, type Dispatcher } from 'undici';
import type { Readable } from 'node:stream';
import { TcConnectionError, TcTimeoutError } from '../core/errors.js';
import { createDispatcher, type ProxySettings } from '../client/proxy.js';
import { backoffDelay, isIdempotent, parseRetryAfter, retryableStatus, type RetryPolicy } from '../client/retry.js';
import { type Logger, silentLogger } from '../core/logger.js';
import { maskUrl } from '../core/secrets.js';
import { sleep } from '../core/sleep.js';

export interface RateLimitConfig {
  remainingHeader?: string;
  resetHeader?: string;
  /** wait for the reset when remaining is at or below this (default 0) */
  threshold?: number;
}

export interface ExternalSessionOptions {
  baseUrl?: string;
  proxy?: ProxySettings;
  /** tc_proxy_external: send traffic through `proxy` */
  useProxy?: boolean;
  verify?: boolean;
  userAgent?: string;
  retries?: number;
  backoffMs?: number;
  /** per-attempt timeout in ms (default 60,000) */
  timeout?: number;
  /** cap for any single wait (Retry-After, rate-limit reset, backoff), ms (default 60,000) */
  maxDelayMs?: number;
  rateLimit?: RateLimitConfig;
  headers?: Record<string, string>;
  logger?: Logger;
  dispatcher?: Dispatcher;
}

export interface ExternalRequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  body?: string | Buffer | Uint8Array | Record<string, unknown> | unknown[];
  timeout?: number;
  signal?: AbortSignal;
}

const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** A response whose body has not been read yet: stream it (`body`) or read it whole (`text()`, `json()`, `buffer()`). */
export class ExternalResponse {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string | string[] | undefined>,
    readonly url: string,
    readonly body: Readable,
    private readonly stopTimer: () => void = () => undefined,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  header(name: string): string | undefined {
    const v = this.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  }

  async buffer(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of this.body) chunks.push(chunk as Buffer);
    } finally {
      this.stopTimer();
    }
    return Buffer.concat(chunks);
  }

  async text(): Promise<string> {
    return (await this.buffer()).toString('utf8');
  }

  async json<T = any>(): Promise<T> {
    return JSON.parse(await this.text()) as T;
  }
}

/**
 * The HTTP session for a feed's source: a base URL, the proxy when tc_proxy_external is on, a user agent naming
 * the app, retries, 429 with Retry-After, and pacing by X-RateLimit-Remaining / X-RateLimit-Reset.
 */
export class ExternalSession {
  baseUrl: string | undefined;
  readonly headers: Record<string, string>;
  private readonly retry: RetryPolicy;
  private readonly timeout: number;
  private readonly log: Logger;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private rate: Required<RateLimitConfig>;
  private remaining: number | undefined;
  private resetAt: number | undefined;

  constructor(options: ExternalSessionOptions = {}) {
    this.baseUrl = options.baseUrl;
    this.log = options.logger ?? silentLogger;
    this.timeout = options.timeout ?? 60_000;
    this.retry = { retries: options.retries ?? 3, backoffMs: options.backoffMs ?? 300, maxDelayMs: options.maxDelayMs ?? 60_000 };
    this.headers = { 'User-Agent': options.userAgent ?? 'tcex-ts', ...(options.headers ?? {}) };
    this.rate = { remainingHeader: 'X-RateLimit-Remaining', resetHeader: 'X-RateLimit-Reset', threshold: 0 };
    if (options.rateLimit) this.rateLimitConfig(options.rateLimit);
    this.ownsDispatcher = !options.dispatcher;
    const proxy = options.useProxy ? options.proxy : undefined;
    this.dispatcher = options.dispatcher ?? createDispatcher({ proxy, verify: options.verify });
    if (proxy?.host && proxy.port) this.log.info(`Using proxy host ${proxy.host}:${proxy.port} for external session.`);
  }

  rateLimitConfig(config: RateLimitConfig): void {
    this.rate = { ...this.rate, ...Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) };
  }

  get(path: string, options?: ExternalRequestOptions): Promise<ExternalResponse> {
    return this.request('GET', path, options);
  }
  post(path: string, options?: ExternalRequestOptions): Promise<ExternalResponse> {
    return this.request('POST', path, options);
  }
  put(path: string, options?: ExternalRequestOptions): Promise<ExternalResponse> {
    return this.request('PUT', path, options);
  }
  delete(path: string, options?: ExternalRequestOptions): Promise<ExternalResponse> {
    return this.request('DELETE', path, options);
  }

  url(path: string, query?: ExternalRequestOptions['query']): URL {
    let url: URL;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) url = new URL(path);
    else {
      if (!this.baseUrl) throw new Error(`external session: ${JSON.stringify(path)} is relative but no baseUrl is set`);
      const base = this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`;
      url = new URL(path.replace(/^\//, ''), base);
    }
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.append(k, String(v));
    return url;
  }

  /** Sends a request, retrying per policy. Error statuses are returned, not thrown; connection failures throw. */
  async request(method: string, path: string, options: ExternalRequestOptions = {}): Promise<ExternalResponse> {
    method = method.toUpperCase();
    const url = this.url(path, options.query);
    const headers: Record<string, string> = { ...this.headers, ...(options.headers ?? {}) };
    let body = options.body as any;
    if (body !== undefined && typeof body === 'object' && !Buffer.isBuffer(body) && !(body instanceof Uint8Array)) {
      body = JSON.stringify(body);
      headers['Content-Type'] ??= 'application/json';
    }
    const timeout = options.timeout ?? this.timeout;
    for (let attempt = 0; ; attempt++) {
      await this.pace(options.signal);
      const canRetry = attempt < this.retry.retries;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new Error('timeout')), timeout);
      timer.unref(); // an unread body must not keep the process alive on its own
      const onAbort = () => controller.abort(options.signal?.reason);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const stop = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      const started = performance.now();
      let res: Dispatcher.ResponseData;
      try {
        res = await undiciRequest(url, { method: method as Dispatcher.HttpMethod, headers, body, dispatcher: this.dispatcher, signal: controller.signal });
      } catch (err) {
        stop();
        const timedOut = controller.signal.aborted && !options.signal?.aborted;
        if (options.signal?.aborted) throw err;
        const code = timedOut ? 'TIMEOUT' : ((err as any)?.code ?? (err as any)?.cause?.code ?? 'UNKNOWN');
        const reached = timedOut || !CONNECT_ERRORS.has(code);
        this.log.debug(`feature=external-session method=${method} url=${maskUrl(url.href)} error=${code}`);
        if (canRetry && (!reached || isIdempotent(method))) {
          await sleep(backoffDelay(this.retry, attempt), options.signal);
          continue;
        }
        throw timedOut ? new TcTimeoutError(method, url.href, timeout) : new TcConnectionError(method, url.href, code, reached);
      }
      const elapsed = performance.now() - started;
      this.log.debug(`feature=external-session method=${method} url=${maskUrl(url.href)} status=${res.statusCode} elapsed=${elapsed.toFixed(1)}ms`);
      this.remember(res.headers);
      if (canRetry && retryableStatus(method, res.statusCode)) {
        let delay = backoffDelay(this.retry, attempt);
        if (res.statusCode === 429) {
          const after = parseRetryAfter(res.headers['retry-after']);
          delay = Math.min(after ?? delay, this.retry.maxDelayMs);
          this.log.info(`external source answered 429; retrying in ${delay} ms`);
        }
        await res.body.dump().catch(() => undefined);
        stop();
        await sleep(delay, options.signal);
        continue;
      }
      // The timeout keeps running while the caller reads the body; it stops when the body is read or closed.
      res.body.once('close', stop);
      res.body.once('end', stop);
      return new ExternalResponse(res.statusCode, res.headers, url.href, res.body, stop);
    }
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private remember(headers: Record<string, string | string[] | undefined>): void {
    const get = (name: string) => {
      const v = headers[name.toLowerCase()];
      return Array.isArray(v) ? v[0] : v;
    };
    const remaining = get(this.rate.remainingHeader);
    if (remaining === undefined) return;
    const n = Number(remaining);
    if (!Number.isFinite(n)) return;
    this.remaining = n;
    this.resetAt = parseReset(get(this.rate.resetHeader));
  }

  private async pace(signal?: AbortSignal): Promise<void> {
    if (this.remaining === undefined || this.remaining > this.rate.threshold) return;
    const wait = this.resetAt === undefined ? 0 : Math.min(Math.max(0, this.resetAt - Date.now()), this.retry.maxDelayMs);
    this.remaining = undefined;
    if (wait > 0) {
      this.log.info(`rate limit reached; waiting ${wait} ms for the reset`);
      await sleep(wait, signal);
    }
  }
}

/** A reset header as an absolute time in ms: epoch seconds/ms, seconds from now, or a date. */
export function parseReset(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) {
    const n = Number(text);
    if (n > 1e11) return n; // epoch milliseconds
    if (n > 1e9) return n * 1000; // epoch seconds
    return now + n * 1000; // seconds from now
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : date;
}
