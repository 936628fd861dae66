import type { AddressInfo } from 'node:net';
import { openDatabase } from './db/index.js';
import { PlatformContext } from './context.js';
import { resolveSettings, type PlatformOptions } from './settings.js';
import { Router } from './http/router.js';
import { createPlatformServer } from './http/server.js';
import { routeFamilies } from './routes/index.js';
import { adminFamilies } from './admin/index.js';
import { ensureDefaults } from './seed.js';

export type { PlatformOptions } from './settings.js';
export { PlatformContext } from './context.js';
export { Router } from './http/router.js';
export { ApiFailure, MESSAGES } from './http/errors.js';
export { consoleUrl } from './console/url.js';

export interface PlatformHandle {
  /** base URL of the API, `http://127.0.0.1:PORT/api` */
  url: string;
  origin: string;
  port: number;
  accessId: string;
  secretKey: string;
  /** `origin + '/_platform'` */
  adminUrl: string;
  context: PlatformContext;
  close(): Promise<void>;
}

/** Starts the local ThreatConnect-compatible platform and resolves once it listens. */
export async function startPlatform(options: PlatformOptions = {}): Promise<PlatformHandle> {
  const settings = resolveSettings(options);
  const db = openDatabase(settings.dataFile);
  const ctx = new PlatformContext(db, settings);
  const user = ensureDefaults(ctx, {
    accessId: options.accessId ?? process.env.TC_API_ACCESS_ID,
    secretKey: options.secretKey ?? process.env.TC_API_SECRET_KEY,
  });

  const api = new Router();
  for (const register of routeFamilies) register(api, ctx);
  const admin = new Router();
  for (const register of adminFamilies) register(admin, ctx);

  const server = createPlatformServer(ctx, api, admin);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostForUrl = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  const origin = `http://${hostForUrl === '0.0.0.0' ? '127.0.0.1' : hostForUrl}:${port}`;
  ctx.origin = origin;
  await ctx.runHooks('start');

  let closed = false;
  return {
    url: `${origin}/api`,
    origin,
    port,
    accessId: user.userName,
    secretKey: user.secretKey as string,
    adminUrl: `${origin}/_platform`,
    context: ctx,
    async close() {
      if (closed) return;
      closed = true;
      await ctx.runHooks('close');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      db.close();
    },
  };
}
