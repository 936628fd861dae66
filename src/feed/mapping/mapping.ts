import { compile, TreeInterpreter, type JSONValue } from '@jmespath-community/jmespath';
import { normaliseIndicator } from '../../model/indicator-types.js';
import { apiDate } from '../../utils/api-date.js';
import { groupType } from '../../model/group-types.js';
import { indicatorType } from '../../model/indicator-types.js';
import {
  validateSpec,
  type AttributeSpec,
  type FieldContext,
  type FieldSpec,
  type GroupTemplate,
  type IndicatorTemplate,
  type ListSpec,
  type MappingSpec,
  type TypeSpec,
} from './spec.js';
import type { FeedGroup as MappedGroup, FeedIndicator as MappedIndicator, InvalidRow as MappedInvalid, FeedItem, SkippedRow } from '../items.js';
import { cleanTags, feedDate } from '../values.js';

type MappedOutput = FeedItem | MappedInvalid;

type Compiled = ReturnType<typeof compile>;
type Evaluate = (data: unknown, context: FieldContext) => unknown;

/** What a per-field function returns to refuse the record's object: it becomes an invalid row with this reason. */
export class Rejection {
  constructor(readonly reason: string) {}
}

/** Refuses the object being mapped (from a per-field function): `fn: (t) => TYPES[t] ?? reject(`unsupported type ${t}`)`. */
export function reject(reason: string): Rejection {
  return new Rejection(reason);
}

/** Thrown inside a field evaluation to stop the object; caught per object. */
class Refused extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const isEmpty = (v: unknown): boolean => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

function search(node: Compiled, data: unknown): unknown {
  return TreeInterpreter.search(node, data as JSONValue);
}

/** Turns one field spec into a function of (data, context); the expression is compiled once, here. */
function field(spec: FieldSpec, name: string, perElement = false): Evaluate {
  if (typeof spec === 'string') {
    const node = compile(spec);
    return (data) => search(node, data);
  }
  const node = spec.path !== undefined ? compile(spec.path) : undefined;
  const one = (value: unknown, context: FieldContext): unknown => {
    let v = value;
    if (spec.map) v = v === undefined || v === null ? undefined : (spec.map[String(v)] ?? undefined);
    if (spec.fn) v = spec.fn(v, context);
    if (v instanceof Rejection) throw new Refused(name, v.reason);
    return v;
  };
  return (data, context) => {
    const raw = node ? search(node, data) : spec.value;
    let v = perElement && Array.isArray(raw) ? raw.flat(Infinity).map((x) => one(x, context)) : one(raw, context);
    if (isEmpty(v)) v = spec.default;
    return v;
  };
}

/** A list field: every spec's values, flattened, without empties, as text. */
function listField(spec: ListSpec | undefined, name: string): (data: unknown, context: FieldContext) => string[] {
  if (spec === undefined) return () => [];
  const parts = (Array.isArray(spec) ? spec : [spec]).map((s, i) => field(s, Array.isArray(spec) ? `${name}[${i}]` : name, true));
  return (data, context) => {
    const out: string[] = [];
    for (const part of parts) {
      for (const v of [part(data, context)].flat(Infinity)) if (!isEmpty(v)) out.push(String(v).trim());
    }
    return out.filter(Boolean);
  };
}

function optional(spec: FieldSpec | undefined, name: string): Evaluate {
  return spec === undefined ? () => undefined : field(spec, name);
}

function typeField(spec: TypeSpec): Evaluate {
  return typeof spec === 'string' ? () => spec : field(spec, 'type');
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

const text = (v: unknown): string | undefined => (isEmpty(v) ? undefined : Array.isArray(v) ? v.join('\n') : String(v).trim() || undefined);

function number(v: unknown, min: number, max: number): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.round(n))) : undefined;
}

/** A date from a feed (`2024-02-08 19:20:49`, ISO 8601; no zone means UTC) or a Date, as the API writes dates. */
function date(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : apiDate(v);
  return feedDate(text(v));
}

interface CompiledCommon {
  forEach?: Compiled;
  when?: Evaluate;
  firstSeen: Evaluate;
  lastSeen: Evaluate;
  tags: ReturnType<typeof listField>;
  securityLabels: ReturnType<typeof listField>;
  associatedGroups: ReturnType<typeof listField>;
  attributes: Array<{ type: string; displayed: boolean; value: Evaluate }>;
}

