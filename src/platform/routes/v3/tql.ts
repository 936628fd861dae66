/**
 * TQL (ThreatConnect Query Language) for the v3 lists: comparisons (`= != < > <= >=` and the word forms EQ NE GT LT
 * GEQ LEQ), `in` / `not in`, `startswith`, `contains`, `endswith`, `like` (each with `not`), `is [not] null`,
 * `and` / `or` (case-insensitive) with parentheses, and `has<Object>(...)` nested queries over associated objects.
 * The grammar lives in tql-grammar.ts (chevrotain); this module checks keywords and evaluates.
 * Field names are checked against the collection's keywords only after the whole query parsed, so one error
 * names every unsupported keyword at once.
 */
import { parseIsoUtc } from '../../../core/dates.js';
import { parseTqlText } from './tql-grammar.js';
import { TqlError, type TqlLiteral, type TqlNode, type TqlOp } from './tql-types.js';

export { TqlError, type TqlLiteral, type TqlNode, type TqlOp };

/** Parses a query; syntax errors throw TqlError with the position. */
export function parseTql(text: string): TqlNode {
  return parseTqlText(text);
}

/** Every field name and function used in the query, in order of appearance. */
export function tqlKeywords(node: TqlNode, out: string[] = []): string[] {
  if (node.kind === 'cmp') out.push(node.field);
  else if (node.kind === 'call') {
    out.push(node.name);
    tqlKeywords(node.inner, out);
  } else for (const item of node.items) tqlKeywords(item, out);
  return out;
}

/** The keywords of the query's own level (not inside `has...()`): those its collection must evaluate. */
export function ownKeywords(node: TqlNode, out: string[] = []): string[] {
  if (node.kind === 'cmp') out.push(node.field);
  else if (node.kind === 'call') out.push(node.name);
  else for (const item of node.items) ownKeywords(item, out);
  return out;
}

// ------------------------------------------------------------------------------------------------ evaluation

export type TqlFieldKind = 'string' | 'number' | 'date' | 'boolean';

/** How one keyword reads its value from a record; an array means "any of these" (tags). */
export interface TqlField<R> {
  kind: TqlFieldKind;
  get(record: R): unknown;
}

/**
 * A `has<Object>(...)` keyword: the inner query is TQL over the associated objects' own keywords; `compile` checks
 * it (throwing TqlError) and answers a test of the outer record ("some associated object matches").
 */
export interface TqlNestedField<R> {
  kind: 'nested';
  compile(inner: TqlNode): TqlPredicate<R>;
}

export type TqlFields<R> = Record<string, TqlField<R> | TqlNestedField<R>>;

/** A checked query: call it on each record. */
export type TqlPredicate<R> = (record: R) => boolean;

export interface TqlCheck {
  /**
   * Every keyword the real API knows for the object (the schema's `tql` entries). A keyword known there but not in
   * `fields` is refused as "not supported by the local platform" rather than as unknown.
   */
  known?: readonly string[];
  /** names the object in messages: `indicators` */
  object?: string;
}

/**
 * Parses and checks a query against the keywords a collection supports, and compiles it into a predicate.
 * Unsupported keywords (fields or `has...()` functions) → TqlError naming all of them; values that cannot be
 * compared with their field (a word for a number) → TqlError naming the field and value.
 */
export function compileTql<R>(text: string, fields: TqlFields<R>, check: TqlCheck = {}): TqlPredicate<R> {
  return compileNode(parseTql(text), fields, check);
}

/** compileTql for an already parsed query (callers that also inspect the tree). */
export function compileNode<R>(node: TqlNode, fields: TqlFields<R>, check: TqlCheck = {}): TqlPredicate<R> {
  const known = new Set((check.known ?? []).map((k) => k.toLowerCase()));
  // with the schema's list, a keyword the real API lacks is refused even where the platform could read it
  const offered = Object.entries(fields).filter(([k]) => !check.known || known.has(k.toLowerCase()));
  const lookup = new Map(offered.map(([k, v]) => [k.toLowerCase(), v]));
  const used = [...new Set(ownKeywords(node))].filter((k) => !lookup.has(k.toLowerCase()));
  if (used.length) {
    const notHere = used.filter((k) => known.has(k.toLowerCase()));
    const unknown = used.filter((k) => !known.has(k.toLowerCase()));
    const of = check.object ? ` for ${check.object}` : '';
    const parts: string[] = [];
    if (unknown.length) {
      parts.push(`unsupported keyword${unknown.length > 1 ? 's' : ''}${of}: ${unknown.join(', ')} (supported: ${offered.filter(([, f]) => f.kind !== 'nested').map(([k]) => k).join(', ')})`);
    }
    if (notHere.length) {
      parts.push(`keyword${notHere.length > 1 ? 's' : ''} ${notHere.join(', ')} ${notHere.length > 1 ? 'are' : 'is'} not supported by the local platform${of}`);
    }
    throw new TqlError(parts.join('; '));
  }
  return build(node, lookup);
}

