import { tmpdir } from 'node:os';

type ArgKind = 'string' | 'number' | 'boolean';

/**
 * Who sets an arg when the platform runs an app: `platform` fills it in for every execution (API path and
 * credentials, the run's folders and ids; a job may not set it), `job` comes from the job's configuration,
 * `app` is only ever set locally (the app's own config file or command line).
 */
export type ArgSetter = 'platform' | 'job' | 'app';

interface ArgSpec {
  setBy: ArgSetter;
  kind: ArgKind;
  default?: string | number | boolean | (() => string);
  aliases?: string[];
  secret?: boolean;
}

/**
 * The framework's own args, common to every job app (names as the platform passes them): the one table the app
 * runtime reads them by and the platform's runner writes and checks them by.
 */
export const STANDARD_ARGS = {
  tc_api_path: { setBy: 'platform', kind: 'string', default: 'https://api.threatconnect.com' },
  tc_api_access_id: { setBy: 'platform', kind: 'string', aliases: ['api_access_id'] },
  tc_api_secret_key: { setBy: 'platform', kind: 'string', aliases: ['api_secret_key'], secret: true },
  tc_token: { setBy: 'platform', kind: 'string', secret: true },
  tc_token_expires: { setBy: 'platform', kind: 'number' },
  tc_verify: { setBy: 'job', kind: 'boolean', default: true },
  api_default_org: { setBy: 'job', kind: 'string' },
  tc_owner: { setBy: 'job', kind: 'string' },
  tc_in_path: { setBy: 'platform', kind: 'string', default: tmpdir },
  tc_out_path: { setBy: 'platform', kind: 'string', default: tmpdir },
  tc_temp_path: { setBy: 'platform', kind: 'string', default: tmpdir },
  tc_log_path: { setBy: 'platform', kind: 'string', default: tmpdir },
  tc_log_file: { setBy: 'job', kind: 'string', default: 'app.log' },
  tc_log_level: { setBy: 'job', kind: 'string', default: 'info', aliases: ['logging'] },
  tc_log_max_bytes: { setBy: 'job', kind: 'number', default: 10_485_760 },
  tc_log_backup_count: { setBy: 'job', kind: 'number', default: 25 },
  tc_log_to_api: { setBy: 'app', kind: 'boolean', default: false },
  tc_log_curl: { setBy: 'app', kind: 'boolean', default: false },
  tc_proxy_host: { setBy: 'job', kind: 'string' },
  tc_proxy_port: { setBy: 'job', kind: 'number' },
  tc_proxy_username: { setBy: 'job', kind: 'string', aliases: ['tc_proxy_user'] },
  tc_proxy_password: { setBy: 'job', kind: 'string', aliases: ['tc_proxy_pass'], secret: true },
  tc_proxy_tc: { setBy: 'job', kind: 'boolean', default: false, aliases: ['apply_proxy_tc'] },
  tc_proxy_external: { setBy: 'job', kind: 'boolean', default: false, aliases: ['apply_proxy_external', 'apply_proxy_ext'] },
  tc_job_id: { setBy: 'platform', kind: 'string' },
  tc_execution_id: { setBy: 'platform', kind: 'string' },
  tc_user_id: { setBy: 'platform', kind: 'string' },
  tc_config_file: { setBy: 'app', kind: 'string' },
} as const satisfies Record<string, ArgSpec>;

export type StandardArgName = keyof typeof STANDARD_ARGS;

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'critical'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

type ArgType<K extends ArgKind> = K extends 'string' ? string : K extends 'number' ? number : boolean;
type Table = typeof STANDARD_ARGS;
type Defaulted = { [K in keyof Table]: Table[K] extends { default: unknown } ? K : never }[keyof Table];

/** The standard args as the app sees them: typed from the table; those with a default are always present. */
export type StandardArgs = { [K in Exclude<Defaulted, 'tc_log_level'>]: ArgType<Table[K]['kind']> } & {
  [K in Exclude<StandardArgName, Defaulted>]?: ArgType<Table[K]['kind']>;
} & { tc_log_level: LogLevel };

/** Names of the args set by `who` (see `ArgSetter`). */
export function argsSetBy(who: ArgSetter): ReadonlySet<StandardArgName> {
  return new Set((Object.keys(STANDARD_ARGS) as StandardArgName[]).filter((n) => STANDARD_ARGS[n].setBy === who));
}

const ALIASES = new Map<string, StandardArgName>();
for (const [name, spec] of Object.entries(STANDARD_ARGS) as Array<[StandardArgName, ArgSpec]>) {
  for (const alias of spec.aliases ?? []) ALIASES.set(alias, name);
}

/** The standard name for an alias (`api_access_id` → `tc_api_access_id`); other names are returned unchanged. */
export function canonicalName(name: string): string {
  return ALIASES.get(name) ?? name;
}

export function isStandardArg(name: string): name is StandardArgName {
  return Object.prototype.hasOwnProperty.call(STANDARD_ARGS, name);
}

export function standardArgKind(name: string): ArgKind | undefined {
  return isStandardArg(name) ? STANDARD_ARGS[name].kind : undefined;
}

export const SECRET_ARGS: readonly string[] = Object.entries(STANDARD_ARGS)
  .filter(([, spec]) => (spec as ArgSpec).secret)
  .map(([name]) => name);

export function standardDefaults(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(STANDARD_ARGS) as Array<[string, ArgSpec]>) {
    if (spec.default !== undefined) out[name] = typeof spec.default === 'function' ? spec.default() : spec.default;
  }
  return out;
}

const TRUE = new Set(['true', '1', 'yes', 'y', 'on']);
const FALSE = new Set(['false', '0', 'no', 'n', 'off', '']);

/** A boolean from the many ways platforms, shells and files write one; undefined when it is none of them. */
export function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return undefined;
}

export function normaliseLogLevel(value: unknown): LogLevel | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'warn') return 'warning';
  if (v === 'fatal') return 'critical';
  return (LOG_LEVELS as readonly string[]).includes(v) ? (v as LogLevel) : undefined;
}
