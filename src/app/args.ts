import { tmpdir } from 'node:os';

type ArgKind = 'string' | 'number' | 'boolean';

interface ArgSpec {
  kind: ArgKind;
  default?: string | number | boolean | (() => string);
  aliases?: string[];
  secret?: boolean;
}

/** The framework's own args, common to every job app (names as the platform passes them). */
export const STANDARD_ARGS = {
  tc_api_path: { kind: 'string', default: 'https://api.threatconnect.com' },
  tc_api_access_id: { kind: 'string', aliases: ['api_access_id'] },
  tc_api_secret_key: { kind: 'string', aliases: ['api_secret_key'], secret: true },
  tc_token: { kind: 'string', secret: true },
  tc_token_expires: { kind: 'number' },
  tc_verify: { kind: 'boolean', default: true },
  api_default_org: { kind: 'string' },
  tc_owner: { kind: 'string' },
  tc_in_path: { kind: 'string', default: tmpdir },
  tc_out_path: { kind: 'string', default: tmpdir },
  tc_temp_path: { kind: 'string', default: tmpdir },
  tc_log_path: { kind: 'string', default: tmpdir },
  tc_log_file: { kind: 'string', default: 'app.log' },
  tc_log_level: { kind: 'string', default: 'info', aliases: ['logging'] },
  tc_log_max_bytes: { kind: 'number', default: 10_485_760 },
  tc_log_backup_count: { kind: 'number', default: 25 },
  tc_log_to_api: { kind: 'boolean', default: false },
  tc_log_curl: { kind: 'boolean', default: false },
  tc_proxy_host: { kind: 'string' },
  tc_proxy_port: { kind: 'number' },
  tc_proxy_username: { kind: 'string', aliases: ['tc_proxy_user'] },
  tc_proxy_password: { kind: 'string', aliases: ['tc_proxy_pass'], secret: true },
  tc_proxy_tc: { kind: 'boolean', default: false, aliases: ['apply_proxy_tc'] },
  tc_proxy_external: { kind: 'boolean', default: false, aliases: ['apply_proxy_external', 'apply_proxy_ext'] },
  tc_job_id: { kind: 'string' },
  tc_execution_id: { kind: 'string' },
  tc_user_id: { kind: 'string' },
  tc_config_file: { kind: 'string' },
} as const satisfies Record<string, ArgSpec>;

export type StandardArgName = keyof typeof STANDARD_ARGS;

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warning', 'error', 'critical'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface StandardArgs {
  tc_api_path: string;
  tc_api_access_id?: string;
  tc_api_secret_key?: string;
  tc_token?: string;
  tc_token_expires?: number;
  tc_verify: boolean;
  api_default_org?: string;
  tc_owner?: string;
  tc_in_path: string;
  tc_out_path: string;
  tc_temp_path: string;
  tc_log_path: string;
  tc_log_file: string;
  tc_log_level: LogLevel;
  tc_log_max_bytes: number;
  tc_log_backup_count: number;
  tc_log_to_api: boolean;
  tc_log_curl: boolean;
  tc_proxy_host?: string;
  tc_proxy_port?: number;
  tc_proxy_username?: string;
  tc_proxy_password?: string;
  tc_proxy_tc: boolean;
  tc_proxy_external: boolean;
  tc_job_id?: string;
  tc_execution_id?: string;
  tc_user_id?: string;
  tc_config_file?: string;
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