function build<R>(node: TqlNode, fields: Map<string, TqlField<R> | TqlNestedField<R>>): TqlPredicate<R> {
  if (node.kind === 'and' || node.kind === 'or') {
    const parts = node.items.map((n) => build(n, fields));
    return node.kind === 'and' ? (r) => parts.every((p) => p(r)) : (r) => parts.some((p) => p(r));
  }
  if (node.kind === 'call') {
    const nested = fields.get(node.name.toLowerCase()) as TqlField<R> | TqlNestedField<R>;
    if (nested.kind !== 'nested') throw new TqlError(`${node.name} is a value keyword, not a nested query: write ${node.name} = ...`);
    return nested.compile(node.inner);
  }
  const cmp = node;
  const field = fields.get(cmp.field.toLowerCase()) as TqlField<R> | TqlNestedField<R>;
  if (field.kind === 'nested') throw new TqlError(`${cmp.field} takes a nested query: ${cmp.field}(...)`);
  const test = comparator(cmp.field, field.kind, cmp.op, cmp.value);
  return (r) => {
    const raw = field.get(r);
    const values = Array.isArray(raw) ? raw : [raw];
    if (cmp.op === 'is null') return values.every((v) => v === null || v === undefined || v === '');
    if (cmp.op === 'is not null') return values.some((v) => v !== null && v !== undefined && v !== '');
    const negative = cmp.op === '!=' || cmp.op.startsWith('not ');
    // "not" on a many-valued field (tags) means none of them matches
    return negative ? values.every((v) => test(v)) : values.some((v) => test(v));
  };
}

type Test = (value: unknown) => boolean;

function comparator(field: string, kind: TqlFieldKind, op: TqlOp, literal: TqlLiteral | TqlLiteral[]): Test {
  if (op === 'is null' || op === 'is not null') return () => true;
  const list = Array.isArray(literal) ? literal : [literal];
  const wanted = list.map((v) => convertLiteral(field, kind, op, v));
  const norm = (v: unknown) => normalise(kind, v);
  switch (op) {
    case '=':
      return (v) => norm(v) !== undefined && norm(v) === wanted[0];
    case '!=':
      return (v) => norm(v) !== wanted[0];
    case '<':
    case '>':
    case '<=':
    case '>=': {
      if (kind === 'boolean') throw new TqlError(`${field} is true or false; use = or !=`);
      const w = wanted[0] as number | string;
      return (v) => {
        const x = norm(v) as number | string | undefined;
        if (x === undefined) return false;
        return op === '<' ? x < w : op === '>' ? x > w : op === '<=' ? x <= w : x >= w;
      };
    }
    case 'in':
      return (v) => wanted.includes(norm(v) as never);
    case 'not in':
      return (v) => !wanted.includes(norm(v) as never);
    default: {
      if (kind !== 'string') throw new TqlError(`${op} applies to text keywords, not ${field}`);
      const w = String(wanted[0]);
      const positive = op.replace(/^not /, '');
      const match = textMatch(positive, w);
      const negate = op.startsWith('not ');
      return (v) => {
        const x = norm(v);
        const hit = typeof x === 'string' && match(x);
        return negate ? !hit : hit;
      };
    }
  }
}

function textMatch(op: string, w: string): (x: string) => boolean {
  if (op === 'startswith') return (x) => x.startsWith(w);
  if (op === 'endswith') return (x) => x.endsWith(w);
  if (op === 'contains') return (x) => x.includes(w);
  // like: % any run, _ one character
  const re = new RegExp(`^${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 's');
  return (x) => re.test(x);
}

/** Values compare case-insensitively as text, as numbers, as epoch milliseconds, or as booleans. */
function normalise(kind: TqlFieldKind, v: unknown): string | number | boolean | undefined {
  if (v === null || v === undefined) return undefined;
  switch (kind) {
    case 'number': {
      const n = typeof v === 'number' ? v : Number(v);
      return Number.isFinite(n) ? n : undefined;
    }
    case 'date': {
      const t = parseUtc(String(v));
      return Number.isNaN(t) ? undefined : t;
    }
    case 'boolean':
      return v === true || v === 'true' || v === 1;
    default:
      return String(v).toLowerCase();
  }
}

function convertLiteral(field: string, kind: TqlFieldKind, op: TqlOp, v: TqlLiteral): string | number | boolean | undefined {
  if (v === null) return undefined;
  const out = normalise(kind, v);
  const bad =
    out === undefined ||
    (kind === 'boolean' && typeof v !== 'boolean' && !/^(true|false)$/i.test(String(v))) ||
    (kind === 'date' && typeof v === 'number');
  if (bad) {
    const expected = kind === 'number' ? 'a number' : kind === 'date' ? 'a date such as "2024-01-31"' : kind === 'boolean' ? 'true or false' : 'text';
    throw new TqlError(`${field} ${op} needs ${expected}, got ${JSON.stringify(v)}`);
  }
  return out;
}

/** Epoch ms of an ISO date (no zone = UTC, as the store reads it); other text as `Date.parse` reads it. */
function parseUtc(text: string): number {
  return parseIsoUtc(text) ?? Date.parse(text.trim());
}
