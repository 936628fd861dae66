/**
 * A parser and evaluator for the common subset of TQL (ThreatConnect Query Language): comparisons
 * (`= != < > <= >=` and the word forms EQ NE GT LT GEQ LEQ), `in` / `not in`, `startswith`, `contains`,
 * `endswith`, `like` (each with `not`), `is [not] null`, `and` / `or` (case-insensitive) and parentheses.
 * Field names are checked against the collection's keywords only after the whole query parsed, so one error
 * names every unsupported keyword at once.
 */
import { parseIsoUtc } from '../../../core/dates.js';

export type TqlLiteral = string | number | boolean | null;

export type TqlOp =
  | '='
  | '!='
  | '<'
  | '>'
  | '<='
  | '>='
  | 'in'
  | 'not in'
  | 'startswith'
  | 'not startswith'
  | 'contains'
  | 'not contains'
  | 'endswith'
  | 'not endswith'
  | 'like'
  | 'not like'
  | 'is null'
  | 'is not null';

export type TqlNode =
  | { kind: 'and'; items: TqlNode[] }
  | { kind: 'or'; items: TqlNode[] }
  | { kind: 'cmp'; field: string; op: TqlOp; value: TqlLiteral | TqlLiteral[] }
  /** `hasGroup(...)` and friends: parsed so they can be named, never evaluated here */
  | { kind: 'call'; name: string; inner: TqlNode };

/** A TQL problem; the message is meant for the caller (it becomes a v3 400). */
export class TqlError extends Error {}

type Tok =
  | { t: 'word'; v: string; at: number }
  | { t: 'str'; v: string; at: number }
  | { t: 'num'; v: number; at: number }
  | { t: 'op'; v: string; at: number }
  | { t: 'punct'; v: '(' | ')' | ','; at: number };

const ESCAPES: Record<string, string> = { '"': '"', "'": "'", '`': '`', '\\': '\\', n: '\n', t: '\t' };

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      out.push({ t: 'punct', v: c, at: i++ });
    } else if (c === '"' || c === "'") {
      const start = i++;
      let v = '';
      for (;;) {
        if (i >= text.length) throw new TqlError(`unterminated string starting at position ${start + 1}`);
        const ch = text[i];
        if (ch === '\\' && i + 1 < text.length) {
          v += ESCAPES[text[i + 1]] ?? text[i + 1];
          i += 2;
        } else if (ch === c) {
          i++;
          break;
        } else {
          v += ch;
          i++;
        }
      }
      out.push({ t: 'str', v, at: start });
    } else if (/[<>=!]/.test(c)) {
      const two = text.slice(i, i + 2);
      const op = ['<=', '>=', '!=', '<>', '=='].includes(two) ? two : c;
      if (op === '!') throw new TqlError(`unexpected "!" at position ${i + 1}`);
      out.push({ t: 'op', v: op === '<>' ? '!=' : op === '==' ? '=' : op, at: i });
      i += op.length;
    } else if (/[-\d.]/.test(c) && /^-?(\d+\.?\d*|\.\d+)/.test(text.slice(i))) {
      const m = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?/i.exec(text.slice(i)) as RegExpExecArray;
      out.push({ t: 'num', v: Number(m[0]), at: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i)) as RegExpExecArray;
      out.push({ t: 'word', v: m[0], at: i });
      i += m[0].length;
    } else {
      throw new TqlError(`unexpected character ${JSON.stringify(c)} at position ${i + 1}`);
    }
  }
  return out;
}

