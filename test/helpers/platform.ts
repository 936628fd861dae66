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

/** An admin call; a Buffer body is sent as a package upload (`application/octet-stream`), anything else as JSON. */
export async function adminCall<T = any>(handle: PlatformHandle, method: string, path: string, body?: unknown): Promise<T> {
  const raw = Buffer.isBuffer(body);
  const res = await fetch(`${handle.adminUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': raw ? 'application/octet-stream' : 'application/json' },
    body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const parsed = text ? JSON.parse(text) : {};
  if (!res.ok) throw new Error(`admin ${method} ${path} -> ${res.status}: ${text}`);
  return parsed as T;
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
