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
  const res = await adminRequest(handle, method, path, body);
  if (res.status >= 400) throw new Error(`admin ${method} ${path} -> ${res.status}: ${res.text}`);
  return res.body as T;
}

/**
 * An admin request whose refusal is the point of the test: the status and answer, never thrown. A Buffer body is
 * sent as an upload (`application/zip`, a .tcx), anything else as JSON.
 */
export async function adminRequest(handle: PlatformHandle, method: string, path: string, body?: unknown): Promise<{ status: number; body: any; text: string }> {
  const headers: Record<string, string> = {};
  const key = (handle as { adminKey?: string }).adminKey;
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = Buffer.isBuffer(body) ? 'application/zip' : 'application/json';
  const res = await fetch(`${handle.adminUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = {};
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed, text };
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