function compileCommon(t: GroupTemplate | IndicatorTemplate): CompiledCommon {
  return {
    forEach: t.forEach !== undefined ? compile(t.forEach) : undefined,
    when: t.when !== undefined ? field(t.when, 'when') : undefined,
    firstSeen: optional(t.firstSeen, 'firstSeen'),
    lastSeen: optional(t.lastSeen, 'lastSeen'),
    tags: listField(t.tags, 'tags'),
    securityLabels: listField(t.securityLabels, 'securityLabels'),
    associatedGroups: listField(t.associatedGroups, 'associatedGroups'),
    attributes: (t.attributes ?? []).map((a: AttributeSpec, i) => ({ type: a.type, displayed: a.displayed ?? true, value: field(a.value, `attributes[${i}].value`) })),
  };
}

type CompiledGroup = CompiledCommon & { type: Evaluate; name: Evaluate; xid: Evaluate };
type CompiledIndicator = CompiledCommon & { type: Evaluate; summary: Evaluate; rating: Evaluate; confidence: Evaluate; active: Evaluate };

interface Made {
  firstSeen?: string;
  lastSeen?: string;
  tags: string[];
  securityLabels: string[];
  associated: string[];
  attributes: Array<{ type: string; value: string; displayed: boolean }>;
}

/**
 * A declarative transform from source records (JSON objects, CSV rows as objects) to indicators and groups.
 * The spec is checked when the mapping is made: a JMESPath expression that does not compile, an unknown
 * indicator or group type, a misspelt key or a `fn` that is not a function throws a MappingError naming the
 * path (`indicators[0].tags[1].path`). Values that are not valid for their field at run time (an address that is
 * not one, a missing name) become invalid rows naming the field and the value; they never stop the feed.
 */
export class FeedMapping {
  readonly spec: MappingSpec;
  private readonly groups: CompiledGroup[];
  private readonly indicators: CompiledIndicator[];
  private readonly excluded: string[];

  constructor(spec: MappingSpec) {
    this.spec = validateSpec(spec);
    this.excluded = spec.excludeTags ?? [];
    this.groups = (spec.groups ?? []).map((g) => ({ ...compileCommon(g), type: typeField(g.type), name: field(g.name, 'name'), xid: field(g.xid, 'xid') }));
    this.indicators = (spec.indicators ?? []).map((i) => ({
      ...compileCommon(i),
      type: typeField(i.type),
      summary: field(i.summary, 'summary'),
      rating: optional(i.rating, 'rating'),
      confidence: optional(i.confidence, 'confidence'),
      active: optional(i.active, 'active'),
    }));
  }

  /**
   * Maps one record: its groups first, then its indicators (one record may give many of each, through several
   * templates or `forEach`). `where` names the record in invalid rows (`line 12`, `vulnerabilities[3]`).
   */
  map(record: unknown, where: string): MappedOutput[] {
    const out: MappedOutput[] = [];
    const each = (kind: 'groups' | 'indicators', templates: CompiledCommon[], make: (t: any, data: unknown, context: FieldContext, made: Made) => MappedOutput | string) => {
      for (const [index, t] of templates.entries()) {
        for (const { data, context, at } of this.elements(t, record, where)) {
          try {
            const made = this.made(t, data, context);
            if (!made) continue;
            const result = make(t, data, context, made);
            out.push(typeof result === 'string' ? { kind: 'invalid', where: at, reason: `${kind}[${index}].${result}` } : result);
          } catch (err) {
            if (!(err instanceof Refused)) throw err;
            out.push({ kind: 'invalid', where: at, reason: `${kind}[${index}].${err.field}: ${err.reason}` });
          }
        }
      }
    };
    each('groups', this.groups, (t: CompiledGroup, data, context, made) => this.group(t, data, context, made));
    const groups = out.length;
    each('indicators', this.indicators, (t: CompiledIndicator, data, context, made) => this.indicator(t, data, context, made));
    if (this.spec.groupsNeedIndicators && !out.slice(groups).some((o) => o.kind === 'indicator')) {
      return out.filter((o) => o.kind !== 'group');
    }
    return out;
  }

