import { resolve } from 'node:path';
import { z } from 'zod';
import { maskSecrets, registerSecret } from '../utils/secrets.js';
import {
  isStandardArg,
  normaliseLogLevel,
  SECRET_ARGS,
  standardDefaults,
  STANDARD_ARGS,
  toBoolean,
  type StandardArgs,
} from './args.js';
import { InputError } from './exit.js';
import { checkableValidValues, matchValidValue, type InstallJson, type InstallParam } from './install-json.js';
import { shown, zodProblems } from './problems.js';

export type InputsSchema = z.ZodObject<any>;

/** Declares an app's inputs; a plain zod object works too. */
export function defineInputs<T extends z.ZodRawShape>(shape: T): z.ZodObject<T> {
  return z.object(shape);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function display(name: string, value: unknown, secret: boolean): string {
  return secret ? '***' : shown(value);
}

/** Turns raw values into the standard args, with types checked; every problem is reported together. */
export function resolveStandardArgs(raw: Record<string, unknown>, cwd = process.cwd()): StandardArgs {
  const problems: string[] = [];
  const merged: Record<string, unknown> = { ...standardDefaults() };
  for (const [name, value] of Object.entries(raw)) if (isStandardArg(name) && value !== undefined) merged[name] = value;
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(STANDARD_ARGS)) {
    const value = merged[name];
    const secret = SECRET_ARGS.includes(name);
    if (isEmpty(value)) {
      if (spec.kind === 'boolean') out[name] = (spec as { default?: unknown }).default ?? false;
      continue;
    }
    if (spec.kind === 'boolean') {
      const b = toBoolean(value);
      if (b === undefined) problems.push(`Invalid input ${name}: must be true or false (got ${display(name, value, secret)})`);
      else out[name] = b;
    } else if (spec.kind === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) problems.push(`Invalid input ${name}: must be a number (got ${display(name, value, secret)})`);
      else out[name] = n;
    } else {
      out[name] = String(value);
      if (secret) registerSecret(String(value));
    }
  }
  const level = normaliseLogLevel(out.tc_log_level);
  if (!level) problems.push(`Invalid input tc_log_level: must be one of trace, debug, info, warning, error, critical (got ${shown(out.tc_log_level)})`);
  else out.tc_log_level = level;
  for (const name of ['tc_log_max_bytes', 'tc_log_backup_count'] as const) {
    const n = out[name] as number;
    if (!Number.isInteger(n) || n < (name === 'tc_log_max_bytes' ? 1024 : 0)) {
      problems.push(`Invalid input ${name}: must be a whole number${name === 'tc_log_max_bytes' ? ' of at least 1024' : ', zero or more'} (got ${shown(n)})`);
    }
  }
  for (const name of ['tc_in_path', 'tc_out_path', 'tc_temp_path', 'tc_log_path'] as const) out[name] = resolve(cwd, String(out[name]));
  if (problems.length) throw new InputError(problems);
  return out as unknown as StandardArgs;
}

/** The install.json type of a param turns the raw value into what the app expects. */
function coerceParam(param: InstallParam, value: unknown, delimiter: string, problems: string[]): unknown {
  const name = param.name;
  const secret = param.encrypt === true;
  if (param.type === 'Boolean') {
    const b = toBoolean(value);
    if (b === undefined) problems.push(`Invalid input ${name}: must be true or false (got ${display(name, value, secret)})`);
    return b;
  }
  if (param.type === 'MultiChoice' || param.allowMultiple) {
    const list = Array.isArray(value) ? value.map(String) : String(value).split(delimiter);
    const items = list.map((s) => s.trim()).filter((s) => s !== '');
    const allowed = checkableValidValues(param);
    for (const item of allowed ? items : []) {
      if (allowed && matchValidValue(name, allowed, item) === undefined) problems.push(`Invalid input ${name}: ${shown(item)} is not one of ${allowed?.join(', ')}`);
    }
    return items;
  }
  if (param.type === 'KeyValueList') {
    let list: unknown = value;
    if (typeof value === 'string') {
      try {
        list = JSON.parse(value);
      } catch {
        problems.push(`Invalid input ${name}: must be a JSON list of {"key", "value"} objects (got ${display(name, value, secret)})`);
        return undefined;
      }
    }
    if (!Array.isArray(list) || !list.every((e) => e && typeof e === 'object' && typeof (e as any).key === 'string' && 'value' in (e as any))) {
      problems.push(`Invalid input ${name}: must be a list of {"key", "value"} objects (got ${display(name, value, secret)})`);
      return undefined;
    }
    return list.map((e: any) => ({ key: e.key, value: e.value }));
  }
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (param.type === 'Choice') {
    const allowed = checkableValidValues(param);
    if (allowed) {
      const match = matchValidValue(name, allowed, text);
      if (match === undefined) problems.push(`Invalid input ${name}: must be one of ${allowed.join(', ')} (got ${display(name, text, secret)})`);
      return match ?? text;
    }
  }
  return text;
}

