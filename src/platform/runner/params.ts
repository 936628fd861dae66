import { checkableValidValues, matchValidValue } from '../../app/install-json.js';
import { pathProblem } from './paths.js';

// Standard args an execution may set per job (the runner fills in the rest: API path, token, paths, ids).
const STANDARD = new Set([
  'tc_owner',
  'tc_log_level',
  'tc_log_file',
  'tc_log_max_bytes',
  'tc_log_backup_count',
  'tc_proxy_host',
  'tc_proxy_port',
  'tc_proxy_username',
  'tc_proxy_password',
  'tc_proxy_tc',
  'tc_proxy_external',
  'tc_verify',
  'api_default_org',
]);

// Filled by the runner for every execution; a job may not set them.
export const RUNNER_ARGS = new Set([
  'tc_api_path',
  'tc_token',
  'tc_token_expires',
  'tc_api_access_id',
  'tc_api_secret_key',
  'tc_in_path',
  'tc_out_path',
  'tc_temp_path',
  'tc_log_path',
  'tc_job_id',
  'tc_execution_id',
  'tc_user_id',
]);

// Params a job sets that name a file the app opens inside one of its run folders (tc_log_file: in tc_log_path).
const PATH_PARAMS: Record<string, string> = { tc_log_file: "the run's log folder" };

/** Problems with params that name a path: each must stay inside the run's own folders. */
export function checkPathParams(params: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [name, where] of Object.entries(PATH_PARAMS)) {
    const value = params[name];
    if (value === undefined) continue;
    const problem = typeof value === 'string' ? pathProblem(value) : 'is not a file name';
    if (problem) problems.push(`params.${name}: ${JSON.stringify(value)} ${problem}; it must name a file inside ${where}`);
  }
  return problems;
}

export type ParamValue = string | number | boolean | string[];

interface InstallParam {
  name: string;
  type: string;
  required?: boolean;
  default?: unknown;
  validValues?: string[];
  hidden?: boolean;
}

/**
 * Checks a job's parameter values against the app's install.json: every name must be a param of the app (or a
 * standard arg a job may set), Choice values must be among validValues (unless those are platform tokens such as
 * ${OWNERS}), and required params without a default must be given. Returns the problems, each naming the param
 * and the value.
 */
export function checkJobParams(installJson: Record<string, any>, params: Record<string, unknown>, runnerFills: ReadonlySet<string>): string[] {
  const declared = new Map<string, InstallParam>((installJson.params ?? []).map((p: InstallParam) => [p.name, p]));
  const delimiter: string = installJson.listDelimiter || '|';
  const problems: string[] = checkPathParams(params);
  for (const [name, value] of Object.entries(params)) {
    if (RUNNER_ARGS.has(name)) {
      problems.push(`params.${name}: set by the runner for each execution, not by the job`);
      continue;
    }
    const param = declared.get(name);
    if (!param) {
      if (!STANDARD.has(name)) problems.push(`params.${name}: not a param of this app (install.json has ${[...declared.keys()].join(', ') || 'none'})`);
      continue;
    }
    if (!['string', 'number', 'boolean'].includes(typeof value) && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
      problems.push(`params.${name}: must be a string, number, boolean or list of strings (got ${JSON.stringify(value)})`);
      continue;
    }
    const allowed = checkableValidValues(param as Parameters<typeof checkableValidValues>[0]);
    if (allowed && (param.type === 'Choice' || param.type === 'MultiChoice')) {
      const values = Array.isArray(value) ? value : param.type === 'MultiChoice' ? String(value).split(delimiter) : [String(value)];
      for (const v of values) if (matchValidValue(name, allowed, v) === undefined) problems.push(`params.${name}: ${JSON.stringify(v)} is not one of ${allowed.join(', ')}`);
    }
  }
  for (const param of declared.values()) {
    const given = params[param.name];
    const empty = given === undefined || given === '' || (Array.isArray(given) && given.length === 0);
    if (param.required && param.default === undefined && empty && !runnerFills.has(param.name) && param.type !== 'Boolean') {
      problems.push(`params.${param.name}: required by the app and has no default`);
    }
  }
  return problems;
}

/**
 * The names of install.json params that carry results.tc values back: everything a previous run wrote is passed
 * again, but only under a name the app declares (the platform feeds values back as same-named params).
 */
export function declaredParamNames(installJson: Record<string, any>): Set<string> {
  return new Set((installJson.params ?? []).map((p: InstallParam) => p.name));
}
