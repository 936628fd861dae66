import { TcApiError } from '../core/errors.js';
import { ExitCode } from '../contract/exit-code.js';
import type { Logger } from '../core/logger.js';
import type { CriticalRule, GroupResults, IndicatorResults, JobFailure, JobStage } from './types.js';

/** The platform's batch error reasons that mean the whole job went wrong (TcEx `_critical_failures`). */
export const DEFAULT_CRITICAL = ['Encountered an unexpected Exception while processing batch job', 'would exceed the number of allowed indicators'];

/** Result lists, failures and the exit code of a jobs run. */
export class JobBook {
  readonly groups: GroupResults = { cached: [], failed: [], notSaved: [], saved: [], submitted: [] };
  readonly indicators: IndicatorResults = { failed: [], notSaved: [], saved: [], submitted: [] };
  readonly failures: JobFailure[] = [];
  /** set by a critical failure: later work is skipped and reported as not saved */
  stopped = false;

  constructor(
    private readonly rule: CriticalRule | undefined,
    private readonly log: Logger,
  ) {}

  /**
   * Records a failure. `forceCritical` marks failures that are critical whatever the rule says (halt on error);
   * `defaultCritical` is what applies when no rule was configured.
   */
  fail(stage: JobStage, item: string, err: unknown, opts: { forceCritical?: boolean; defaultCritical?: boolean } = {}): JobFailure {
    const message = err instanceof TcApiError ? `${err.status}: ${err.serverMessage}` : err instanceof Error ? err.message : String(err);
    const base = { stage, item, message };
    const critical = opts.forceCritical === true || this.isCritical(base, opts.defaultCritical ?? false);
    const failure = { ...base, critical };
    this.failures.push(failure);
    (critical ? this.log.error : this.log.warn).call(this.log, `jobs: ${stage} ${JSON.stringify(item)} failed${critical ? ' (critical)' : ''}: ${message}`);
    if (critical) this.stopped = true;
    return failure;
  }

  private isCritical(failure: Omit<JobFailure, 'critical'>, fallback: boolean): boolean {
    const rule = this.rule;
    if (typeof rule === 'function') return rule(failure);
    const patterns = rule ?? DEFAULT_CRITICAL;
    const matched = patterns.some((p) => (typeof p === 'string' ? failure.message.includes(p) : p.test(failure.message)));
    // without a configured rule, failures that stop a whole batch job are critical as well
    return matched || (rule === undefined && fallback);
  }

  /** 0 when nothing failed, 1 when a failure was critical, 3 (partial failure) otherwise. */
  get exitCode(): 0 | 1 | 3 {
    if (this.failures.some((f) => f.critical)) return ExitCode.Failure;
    if (this.failures.length) return ExitCode.PartialFailure;
    return ExitCode.Success;
  }
}

export function pushOnce(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}
