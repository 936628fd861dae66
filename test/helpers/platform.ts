// Starts a real local platform on a random loopback port for a test file, and talks to its admin interface.
import { after, before } from 'node:test';
import { startPlatform, type PlatformHandle, type PlatformOptions } from '../../src/platform/index.js';
import { TcClient, type TcClientOptions } from '../../src/client/index.js';
import { adminRequest, type AdminAnswer, type AdminPayload, type AdminTarget } from '../../src/contract/admin-client.js';

export type { AdminAnswer } from '../../src/contract/admin-client.js';

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

/** An admin call with the platform's admin key; an error status throws with the answer. */
export async function adminCall<T = any>(handle: AdminTarget, method: string, path: string, body?: unknown): Promise<T> {
  const res = await adminRequest<T>(handle, method, path, { json: body });
  if (!res.ok) throw new Error(`admin ${method} ${path} -> ${res.status}: ${res.text}`);
  return res.body;
}

/**
 * An admin call that returns the status and body whatever they are (tests of refusals). `payload.raw` sends bytes
 * (a `.tcx`); `payload.json` a JSON body.
 */
export function adminFetch<T = any>(handle: PlatformHandle, method: string, path: string, payload: AdminPayload = {}): Promise<AdminAnswer<T>> {
  return adminRequest<T>(handle, method, path, payload);
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
