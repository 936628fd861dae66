import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { indicatorType } from '../model/indicator-types.js';
import { normaliseLogLevel } from './args.js';
import { formatProblem, problem, shown, zodProblems, type Problem } from './problems.js';

export const PARAM_TYPES = ['Boolean', 'Choice', 'EditChoice', 'KeyValueList', 'MultiChoice', 'String', 'StringMixed'] as const;
export const PROGRAM_LANGUAGES = ['PYTHON', 'JAVA', 'NONE', 'NODE'] as const;
export const RUNTIME_LEVELS = [
  'Organization',
  'Playbook',
  'ApiService',
  'FeedApiService',
  'TriggerService',
  'WebhookTriggerService',
  'System',
  'SpaceOrganization',
] as const;
/** Platform tokens in validValues, expanded by the platform when the job is configured. */
export const VALID_VALUE_TOKENS = [
  '${OWNERS}',
  '${USERS}',
  '${USER_GROUPS}',
  '${API_USERS}',
  '${GROUP_TYPES}',
  '${INDICATOR_TYPES}',
  '${ATTRIBUTES}',
  '${ARTIFACT_TYPES}',
  '${WORKFLOW_TEMPLATES}',
  '${TEXT}',
  '${KEYCHAIN}',
  '${FILE}',
  '${USER:TEXT}',
  '${ORGANIZATION:TEXT}',
  '${USER:KEYCHAIN}',
  '${ORGANIZATION:KEYCHAIN}',
] as const;
export const KNOWN_FEATURES = [
  'advancedRequest',
  'appBuilderCompliant',
  'CALSettings',
  'fileParams',
  'layoutEnabledApp',
  'linkApiPath',
  'redisPasswordSupport',
  'runtimeVariables',
  'smtpSettings',
  'webhookResponseMarshall',
  'webhookServiceEndpoint',
  'CreatesGroup',
  'CreatesIndicator',
  'CreatesSecurityLabel',
  'CreatesTag',
  'DeletesGroup',
  'DeletesIndicator',
  'DeletesSecurityLabel',
  'DeletesTag',
  'secureParams',
  'aotExecutionEnabled',
] as const;

const strings = z.array(z.string());

export const ParamSchema = z.looseObject({
  label: z.string().min(1),
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'must start with a letter or _ and hold only letters, digits, _ . -'),
  type: z.enum(PARAM_TYPES),
  allowMultiple: z.boolean().optional(),
  allowNested: z.boolean().optional(),
  default: z.union([z.boolean(), z.number(), z.string()]).optional(),
  encrypt: z.boolean().optional(),
  exposePlaybookKeyAs: z.string().optional(),
  feedDeployer: z.boolean().optional(),
  hidden: z.boolean().optional(),
  intelType: strings.optional(),
  note: z.string().optional(),
  playbookDataType: strings.optional(),
  required: z.boolean().optional(),
  sequence: z.number().int().optional(),
  serviceConfig: z.boolean().optional(),
  setup: z.boolean().optional(),
  validValues: strings.optional(),
  viewRows: z.number().int().min(1).optional(),
});
export type InstallParam = z.infer<typeof ParamSchema>;

export const DeprecationSchema = z.looseObject({
  indicatorType: z.string().min(1),
  intervalDays: z.number().int().min(1),
  confidenceAmount: z.number().int().min(0).max(100),
  deleteAtMinimum: z.boolean(),
  percentage: z.boolean(),
});
export type DeprecationRule = z.infer<typeof DeprecationSchema>;

export const FeedSchema = z.looseObject({
  sourceName: z.string().min(1),
  sourceCategory: z.string().min(1),
  sourceDescription: z.string().min(1),
  jobFile: z.string().min(1),
  attributesFile: z.string().min(1).optional(),
  documentStorageLimitMb: z.number().int().min(0).optional(),
  indicatorLimit: z.number().int().min(0).optional(),
  enableBulkJson: z.boolean().optional(),
  deprecation: z.array(DeprecationSchema).optional(),
  firstRunParams: z.array(z.looseObject({ param: z.string().min(1), value: z.union([z.string(), z.number(), z.boolean()]) })).optional(),
});
export type FeedDefinition = z.infer<typeof FeedSchema>;