  /** The group, or the reason (`field: why`) it cannot be made. */
  private group(t: CompiledGroup, data: unknown, context: FieldContext, made: Made): MappedGroup | string {
    const type = text(t.type(data, context));
    const info = type ? groupType(type) : undefined;
    if (!info) return `type: ${JSON.stringify(type ?? null)} is not a group type`;
    const name = text(t.name(data, context));
    if (!name) return 'name: no value';
    const xid = text(t.xid(data, context));
    if (!xid) return 'xid: no value';
    const group: MappedGroup = { kind: 'group', type: info.name, name: name.slice(0, 500), xid, tags: made.tags, attributes: made.attributes };
    if (made.firstSeen) group.firstSeen = made.firstSeen;
    if (made.lastSeen) group.lastSeen = made.lastSeen;
    if (made.securityLabels.length) group.securityLabels = made.securityLabels;
    if (made.associated.length) group.groupXids = made.associated;
    return group;
  }

  /** The indicator, its summary normalised, or the reason (`field: why`) it cannot be made. */
  private indicator(t: CompiledIndicator, data: unknown, context: FieldContext, made: Made): MappedIndicator | string {
    const type = text(t.type(data, context));
    const value = t.summary(data, context);
    const info = type ? indicatorType(type) : undefined;
    if (!info) return `type: ${JSON.stringify(type ?? null)} is not an indicator type (value ${JSON.stringify(value ?? null)})`;
    const values = Array.isArray(value) ? value.map((v) => (isEmpty(v) ? undefined : String(v))) : [text(value)];
    const result = normaliseIndicator(info.name, values);
    if (!result.ok) return `summary: ${result.error}`;
    const indicator: MappedIndicator = {
      kind: 'indicator',
      type: info.name,
      summary: result.summary,
      rating: number(t.rating(data, context), 0, 5) ?? this.spec.defaultRating ?? 0,
      confidence: number(t.confidence(data, context), 0, 100) ?? this.spec.defaultConfidence ?? 0,
      tags: made.tags,
      attributes: made.attributes,
      groupXids: made.associated,
    };
    if (made.firstSeen) indicator.firstSeen = made.firstSeen;
    if (made.lastSeen) indicator.lastSeen = made.lastSeen;
    if (made.securityLabels.length) indicator.securityLabels = made.securityLabels;
    if (t.active(data, context) === false) indicator.active = false;
    return indicator;
  }

  private *elements(t: CompiledCommon, record: unknown, where: string): Generator<{ data: unknown; context: FieldContext; at: string }> {
    if (!t.forEach) {
      yield { data: record, context: { record, item: record }, at: where };
      return;
    }
    const list = search(t.forEach, record);
    if (!Array.isArray(list)) return;
    for (const [i, item] of list.entries()) yield { data: item, context: { record, item }, at: `${where} [${i}]` };
  }

  /** The fields every object has, or undefined when `when` leaves the object out. */
  private made(t: CompiledCommon, data: unknown, context: FieldContext): Made | undefined {
    if (t.when) {
      const w = t.when(data, context);
      if (isEmpty(w) || w === false) return undefined;
    }
    const attributes: Made['attributes'] = [];
    for (const a of t.attributes) {
      // a list gives one attribute per value (a reference link each), in the list's order, repeats dropped
      for (const v of new Set([a.value(data, context)].flat(Infinity).map(text))) {
        if (v) attributes.push({ type: a.type, value: v, displayed: a.displayed });
      }
    }
    return {
      firstSeen: date(t.firstSeen(data, context)),
      lastSeen: date(t.lastSeen(data, context)),
      tags: cleanTags(t.tags(data, context), this.excluded),
      securityLabels: unique(t.securityLabels(data, context)),
      associated: unique(t.associatedGroups(data, context)),
      attributes,
    };
  }

  /**
   * Maps a stream of records; invalid and skipped rows from the parser (`{ kind: 'invalid' | 'skipped' }`) pass
   * through unchanged. A group many records name (a malware family) is handed on once, as the first record
   * describes it.
   */
  async *mapAll(records: AsyncIterable<{ record: unknown; where: string } | MappedInvalid | SkippedRow>): AsyncGenerator<MappedOutput | SkippedRow> {
    const groups = new Set<string>();
    for await (const r of records) {
      if ('kind' in r) {
        yield r;
        continue;
      }
      const { record, where } = r as { record: unknown; where: string };
      for (const out of this.map(record, where)) {
        if (out.kind === 'group') {
          if (groups.has(out.xid)) continue;
          groups.add(out.xid);
        }
        yield out;
      }
    }
  }
}

/** Builds a mapping, refusing an invalid spec with a MappingError that names the path. */
export function defineMapping(spec: MappingSpec): FeedMapping {
  return new FeedMapping(spec);
}
