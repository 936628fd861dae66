import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { openDatabase } from './db/index.js';
import { PlatformContext } from './context.js';
import { resolveSettings, type PlatformOptions } from './settings.js';
import { Router } from './http/router.js';
import { createPlatformServer } from './http/server.js';
import { routeFamilies } from './routes/index.js';
import { adminFamilies } from './admin/index.js';
import { ensureDefaults } from './seed.js';
import { ADMIN_KEY_ENV, resolveAdminKey } from './security/admin-key.js';
import { lockDataFile } from './security/data-lock.js';
import { prepareDataFolder } from './security/data-folder.js';
import { HostGuard, WILDCARD_HOSTS } from './security/host-guard.js';

export type { PlatformOptions } from './settings.js';
export { PlatformContext } from './context.js';
export { Router } from './http/router.js';
export { ApiFailure, MESSAGES } from './http/errors.js';
export { consoleUrl } from './console/url.js';
export { startPlatformProcess, type PlatformProcess } from './child-process.js';
export { DataFileLocked } from './security/data-lock.js';
export { adminRequest, type AdminAnswer, type AdminPayload, type AdminTarget } from '../contract/admin-client.js';

export interface PlatformHandle {
  /** base URL of the API, `http://127.0.0.1:PORT/api` */
  url: string;
  origin: string;
  port: number;
  /** the address the server really listens on (`0.0.0.0`, `127.0.0.1`, `::1`...) */
  listenAddress: string;
  accessId: string;
  secretKey: string;
  /** `origin + '/_platform'` */
  adminUrl: string;
  /** what every admin request carries as `Authorization: Bearer <adminKey>` */
  adminKey: string;
  /** where the admin key came from: given (option or TC_PLATFORM_ADMIN_KEY), the data folder's admin.key, or new */
  adminKeySource: 'given' | 'file' | 'generated';
  /** things the user should know about the start (half-given credentials, listening on every interface) */
  warnings: string[];
  context: PlatformContext;
  close(): Promise<void>;
}

/** Starts the local ThreatConnect-compatible platform and resolves once it listens. */
export async function startPlatform(options: PlatformOptions = {}): Promise<PlatformHandle> {
  const settings = resolveSettings(options);
  const warnings: string[] = [];
  if (settings.dataFile) prepareDataFolder(settings.dataFile, settings.filesDir);
  // a second platform on the same file would mark this one's running runs failed: refused before opening it
  const release = settings.dataFile ? lockDataFile(settings.dataFile) : () => undefined;
  let db: ReturnType<typeof openDatabase> | undefined;
  try {
    const admin = resolveAdminKey({
      explicit: options.adminKey ?? (process.env[ADMIN_KEY_ENV] || undefined),
      dataFolder: settings.dataFile ? dirname(settings.dataFile) : undefined,
    });
    db = openDatabase(settings.dataFile);
    const ctx = new PlatformContext(db, settings);
    ctx.adminKey = admin.key;
    ctx.hostGuard = new HostGuard(settings.host, settings.allowHosts);
    const creds = defaultCredentials(options, warnings);
    const user = ensureDefaults(ctx, creds);

    const api = new Router();
    for (const register of routeFamilies) register(api, ctx);
    const adminRouter = new Router();
    for (const register of adminFamilies) register(adminRouter, ctx);

    const server = createPlatformServer(ctx, api, adminRouter);
    await listen(server, settings.port, settings.host);
    const address = server.address() as AddressInfo;
    const hostForUrl = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
    const origin = `http://${WILDCARD_HOSTS.has(settings.host) ? '127.0.0.1' : hostForUrl}:${address.port}`;
    if (WILDCARD_HOSTS.has(settings.host)) {
      warnings.push(
        `listening on every interface (${address.address}): other machines can reach the API; only loopback names and --allow-host names are answered`,
      );
    }
    ctx.origin = origin;
    await ctx.runHooks('start');

    let closed = false;
    const openDb = db;
    return {
      url: `${origin}/api`,
      origin,
      port: address.port,
      listenAddress: address.address,
      accessId: user.userName,
      secretKey: user.secretKey as string,
      adminUrl: `${origin}/_platform`,
      adminKey: admin.key,
      adminKeySource: admin.origin,
      warnings,
      context: ctx,
      async close() {
        if (closed) return;
        closed = true;
        try {
          await ctx.runHooks('close');
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          });
          openDb.close();
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    db?.close();
    release();
    throw err;
  }
}

function listen(server: ReturnType<typeof createPlatformServer>, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(new Error(`port ${port} on ${host} is already in use (another platform or program listens there): choose another with --port, or --port 0 for a free one`));
      } else if (err.code === 'EADDRNOTAVAIL') {
        reject(new Error(`--host ${host}: this machine has no such address`));
      } else reject(err);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Credentials for the default user: options, else both env variables; one of the two alone is said, not ignored. */
function defaultCredentials(options: PlatformOptions, warnings: string[]): { accessId?: string; secretKey?: string } {
  if (options.accessId !== undefined || options.secretKey !== undefined) {
    if (!options.accessId || !options.secretKey) throw new Error('accessId and secretKey: give both or neither');
    return { accessId: options.accessId, secretKey: options.secretKey };
  }
  const accessId = process.env.TC_API_ACCESS_ID || undefined;
  const secretKey = process.env.TC_API_SECRET_KEY || undefined;
  if (accessId && !secretKey) {
    warnings.push('TC_API_ACCESS_ID is set but TC_API_SECRET_KEY is not: both are needed, so the kept (or a generated) default user is used');
    return {};
  }
  if (secretKey && !accessId) {
    warnings.push('TC_API_SECRET_KEY is set but TC_API_ACCESS_ID is not: both are needed, so the kept (or a generated) default user is used');
    return {};
  }
  return { accessId, secretKey };
}