/** The base kind of a zod field once optional/default/nullable wrappers are peeled off. */
function baseKind(schema: z.ZodType): string {
  let s: any = schema;
  for (let i = 0; i < 10 && s; i++) {
    const def = s._zod?.def ?? s.def;
    const type = def?.type;
    if (type === 'optional' || type === 'default' || type === 'nullable' || type === 'prefault' || type === 'readonly' || type === 'catch') {
      s = def.innerType;
    } else if (type === 'pipe') {
      s = def.in;
    } else return type ?? 'unknown';
  }
  return 'unknown';
}

/** Values from text sources made to fit the declared type (numbers, booleans, lists), so apps can declare `z.number()`. */
function fitDeclared(kind: string, value: unknown, delimiter: string): unknown {
  if (kind === 'number' && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  if (kind === 'int' && typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  if (kind === 'boolean') return toBoolean(value) ?? value;
  if (kind === 'array' && typeof value === 'string') return value.split(delimiter).map((s) => s.trim()).filter(Boolean);
  if (kind === 'date' && typeof value === 'string') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? value : d;
  }
  return value;
}

export interface AppInputsOptions {
  raw: Record<string, unknown>;
  args: StandardArgs;
  installJson: InstallJson;
  schema?: InputsSchema;
}

/**
 * Validates app inputs: install.json types and required params first, then the app's declared schema. Every
 * problem is collected; the error names each input. Values of `encrypt` params become registered secrets.
 */
export function resolveAppInputs({ raw, args, installJson, schema }: AppInputsOptions): Record<string, unknown> {
  const problems: string[] = [];
  const delimiter = installJson.listDelimiter ?? '|';
  const params = new Map(installJson.params.map((p) => [p.name, p]));
  const values: Record<string, unknown> = {};

  for (const param of installJson.params) {
    let value = raw[param.name];
    if (isEmpty(value) && param.default !== undefined) value = param.default;
    if (param.encrypt && typeof value === 'string') registerSecret(value);
    if (isEmpty(value) && !(Array.isArray(value) && value.length === 0)) {
      if (param.required && param.type !== 'Boolean') problems.push(`Missing input ${param.name}: required by install.json ("${param.label}")`);
      if (param.type === 'Boolean') values[param.name] = false;
      continue;
    }
    values[param.name] = coerceParam(param, value, delimiter, problems);
  }

  if (!schema) {
    if (problems.length) throw new InputError(problems);
    return values;
  }

  const shape = schema.shape as Record<string, z.ZodType>;
  const input: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(shape)) {
    let value: unknown;
    if (params.has(name)) value = values[name];
    else if (isStandardArg(name)) value = (args as unknown as Record<string, unknown>)[name];
    else {
      problems.push(`Declared input ${name} is not a param in install.json; add it there (hidden if the user should not see it)`);
      continue;
    }
    if (isEmpty(value)) value = undefined;
    input[name] = value === undefined ? undefined : fitDeclared(baseKind(field), value, delimiter);
  }
  const parsed = schema.safeParse(input, { reportInput: true });
  if (!parsed.success) {
    const reported = new Set(problems.map((p) => /^\w+ input ([\w.-]+)/.exec(p)?.[1]));
    for (const p of zodProblems(parsed.error.issues)) {
      if (reported.has(p.path.split(/[.[]/)[0])) continue; // already named by the install.json check
      if (p.message === 'is required') problems.push(`Missing input ${p.path}: required by the app`);
      else problems.push(maskSecrets(`Invalid input ${p.path}: ${p.message}`));
    }
  }
  if (problems.length) throw new InputError(problems);
  return parsed.success ? (parsed.data as Record<string, unknown>) : {};
}

