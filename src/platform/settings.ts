export interface PlatformOptions {
  /** 0 picks a free port (default 0 for startPlatform, 8555 for the CLI) */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** SQLite file; omitted → in memory */
  dataFile?: string;
  /** credentials of the default API user; else TC_API_ACCESS_ID / TC_API_SECRET_KEY, else generated */
  accessId?: string;
  secretKey?: string;
  orgName?: string;
  communityName?: string;
  /** key of the admin interface (`Authorization: Bearer <key>`); else TC_PLATFORM_ADMIN_KEY, else `admin.key` in the
   *  data folder, else generated (and kept there when a data file is used) */
  adminKey?: string;
  /** Host names (besides loopback ones and the address bound) the platform answers, e.g. a name for a LAN address */
  allowHosts?: string[];
  /** no log lines on stdout */
  quiet?: boolean;
  /** largest request body accepted, in bytes (default 100 MB) */
  maxBodyBytes?: number;
  /** lifetime of issued tokens in seconds (default 3600) */
  tokenTtlSeconds?: number;
  /** how long after it expired a token can still be renewed through /appAuth, in seconds (default 86,400: 24 h) */
  tokenRenewGraceSeconds?: number;
  /** where uploaded documents and app packages are kept when a data file is used (default: beside it) */
  filesDir?: string;
  /** free-form settings for parts (batch limits, runner), read by each part */
  [key: string]: unknown;
}

export interface PlatformSettings {
  port: number;
  host: string;
  dataFile?: string;
  orgName: string;
  communityName: string;
  quiet: boolean;
  maxBodyBytes: number;
  tokenTtlSeconds: number;
  tokenRenewGraceSeconds: number;
  filesDir?: string;
  allowHosts: string[];
  options: PlatformOptions;
}

export function resolveSettings(options: PlatformOptions = {}): PlatformSettings {
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    dataFile: options.dataFile,
    orgName: options.orgName ?? 'Example Organization',
    communityName: options.communityName ?? 'Common Community',
    quiet: options.quiet ?? true,
    maxBodyBytes: options.maxBodyBytes ?? 100 * 1024 * 1024,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    tokenRenewGraceSeconds: nonNegative('tokenRenewGraceSeconds', options.tokenRenewGraceSeconds ?? 24 * 3600),
    filesDir: options.filesDir ?? (options.dataFile ? `${options.dataFile}.files` : undefined),
    allowHosts: options.allowHosts ?? [],
    options,
  };
}

function nonNegative(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`${name}: must be a number of seconds, 0 or more, got ${JSON.stringify(value)}`);
  return value;
}
