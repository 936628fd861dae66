import { TcConfigError } from '../core/errors.js';
import type { Query } from '../client/url.js';
import type { DateInput, TaskStatus } from './types.js';
import { isoDate } from '../core/dates.js';

/** v2 filter operators: equals, less than, greater than, starts with, and not-equal (tasks only). */
export type FilterOperator = '=' | '<' | '>' | '^' | '!';

type Spec<O extends FilterOperator, V> = { ops: O; value: V };

/** Filterable fields of indicator collections, with their operators and value types (reference §4.11). */
export interface IndicatorFilterSpec {
  active: Spec<'=', boolean>;
  summary: Spec<'=' | '^', string>;
  dateAdded: Spec<'<' | '>', DateInput>;
  rating: Spec<'<' | '>', number>;
  confidence: Spec<'=' | '<' | '>', number>;
  threatAssessScore: Spec<'=' | '<' | '>', number>;
  falsePositive: Spec<'=' | '<' | '>', number>;
  threatAssessRating: Spec<'<' | '>', number>;
  threatAssessConfidence: Spec<'<' | '>', number>;
  city: Spec<'=', string>;
  countryCode: Spec<'=', string>;
  countryName: Spec<'=', string>;
  organization: Spec<'=', string>;
  state: Spec<'=', string>;
  timezone: Spec<'=', string>;
  asn: Spec<'=', string>;
  whoisActive: Spec<'=', boolean>;
  dnsActive: Spec<'=', boolean>;
}

/** Filterable fields of group collections. */
export interface GroupFilterSpec {
  name: Spec<'=' | '^', string>;
  dateAdded: Spec<'<' | '>', DateInput>;
  firstSeen: Spec<'<' | '>', DateInput>;
  eventDate: Spec<'<' | '>', DateInput>;
  fileType: Spec<'=', string>;
}

/** Filterable fields of task collections (the only ones with `!`). */
export interface TaskFilterSpec {
  name: Spec<'=' | '^', string>;
  dateAdded: Spec<'<' | '>', DateInput>;
  dueDate: Spec<'<' | '>', DateInput>;
  status: Spec<'=' | '!', TaskStatus>;
  assignee: Spec<'=', string>;
  escalatee: Spec<'=', string>;
  overdue: Spec<'=', boolean>;
  escalated: Spec<'=', boolean>;
  reminded: Spec<'=', boolean>;
}

export interface TagFilterSpec {
  name: Spec<'=' | '^', string>;
  weight: Spec<'=' | '<' | '>', number>;
}

export interface NameFilterSpec {
  name: Spec<'=' | '^', string>;
}

export interface FilterSpecs {
  indicator: IndicatorFilterSpec;
  group: GroupFilterSpec;
  task: TaskFilterSpec;
  tag: TagFilterSpec;
  victim: NameFilterSpec;
  securityLabel: NameFilterSpec;
}
export type FilterKind = keyof FilterSpecs;

type ValueKind = 'string' | 'number' | 'boolean' | 'date';
type RuntimeSpec = Record<string, { ops: string; kind: ValueKind }>;

const s = (ops: string, kind: ValueKind) => ({ ops, kind });

const RUNTIME: Record<FilterKind, RuntimeSpec> = {
  indicator: {
    active: s('=', 'boolean'),
    summary: s('=^', 'string'),
    dateAdded: s('<>', 'date'),
    rating: s('<>', 'number'),
    confidence: s('=<>', 'number'),
    threatAssessScore: s('=<>', 'number'),
    falsePositive: s('=<>', 'number'),
    threatAssessRating: s('<>', 'number'),
    threatAssessConfidence: s('<>', 'number'),
    city: s('=', 'string'),
    countryCode: s('=', 'string'),
    countryName: s('=', 'string'),
    organization: s('=', 'string'),
    state: s('=', 'string'),
    timezone: s('=', 'string'),
    asn: s('=', 'string'),
    whoisActive: s('=', 'boolean'),
    dnsActive: s('=', 'boolean'),
  },
  group: {
    name: s('=^', 'string'),
    dateAdded: s('<>', 'date'),
    firstSeen: s('<>', 'date'),
    eventDate: s('<>', 'date'),
    fileType: s('=', 'string'),
  },
  task: {
    name: s('=^', 'string'),
    dateAdded: s('<>', 'date'),
    dueDate: s('<>', 'date'),
    status: s('=!', 'string'),
    assignee: s('=', 'string'),
    escalatee: s('=', 'string'),
    overdue: s('=', 'boolean'),
    escalated: s('=', 'boolean'),
    reminded: s('=', 'boolean'),
  },
  tag: { name: s('=^', 'string'), weight: s('=<>', 'number') },
  victim: { name: s('=^', 'string') },
  securityLabel: { name: s('=^', 'string') },
};

