// Starts a real local platform on a random loopback port for a test file, and talks to its admin interface.
import { after, before } from 'node:test';
import { startPlatform, type PlatformHandle, type PlatformOptions } from '../../src/platform/index.js';
import { TcClient, type TcClientOptions } from '../../src/client/index.js';

export interface TestPlatform {
  handle: PlatformHandle;
  client(options?: Partial<TcClientOptions>): TcClient;
  admin<T = any>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Registers before/after hooks that start and stop a platform; the returned object is filled in `before`. */
export function usePlatform(options: PlatformOptions = {}): TestPlatform {
  const clients: TcClient[] = [];
  const tp = {} as TestPlatform;
  before(async () => {
    tp.handle = await startPlatform({ port: 0, quiet: true, ...options });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await tp.handle?.close();
  });
  tp.client = (overrides = {}) => {
    const c = new TcClient({
      apiPath: tp.handle.url,
      accessId: tp.handle.accessId,
      secretKey: tp.handle.secretKey,
      backoffMs: 10,
      ...overrides,
    });
    clients.push(c);
    return c;
  };
  tp.admin = (method, path, body) => adminCall(tp.handle, method, path, body);
  return tp;
}

export async function adminCall<T = any>(handle: PlatformHandle, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${handle.adminUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : {};
  if (!res.ok) throw new Error(`admin ${method} ${path} -> ${res.status}: ${text}`);
  return parsed as T;
}

export interface AdminAnswer<T = any> {
  status: number;
  ok: boolean;
  /** the JSON answer, or `{ text }` for a plain one (run logs) */
  body: T;
  text: string;
}

export interface AdminPayload {
  /** sent as `application/json` */
  json?: unknown;
  /** sent as is, `application/octet-stream` unless `contentType` says otherwise (a `.tcx`) */
  raw?: Buffer;
  contentType?: string;
}

/**
 * An admin call that returns the status and body whatever they are (tests of refusals). `payload.raw` sends bytes
 * (a `.tcx`); `payload.json` a JSON body. Sends the platform's admin key when it has one.
 */
export async function adminFetch<T = any>(handle: PlatformHandle, method: string, path: string, payload: AdminPayload = {}): Promise<AdminAnswer<T>> {
  const headers: Record<string, string> = {};
  const key = (handle as { adminKey?: string }).adminKey;
  if (key) headers.Authorization = `Bearer ${key}`;
  let body: string | Buffer | undefined;
  if (payload.raw !== undefined) {
    body = payload.raw;
    headers['Content-Type'] = payload.contentType ?? 'application/octet-stream';
  } else if (payload.json !== undefined) {
    body = JSON.stringify(payload.json);
    headers['Content-Type'] = payload.contentType ?? 'application/json';
  }
  const res = await fetch(`${handle.adminUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { text };
  }
  return { status: res.status, ok: res.ok, body: parsed as T, text };
}

/** A logger that keeps every line, to check what would have been written. */
export function captureLogger() {
  const lines: string[] = [];
  const push = (level: string) => (msg: string) => lines.push(`${level} ${msg}`);
  return {
    lines,
    logger: { trace: push('trace'), debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') },
  };
}