export const InstallJsonSchema = z.looseObject({
  allowOnDemand: z.boolean(),
  allowRunAsUser: z.boolean().optional(),
  apiUserTokenParam: z.boolean().optional(),
  appId: z.uuid().optional(),
  category: z.string().optional(),
  commitHash: z.string().optional(),
  deprecatesApps: strings.optional(),
  displayName: z.string().min(3).max(100),
  displayPath: z.string().optional(),
  dockerImage: z.string().optional(),
  features: strings.optional(),
  feeds: z.array(FeedSchema).optional(),
  labels: strings.optional(),
  languageVersion: z.string().optional(),
  listDelimiter: z.string().min(1).optional(),
  minServerVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'must look like 7.2.0').optional(),
  note: z.string().optional(),
  params: z.array(ParamSchema),
  playbook: z.looseObject({}).optional(),
  programIcon: z.string().optional(),
  programLanguage: z.enum(PROGRAM_LANGUAGES),
  programMain: z.string().min(1),
  programName: z.string().optional(),
  programVersion: z.string().regex(/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/, 'must be a version such as 1.0.0'),
  publishOutFiles: strings.optional(),
  repeatingMinutes: z.array(z.number().int().min(1)).optional(),
  runtimeContext: strings.optional(),
  runtimeLevel: z.enum(RUNTIME_LEVELS),
  sdkVersion: z.string().optional(),
  service: z.looseObject({}).optional(),
});
export type InstallJson = z.infer<typeof InstallJsonSchema>;

export const JobFileSchema = z.looseObject({
  allowOnDemand: z.boolean().optional(),
  enableNotifications: z.boolean().optional(),
  jobName: z.string().min(1),
  notifyEmail: z.string().optional(),
  notifyIncludeLogFiles: z.boolean().optional(),
  notifyOnComplete: z.boolean().optional(),
  notifyOnFailure: z.boolean().optional(),
  notifyOnPartialFailure: z.boolean().optional(),
  params: z.array(
    z.looseObject({
      name: z.string().min(1),
      default: z.union([z.string(), z.number(), z.boolean()]).optional(),
      encrypt: z.boolean().optional(),
      preventUpdates: z.boolean().optional(),
    }),
  ),
  programName: z.string().min(1),
  programVersion: z.string().min(1),
  publishAuth: z.boolean().optional(),
  scheduleCronFormat: z.string().min(1).optional(),
  scheduleStartDate: z.number().int().optional(),
  scheduleType: z.string().optional(),
});
export type JobFile = z.infer<typeof JobFileSchema>;

export interface ValidationResult<T> {
  /** the typed value when there are no errors (warnings allowed) */
  value?: T;
  problems: Problem[];
}

const TOKENS = new Set<string>(VALID_VALUE_TOKENS);
const FEATURES = new Set<string>(KNOWN_FEATURES);

export function isValidValueToken(value: string): boolean {
  return /^\$\{[A-Z_:]+\}$/.test(value);
}

/** True when validValues can be checked locally (no platform token such as ${OWNERS} among them). */
export function checkableValidValues(param: Pick<InstallParam, 'validValues'>): string[] | undefined {
  const values = param.validValues;
  if (!values || values.length === 0 || values.some(isValidValueToken)) return undefined;
  return values;
}

/**
 * The valid value a given value stands for, or undefined. Log levels are case-insensitive everywhere (`DEBUG`,
 * `Debug` and `debug` are one level, `warn` is `warning`), so a `tc_log_level` Choice of lower-case values accepts
 * the upper-case level the seeds write; any other choice must match exactly.
 */