/** One filter as it goes on the wire. */
export interface FilterEntry {
  name: string;
  operator: FilterOperator;
  value: string;
}

/**
 * The `filters=` parameter of a v2 collection: `add(name, operator, value)` entries, ANDed unless `or()` is
 * called (sent as `orParams=true`), plus `modifiedSince` for indicators. Names, operators and value types are
 * checked against the collection kind, at compile time and again at run time.
 */
export class Filters<K extends FilterKind = FilterKind> {
  private readonly entries: FilterEntry[] = [];
  private orMode = false;
  private since?: string;

  constructor(readonly kind: K) {
    if (!(kind in RUNTIME)) throw new TcConfigError('filters.kind', kind, `must be one of ${Object.keys(RUNTIME).join(', ')}`);
  }

  /** Adds `name operator value`; a name, operator or value the API does not take for this kind → TcConfigError. */
  add<N extends keyof FilterSpecs[K] & string>(
    name: N,
    operator: FilterSpecs[K][N] extends { ops: infer O } ? O : never,
    value: FilterSpecs[K][N] extends { value: infer V } ? V : never,
  ): this {
    this.entries.push(checkFilter(this.kind, name, operator as FilterOperator, value));
    return this;
  }

  /** Removes every filter on `name`. */
  remove(name: keyof FilterSpecs[K] & string): this {
    for (let i = this.entries.length - 1; i >= 0; i--) if (this.entries[i].name === name) this.entries.splice(i, 1);
    return this;
  }

  /** Match any filter instead of all of them (`orParams=true`). */
  or(enabled = true): this {
    this.orMode = enabled;
    return this;
  }

  get orParams(): boolean {
    return this.orMode;
  }

  /** Only items modified at or after this time (indicator collections). */
  modifiedSince(date: DateInput): this {
    if (this.kind !== 'indicator') throw new TcConfigError('modifiedSince', date, `applies to indicator collections, not ${this.kind}`);
    this.since = isoDate('modifiedSince', date);
    return this;
  }

  get filters(): readonly FilterEntry[] {
    return this.entries;
  }

  /** The `filters=` value: entries joined by commas. */
  toString(): string {
    return this.entries.map((e) => `${e.name}${e.operator}${e.value}`).join(',');
  }

  /** The query parameters for these filters. */
  toQuery(): Query {
    const query: Query = {};
    if (this.entries.length) query.filters = this.toString();
    if (this.orMode) query.orParams = 'true';
    if (this.since) query.modifiedSince = this.since;
    return query;
  }

  /** Checks filters built for another kind against `kind` (a collection receiving them). */
  static check(filters: Filters, kind: FilterKind): void {
    if (filters.kind === kind) return;
    for (const e of filters.entries) checkFilter(kind, e.name, e.operator, e.value);
    if (filters.since && kind !== 'indicator') throw new TcConfigError('modifiedSince', filters.since, `applies to indicator collections, not ${kind}`);
  }
}

function checkFilter(kind: FilterKind, name: string, operator: FilterOperator, value: unknown): FilterEntry {
  const spec = RUNTIME[kind][name];
  if (!spec) {
    throw new TcConfigError(`filters.${name}`, value, `is not a ${kind} filter; use one of ${Object.keys(RUNTIME[kind]).join(', ')}`);
  }
  if (typeof operator !== 'string' || operator.length !== 1 || !spec.ops.includes(operator)) {
    throw new TcConfigError(`filters.${name}.operator`, operator, `must be one of ${[...spec.ops].join(' ')}`);
  }
  return { name, operator, value: filterValue(name, spec.kind, value) };
}

const NEXT_FILTER = /,\s*[A-Za-z][A-Za-z0-9]*\s*[=<>^!]/;

function filterValue(name: string, kind: ValueKind, value: unknown): string {
  const field = `filters.${name}`;
  switch (kind) {
    case 'boolean':
      if (typeof value !== 'boolean') throw new TcConfigError(field, value, 'must be true or false');
      return String(value);
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new TcConfigError(field, value, 'must be a finite number');
      return String(value);
    case 'date':
      return isoDate(field, value as DateInput);
    default:
      if (typeof value !== 'string' || value === '') throw new TcConfigError(field, value, 'must be a non-empty string');
      // the server splits filters at a comma followed by `<name><operator>`, so such a value would become two
      if (NEXT_FILTER.test(value)) throw new TcConfigError(field, value, 'cannot contain a comma followed by a name and an operator (that separates filters)');
      return value;
  }
}
