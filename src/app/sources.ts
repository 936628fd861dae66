import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { canonicalName, STANDARD_ARGS } from '../contract/standard-args.js';
import { readParamFile } from '../contract/param-file.js';
import { parseResultsTc } from '../contract/results-tc.js';

// Where inputs come from, lowest precedence first. Later sources override earlier ones name by name.
export type InputOrigin = 'default' | 'config' | 'env' | 'results.tc' | 'param file' | 'params' | 'flag';

export interface SourceOptions {
  /** command-line arguments (without node and the script) */
  argv?: string[];
  env?: Record<string, string | undefined>;
  /** already-decrypted params handed over in-process (tests); rank with the param file */
  params?: Record<string, unknown>;
  /** names the app knows besides the standard args: install.json params and declared inputs */
  names: Iterable<string>;
  cwd?: string;
}

export interface GatheredInputs {
  values: Record<string, unknown>;
  origin: Record<string, InputOrigin>;
  /** flags that name no known input */
  unknownFlags: string[];
  /** true when a platform parameter file supplied the params */
  fromParamFile: boolean;
}

/** Splits `--name value`, `--name=value` and bare boolean `--flag`s (true); positional words are ignored. */
export function parseFlags(argv: string[]): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (!word.startsWith('--') || word === '--') continue;
    const eq = word.indexOf('=');
    if (eq > 2) {
      out[canonicalName(word.slice(2, eq))] = word.slice(eq + 1);
      continue;
    }
    const name = canonicalName(word.slice(2));
    const next = argv[i + 1];
    const nextIsValue = next !== undefined && !next.startsWith('--');
    if (nextIsValue) {
      out[name] = next;
      i++;
    } else out[name] = true; // a bare flag is a boolean switched on
  }
  return out;
}

function envName(name: string): string[] {
  const upper = name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  const names = [`TCEX_INPUT_${upper}`];
  if (/^(tc|api)_/i.test(name)) names.unshift(upper);
  return names;
}

function readConfigFile(file: string, cwd: string): Record<string, unknown> {
  const full = resolve(cwd, file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(full, 'utf8'));
  } catch (err) {
    throw new Error(`tc_config_file: cannot read ${JSON.stringify(full)} as JSON (${(err as Error).message})`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`tc_config_file: ${JSON.stringify(full)} must hold a JSON object`);
  }
  const obj = parsed as Record<string, unknown>;
  return obj.inputs && typeof obj.inputs === 'object' ? (obj.inputs as Record<string, unknown>) : obj;
}

function canonicalKeys(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) out[canonicalName(k)] = v;
  return out;
}

/** Collects raw input values from every source the runtime supports, in precedence order. */
export async function gatherInputs(options: SourceOptions): Promise<GatheredInputs> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const known = new Set<string>([...Object.keys(STANDARD_ARGS), ...options.names]);

  const values: Record<string, unknown> = {};
  const origin: Record<string, InputOrigin> = {};
  const apply = (source: Record<string, unknown>, from: InputOrigin, onlyKnown = true) => {
    for (const [name, value] of Object.entries(source)) {
      if (value === undefined || (onlyKnown && !known.has(name))) continue;
      values[name] = value;
      origin[name] = from;
    }
  };

  const flags = parseFlags(options.argv ?? []);
  const unknownFlags = Object.keys(flags).filter((n) => !known.has(n));

  const configFile = (flags.tc_config_file as string | undefined) ?? env.TC_CONFIG_FILE ?? env.TCEX_APP_CONFIG;
  if (typeof configFile === 'string' && configFile) apply(canonicalKeys(readConfigFile(configFile, cwd)), 'config');

  const fromEnv: Record<string, unknown> = {};
  for (const name of known) {
    for (const key of envName(name)) {
      if (env[key] !== undefined) fromEnv[name] = env[key];
    }
  }
  apply(fromEnv, 'env');

  let params: Record<string, unknown> | undefined;
  const file = env.TC_APP_PARAM_FILE;
  if (file) {
    const key = env.TC_APP_PARAM_KEY;
    if (!key) throw new Error('TC_APP_PARAM_KEY: required when TC_APP_PARAM_FILE is set');
    params = canonicalKeys(await readParamFile(resolve(cwd, file), key));
  }
  const fromParamFile = params !== undefined;

  // Outside a platform, the values the last run left in results.tc come back as inputs (the platform does this
  // itself by passing them as params).
  if (!fromParamFile && !options.params) {
    const outPath = (flags.tc_out_path ?? params?.tc_out_path ?? values.tc_out_path) as string | undefined;
    if (typeof outPath === 'string' && outPath) {
      const resultsFile = join(resolve(cwd, outPath), 'results.tc');
      if (existsSync(resultsFile)) apply(parseResultsTc(readFileSync(resultsFile, 'utf8')), 'results.tc');
    }
  }

  if (params) apply(params, 'param file', false);
  if (options.params) apply(canonicalKeys(options.params), 'params', false);
  apply(flags, 'flag');
  return { values, origin, unknownFlags, fromParamFile };
}