export function matchValidValue(name: string, allowed: readonly string[], value: string): string | undefined {
  if (allowed.includes(value)) return value;
  if (name !== 'tc_log_level') return undefined;
  const level = normaliseLogLevel(value);
  return level ? allowed.find((a) => normaliseLogLevel(a) === level) : undefined;
}

/** Validates a parsed install.json, reporting every problem at once. */
export function validateInstallJson(input: unknown): ValidationResult<InstallJson> {
  const parsed = InstallJsonSchema.safeParse(input, { reportInput: true });
  const problems: Problem[] = parsed.success ? [] : zodProblems(parsed.error.issues);
  const ij = (input && typeof input === 'object' ? input : {}) as Record<string, any>;

  const params: any[] = Array.isArray(ij.params) ? ij.params : [];
  const delimiter = typeof ij.listDelimiter === 'string' && ij.listDelimiter ? ij.listDelimiter : '|';
  const seen = new Map<string, number>();
  params.forEach((p, i) => {
    if (!p || typeof p !== 'object') return;
    const at = `params[${i}]`;
    if (typeof p.name === 'string') {
      if (seen.has(p.name)) problems.push(problem(`${at}.name`, `duplicates params[${seen.get(p.name)}] (${shown(p.name)})`));
      else seen.set(p.name, i);
    }
    const values: unknown[] = Array.isArray(p.validValues) ? p.validValues : [];
    values.forEach((v, j) => {
      if (typeof v === 'string' && v.startsWith('${') && !TOKENS.has(v)) {
        problems.push(problem(`${at}.validValues[${j}]`, `unknown platform token ${shown(v)}; known: ${VALID_VALUE_TOKENS.join(', ')}`));
      }
    });
    if ((p.type === 'Choice' || p.type === 'MultiChoice') && values.length === 0) {
      problems.push(problem(`${at}.validValues`, `a ${p.type} param needs validValues`));
    }
    const checkable = checkableValidValues(p);
    if (checkable && p.default !== undefined && (p.type === 'Choice' || p.type === 'MultiChoice')) {
      const defaults = p.type === 'MultiChoice' ? String(p.default).split(delimiter).filter(Boolean) : [String(p.default)];
      for (const d of defaults) {
        if (!matchValidValue(String(p.name), checkable, d)) problems.push(problem(`${at}.default`, `${shown(d)} is not one of validValues (${checkable.join(', ')})`));
      }
    }
    if (p.type === 'Boolean' && p.default !== undefined && typeof p.default !== 'boolean' && !/^(true|false)$/i.test(String(p.default))) {
      problems.push(problem(`${at}.default`, `a Boolean default must be true or false (got ${shown(p.default)})`));
    }
    if (p.type === 'Boolean' && p.required === true) {
      problems.push(problem(`${at}.required`, 'a Boolean param is always present; required has no effect', 'warning'));
    }
    if (p.hidden === true && p.required === true && p.default === undefined) {
      problems.push(problem(at, `hidden and required without a default: nobody can fill ${shown(p.name)} in`, 'warning'));
    }
  });

  if (Array.isArray(ij.features)) {
    ij.features.forEach((f: unknown, i: number) => {
      if (typeof f === 'string' && !FEATURES.has(f)) problems.push(problem(`features[${i}]`, `unknown feature ${shown(f)}`, 'warning'));
    });
  }
  if (ij.programLanguage === 'NODE' && typeof ij.programMain === 'string' && /\.(ts|py)$/.test(ij.programMain)) {
    problems.push(problem('programMain', `a NODE app starts a JavaScript file, not ${shown(ij.programMain)}`));
  }

  if (Array.isArray(ij.feeds)) problems.push(...feedProblems(ij, params));

  const errors = problems.some((p) => p.severity === 'error');
  return { problems, value: errors || !parsed.success ? undefined : parsed.data };
}