const WORD_OPS: Record<string, TqlOp> = { eq: '=', ne: '!=', gt: '>', lt: '<', geq: '>=', leq: '<=', ge: '>=', le: '<=' };
const TEXT_OPS = new Set(['startswith', 'contains', 'endswith', 'like']);

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  parse(): TqlNode {
    if (this.toks.length === 0) throw new TqlError('the query is empty');
    const node = this.or();
    const rest = this.peek();
    if (rest) throw new TqlError(`unexpected ${describe(rest)} at position ${rest.at + 1}`);
    return node;
  }

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }

  private next(what: string): Tok {
    const t = this.toks[this.i++];
    if (!t) throw new TqlError(`the query ends where ${what} was expected`);
    return t;
  }

  private isWord(t: Tok | undefined, word: string): boolean {
    return t?.t === 'word' && t.v.toLowerCase() === word;
  }

  private or(): TqlNode {
    const items = [this.and()];
    while (this.isWord(this.peek(), 'or')) {
      this.i++;
      items.push(this.and());
    }
    return items.length === 1 ? items[0] : { kind: 'or', items };
  }

  private and(): TqlNode {
    const items = [this.primary()];
    while (this.isWord(this.peek(), 'and')) {
      this.i++;
      items.push(this.primary());
    }
    return items.length === 1 ? items[0] : { kind: 'and', items };
  }

  private primary(): TqlNode {
    const t = this.next('a condition');
    if (t.t === 'punct' && t.v === '(') {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (t.t !== 'word') throw new TqlError(`expected a field name at position ${t.at + 1}, found ${describe(t)}`);
    const after = this.peek();
    if (after?.t === 'punct' && after.v === '(') {
      this.i++;
      const inner = this.or();
      this.expect(')');
      return { kind: 'call', name: t.v, inner };
    }
    return this.comparison(t.v);
  }

  private comparison(field: string): TqlNode {
    const t = this.next(`an operator after ${field}`);
    if (t.t === 'op') return { kind: 'cmp', field, op: t.v as TqlOp, value: this.literal() };
    if (t.t !== 'word') throw new TqlError(`expected an operator after ${field}, found ${describe(t)}`);
    const word = t.v.toLowerCase();
    if (WORD_OPS[word]) return { kind: 'cmp', field, op: WORD_OPS[word], value: this.literal() };
    if (word === 'in') return { kind: 'cmp', field, op: 'in', value: this.list() };
    if (TEXT_OPS.has(word)) return { kind: 'cmp', field, op: word as TqlOp, value: this.literal() };
    if (word === 'is') {
      const not = this.isWord(this.peek(), 'not');
      if (not) this.i++;
      const n = this.next('null');
      if (!this.isWord(n, 'null')) throw new TqlError(`expected null after "is${not ? ' not' : ''}", found ${describe(n)}`);
      return { kind: 'cmp', field, op: not ? 'is not null' : 'is null', value: null };
    }
    if (word === 'not') {
      const n = this.next(`an operator after "${field} not"`);
      const w = n.t === 'word' ? n.v.toLowerCase() : '';
      if (w === 'in') return { kind: 'cmp', field, op: 'not in', value: this.list() };
      if (TEXT_OPS.has(w)) return { kind: 'cmp', field, op: `not ${w}` as TqlOp, value: this.literal() };
      throw new TqlError(`expected in, startswith, contains, endswith or like after "not", found ${describe(n)}`);
    }
    throw new TqlError(`unknown operator ${JSON.stringify(t.v)} after ${field}`);
  }

  private literal(): TqlLiteral {
    const t = this.next('a value');
    if (t.t === 'str' || t.t === 'num') return t.v;
    if (t.t === 'word') {
      const w = t.v.toLowerCase();
      if (w === 'true' || w === 'false') return w === 'true';
      if (w === 'null') return null;
      // bare words are accepted as strings (`typeName = Host`), as the platform's examples do
      return t.v;
    }
    throw new TqlError(`expected a value at position ${t.at + 1}, found ${describe(t)}`);
  }

  private list(): TqlLiteral[] {
    this.expect('(');
    const values = [this.literal()];
    while (this.peek()?.t === 'punct' && this.peek()?.v === ',') {
      this.i++;
      values.push(this.literal());
    }
    this.expect(')');
    return values;
  }

  private expect(v: '(' | ')'): void {
    const t = this.next(`"${v}"`);
    if (t.t !== 'punct' || t.v !== v) throw new TqlError(`expected "${v}" at position ${t.at + 1}, found ${describe(t)}`);
  }
}

function describe(t: Tok): string {
  return t.t === 'str' ? `string ${JSON.stringify(t.v)}` : JSON.stringify(String(t.v));
}

/** Parses a query; syntax errors throw TqlError with the position. */
export function parseTql(text: string): TqlNode {
  return new Parser(tokenize(text)).parse();
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

// ------------------------------------------------------------------------------------------------ evaluation

export type TqlFieldKind = 'string' | 'number' | 'date' | 'boolean';

/** How one keyword reads its value from a record; an array means "any of these" (tags). */
export interface TqlField<R> {
  kind: TqlFieldKind;
  get(record: R): unknown;
}

export type TqlFields<R> = Record<string, TqlField<R>>;

/** A checked query: call it on each record. */
export type TqlPredicate<R> = (record: R) => boolean;

/**
 * Parses and checks a query against the keywords a collection supports, and compiles it into a predicate.
 * Unsupported keywords (fields or `has...()` functions) → TqlError naming all of them; values that cannot be
 * compared with their field (a word for a number) → TqlError naming the field and value.
 */
export function compileTql<R>(text: string, fields: TqlFields<R>): TqlPredicate<R> {
  return compileNode(parseTql(text), fields);
}

/** compileTql for an already parsed query (callers that also inspect the tree). */
export function compileNode<R>(node: TqlNode, fields: TqlFields<R>): TqlPredicate<R> {
  const lookup = new Map(Object.entries(fields).map(([k, v]) => [k.toLowerCase(), v]));
  const unsupported = [...new Set(tqlKeywords(node).filter((k) => !lookup.has(k.toLowerCase())))];
  if (unsupported.length) {
    throw new TqlError(
      `unsupported keyword${unsupported.length > 1 ? 's' : ''}: ${unsupported.join(', ')} (supported: ${Object.keys(fields).join(', ')})`,
    );
  }
  return build(node, lookup);
}

function build<R>(node: TqlNode, fields: Map<string, TqlField<R>>): TqlPredicate<R> {
  if (node.kind === 'and' || node.kind === 'or') {
    const parts = node.items.map((n) => build(n, fields));
    return node.kind === 'and' ? (r) => parts.every((p) => p(r)) : (r) => parts.some((p) => p(r));
  }
  if (node.kind === 'call') throw new TqlError(`unsupported keyword: ${node.name}`);
  const cmp = node;
  const field = fields.get(cmp.field.toLowerCase()) as TqlField<R>;
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
