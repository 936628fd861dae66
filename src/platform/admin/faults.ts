import { z } from 'zod';
import { compilePathPattern, type PathPattern } from './pattern.js';

export const faultRuleSchema = z.object({
  /** regular expression (RE2 syntax) tested against the path after the mount prefix, e.g. `^/v2/owners` */
  path: z.string().default('.*'),
  method: z.string().optional(),
  /** answer with this status instead of handling the request */
  status: z.number().int().min(100).max(599).optional(),
  /** Retry-After header value (seconds or HTTP date) */
  retryAfter: z.union([z.string(), z.number()]).optional(),
  /** failure message for the envelope */
  message: z.string().optional(),
  /** wait this long before answering (or before dropping) */
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  /** close the connection without any answer, after reading the request */
  drop: z.boolean().optional(),
  /** fraction of matching requests affected, 0 to 1 */
  rate: z.number().min(0).max(1).default(1),
  /** stop after this many hits */
  times: z.number().int().min(1).optional(),
});

export type FaultRuleInput = z.input<typeof faultRuleSchema>;

export interface FaultRule extends z.output<typeof faultRuleSchema> {
  id: number;
  hits: number;
  regex: PathPattern;
}

/** Injected failures, chosen per route and rate, so clients can be tested against real misbehaviour. */
export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(input: FaultRuleInput): FaultRule {
    const parsed = faultRuleSchema.parse(input);
    const rule: FaultRule = { ...parsed, id: this.nextId++, hits: 0, regex: compilePathPattern(parsed.path, 'path') };
    this.rules.push(rule);
    return rule;
  }

  list(): Array<Omit<FaultRule, 'regex'>> {
    return this.rules.map(({ regex: _r, ...rest }) => rest);
  }

  remove(id?: number): void {
    this.rules = id === undefined ? [] : this.rules.filter((r) => r.id !== id);
  }

  /** The rule that applies to this request, consuming one of its `times`. */
  pick(method: string, path: string): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (!rule.regex.test(path)) continue;
      if (rule.times !== undefined && rule.hits >= rule.times) continue;
      if (rule.rate < 1 && Math.random() >= rule.rate) continue;
      rule.hits += 1;
      return rule;
    }
    return undefined;
  }
}