function feedProblems(ij: Record<string, any>, params: any[]): Problem[] {
  const problems: Problem[] = [];
  const names = new Set(params.map((p) => p?.name).filter((n) => typeof n === 'string'));
  if (ij.feeds.length > 0) {
    if (ij.runtimeLevel !== undefined && ij.runtimeLevel !== 'Organization') {
      problems.push(problem('runtimeLevel', `a feed app is a job app: must be "Organization" (got ${shown(ij.runtimeLevel)})`));
    }
    if (!names.has('tc_owner')) problems.push(problem('params', 'a feed app needs a tc_owner param (the owner the data goes to)'));
    if (!names.has('tc_log_level')) problems.push(problem('params', 'a feed app should have a tc_log_level Choice param', 'warning'));
  }
  ij.feeds.forEach((feed: any, i: number) => {
    if (!feed || typeof feed !== 'object') return;
    const at = `feeds[${i}]`;
    const deprecation: any[] = Array.isArray(feed.deprecation) ? feed.deprecation : [];
    const types = new Map<string, number>();
    deprecation.forEach((rule, j) => {
      if (!rule || typeof rule !== 'object') return;
      const rat = `${at}.deprecation[${j}]`;
      if (typeof rule.indicatorType === 'string') {
        const info = indicatorType(rule.indicatorType);
        if (!info) problems.push(problem(`${rat}.indicatorType`, `not a standard indicator type (got ${shown(rule.indicatorType)})`));
        else if (info.name !== rule.indicatorType) {
          problems.push(problem(`${rat}.indicatorType`, `use the type name ${shown(info.name)} (got ${shown(rule.indicatorType)})`));
        } else if (types.has(info.name)) {
          problems.push(problem(`${rat}.indicatorType`, `${shown(info.name)} already has a rule at deprecation[${types.get(info.name)}]`));
        } else types.set(info.name, j);
      }
      if (rule.percentage === true && rule.confidenceAmount === 0) {
        problems.push(problem(`${rat}.confidenceAmount`, 'a percentage of 0 never lowers confidence; use 1 to 100'));
      }
    });
    const first: any[] = Array.isArray(feed.firstRunParams) ? feed.firstRunParams : [];
    first.forEach((fp, j) => {
      if (fp && typeof fp.param === 'string' && !names.has(fp.param)) {
        problems.push(problem(`${at}.firstRunParams[${j}].param`, `names no param in params (got ${shown(fp.param)})`));
      }
    });
  });
  return problems;
}

/** Validates a Feed Deployer job file against the install.json it belongs to. */
export function validateJobFile(input: unknown, installJson?: Pick<InstallJson, 'params'>, label = 'jobFile'): Problem[] {
  const parsed = JobFileSchema.safeParse(input, { reportInput: true });
  const problems = parsed.success ? [] : zodProblems(parsed.error.issues, [label]);
  const job = (input && typeof input === 'object' ? input : {}) as Record<string, any>;
  if (installJson && Array.isArray(job.params)) {
    const names = new Set(installJson.params.map((p) => p.name));
    job.params.forEach((p: any, i: number) => {
      if (p && typeof p.name === 'string' && !names.has(p.name)) {
        problems.push(problem(`${label}.params[${i}].name`, `names no param in install.json (got ${shown(p.name)})`));
      }
    });
  }
  return problems;
}

export class InstallJsonError extends Error {
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(`${file}: ${errors.length} problem${errors.length === 1 ? '' : 's'}: ${errors.map(formatProblem).join('; ')}`);
    this.name = 'InstallJsonError';
  }
}

export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`${file}: cannot be read`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
}

/** Reads and validates `<dir>/install.json`; throws InstallJsonError listing every error. */
export function loadInstallJson(dir: string): InstallJson {
  const file = join(dir, 'install.json');
  const result = validateInstallJson(readJsonFile(file));
  if (!result.value) throw new InstallJsonError(file, result.problems);
  return result.value;
}

export function majorVersion(programVersion: string): number {
  return Number(programVersion.split('.')[0]);
}
