import type { V3ListEnvelope } from '../../../contract/v3-wire.js';
import type { Owner } from '../../auth/users.js';
import { pageParams } from '../../http/paging.js';
import type { PlatformRequest } from '../../http/request.js';
import type { PlatformResponse } from '../../http/respond.js';
import type { Condition, ListResult } from '../../store/index.js';
import { v3Failure } from './respond.js';
import { compileNode, ownKeywords, parseTql, TqlError, type TqlCheck, type TqlFields, type TqlNode, type TqlOp } from './tql.js';

/** A stored item with what TQL and the views need beside it. */
export interface V3Row<R> {
  rec: R;
  owner: Owner;
  /** tag names, loaded only when the query or the fields need them */
  tags?: string[];
}

/** A TQL keyword the store can evaluate itself: its store field and the operators it handles exactly. */
export interface Pushable {
  field: string;
  ops: readonly TqlOp[];
}

export interface ListPage {
  ownerIds: number[];
  conditions: Condition[];
  start: number;
  /** -1: everything */
  limit: number;
  withTotal: boolean;
}

/** One v3 collection: its TQL keywords, what can be pushed to the store, and how to page the store. */
export interface V3ListSource<R extends { id: number; ownerId: number }> {
  keywords: TqlFields<V3Row<R>>;
  /** keywords that need the request (nested `has<Object>(...)` queries see only what the caller may see) */
  nested?(req: PlatformRequest): TqlFields<V3Row<R>>;
  /** every TQL keyword the real API has for the object (the schema's); see TqlCheck */
  known?: readonly string[];
  /** `indicators`: names the object in TQL messages */
  object?: string;
  pushable: Record<string, Pushable>;
  list(page: ListPage): ListResult<R>;
  /** loads tag names for the rows (`tag` keyword) */
  tags(ids: number[]): Map<number, string[]>;
  /** turns a page of rows into v3 items, with the opt-in fields requested */
  render(req: PlatformRequest, rows: Array<V3Row<R>>, fields: string[]): Array<Record<string, unknown>>;
}

const STORE_OPS: Partial<Record<TqlOp, Condition['op']>> = {
  '=': '=',
  '!=': '!=',
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
  startswith: '^',
};

/** The owners a listing covers: the one named by `owner=`, else every owner the user belongs to. */
export function listOwners(req: PlatformRequest): Owner[] {
  if (req.query.get('owner')) return [req.owner()];
  return req.ctx.directory.memberships(req.user!.id).map((m) => m.owner);
}

/** `fields=` values (repeatable, comma lists accepted); unknown names → 400 naming them. */
export function requestedFields(req: PlatformRequest, known: readonly string[]): string[] {
  const asked = req.query.getAll('fields').flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean);
  const lookup = new Map(known.map((k) => [k.toLowerCase(), k]));
  const unknown = asked.filter((f) => !lookup.has(f.toLowerCase()));
  if (unknown.length) throw v3Failure(400, `Invalid fields: ${unknown.join(', ')} (supported: ${known.join(', ')})`);
  return [...new Set(asked.map((f) => lookup.get(f.toLowerCase()) as string))];
}

/**
 * Answers a v3 list: TQL (`tql=`), `fields=`, `sorting=`, `resultStart`/`resultLimit`, `count=true`, with `next`
 * and `prev` links that keep every other parameter. Conditions the store can evaluate are pushed down; when the
 * whole query can be and one owner is in scope, the store pages directly, otherwise the candidates are filtered
 * and sorted here.
 */
export function v3List<R extends { id: number; ownerId: number }>(
  req: PlatformRequest,
  source: V3ListSource<R>,
  fieldNames: readonly string[],
  base: string,
): PlatformResponse {
  const { start, limit } = pageParams(req);
  const owners = listOwners(req);
  const fields = requestedFields(req, fieldNames);
  const wantCount = req.flag('count');
  const text = (req.query.get('tql') ?? '').trim();

  const keywords = keywordsFor(req, source);
  const { node, predicate } = tqlFailure(() => {
    const parsed = text ? parseTql(text) : undefined;
    return { node: parsed, predicate: parsed ? compileNode(parsed, keywords, checkFor(source)) : undefined };
  });
  const sorting = parseSorting(req.query.get('sorting'), keywords);
  const { conditions, complete } = pushDown(node, source.pushable);
  const needTags = node !== undefined && needsTags(node);

  let rows: Array<V3Row<R>>;
  let total: number | undefined;
  let more: boolean;
  if (complete && !sorting && !needTags) {
    // one page straight from the store, every owner in one query (loading every item of every owner for each page
    // made v3 list pages cost the whole collection)
    const byId = new Map(owners.map((o) => [o.id, o]));
    const res = source.list({ ownerIds: owners.map((o) => o.id), conditions, start, limit: limit + 1, withTotal: wantCount && start === 0 });
    more = res.items.length > limit;
    rows = res.items.slice(0, limit).map((rec) => ({ rec, owner: byId.get(rec.ownerId) as Owner }));
    total = res.total;
  } else {
    let all = loadRows(source, owners, conditions, needTags);
    if (predicate) all = tqlFailure(() => all.filter(predicate));
    all.sort(sorting ?? ((a, b) => a.rec.id - b.rec.id));
    total = all.length;
    more = start + limit < all.length;
    rows = all.slice(start, start + limit);
  }

  const body: V3ListEnvelope<unknown> = { data: source.render(req, rows, fields), status: 'Success' };
  if (more) body.next = pageLink(req, base, start + limit, limit);
  if (start > 0) body.prev = pageLink(req, base, Math.max(0, start - limit), limit);
  if (wantCount && start === 0) body.count = total ?? rows.length;
  return { status: 200, body };
}

/** TQL problems (parse, keywords, values, nested queries) leave as the v3 400. */
function tqlFailure<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    // guess: the real API's wording for a bad query is not documented; see docs/platform.md
    if (err instanceof TqlError) throw v3Failure(400, `Invalid TQL: ${err.message}`);
    throw err;
  }
}

const keywordsFor = <R extends { id: number; ownerId: number }>(req: PlatformRequest, source: V3ListSource<R>): TqlFields<V3Row<R>> =>
  source.nested ? { ...source.keywords, ...source.nested(req) } : source.keywords;

const checkFor = (source: { known?: readonly string[]; object?: string }): TqlCheck => ({ known: source.known, object: source.object });

/** Only the `tag` keyword reads tag names per row; loading them for other queries would cost a join per page. */
const needsTags = (node: TqlNode): boolean => ownKeywords(node).some((k) => k.toLowerCase() === 'tag');

/** Every row of the owners that the pushed conditions keep (tags attached when asked). */
function loadRows<R extends { id: number; ownerId: number }>(source: V3ListSource<R>, owners: Owner[], conditions: Condition[], withTags: boolean): Array<V3Row<R>> {
  // one call for every owner: collections shared by all owners (labels, attribute types, ATT&CK tags) would
  // otherwise come back once per owner
  const byId = new Map(owners.map((o) => [o.id, o]));
  const res = source.list({ ownerIds: owners.map((o) => o.id), conditions, start: 0, limit: -1, withTotal: false });
  const all: Array<V3Row<R>> = res.items.map((rec) => ({ rec, owner: byId.get(rec.ownerId) as Owner }));
  if (withTags) {
    const tags = source.tags(all.map((r) => r.rec.id));
    for (const r of all) r.tags = tags.get(r.rec.id) ?? [];
  }
  return all;
}

/**
 * The collection's items (in the caller's owners) matching a query: what a nested `hasTag(...)` runs. Simple
 * conditions are pushed to the store as for a list; TqlError passes through to the outer query.
 */
export function matchingRecords<R extends { id: number; ownerId: number }>(req: PlatformRequest, source: V3ListSource<R>, node: TqlNode): R[] {
  const predicate = compileNode(node, keywordsFor(req, source), checkFor(source));
  const { conditions } = pushDown(node, source.pushable);
  return loadRows(source, listOwners(req), conditions, needsTags(node))
    .filter(predicate)
    .map((r) => r.rec);
}

/**
 * The store-evaluable part of a query: leaf comparisons of a top-level `and` (or a lone comparison) on pushable
 * keywords. `complete` says the pushed conditions are the whole query.
 */
export function pushDown(node: TqlNode | undefined, pushable: Record<string, Pushable>): { conditions: Condition[]; complete: boolean } {
  if (!node) return { conditions: [], complete: true };
  const leaves = node.kind === 'and' ? node.items : [node];
  const lookup = new Map(Object.entries(pushable).map(([k, v]) => [k.toLowerCase(), v]));
  const conditions: Condition[] = [];
  let complete = node.kind === 'and' || node.kind === 'cmp';
  for (const leaf of leaves) {
    const p = leaf.kind === 'cmp' ? lookup.get(leaf.field.toLowerCase()) : undefined;
    const op = leaf.kind === 'cmp' ? STORE_OPS[leaf.op] : undefined;
    if (leaf.kind !== 'cmp' || !p || !op || !p.ops.includes(leaf.op) || Array.isArray(leaf.value) || leaf.value === null) {
      complete = false;
      continue;
    }
    conditions.push({ field: p.field, op, value: String(leaf.value) });
  }
  return { conditions, complete };
}

type Compare<R extends { id: number }> = (a: V3Row<R>, b: V3Row<R>) => number;

/** `sorting=dateAdded desc,summary` (or space-separated pairs); unknown keywords or directions → 400. */
function parseSorting<R extends { id: number }>(raw: string | null, keywords: TqlFields<V3Row<R>>): Compare<R> | undefined {
  if (!raw || !raw.trim()) return undefined;
  const lookup = new Map(Object.entries(keywords).map(([k, v]) => [k.toLowerCase(), v]));
  const words = raw.split(/[\s,]+/).filter(Boolean);
  const keys: Array<{ get: (r: V3Row<R>) => unknown; dir: number; nullsFirst: boolean }> = [];
  for (let i = 0; i < words.length; i++) {
    const field = lookup.get(words[i].toLowerCase());
    if (!field || field.kind === 'nested') throw v3Failure(400, `Invalid sorting: unknown keyword ${JSON.stringify(words[i])}`);
    let dir = 1;
    let nullsFirst = false;
    while (i + 1 < words.length && /^(asc|desc|nullsfirst|nullslast)$/i.test(words[i + 1])) {
      const w = words[++i].toLowerCase();
      if (w === 'desc') dir = -1;
      if (w === 'asc') dir = 1;
      nullsFirst = w === 'nullsfirst' ? true : w === 'nullslast' ? false : nullsFirst;
    }
    keys.push({ get: (r) => field.get(r), dir, nullsFirst });
  }
  return (a, b) => {
    for (const k of keys) {
      const x = k.get(a);
      const y = k.get(b);
      const xNull = x === null || x === undefined;
      const yNull = y === null || y === undefined;
      if (xNull || yNull) {
        if (xNull && yNull) continue;
        return (xNull ? -1 : 1) * (k.nullsFirst ? 1 : -1);
      }
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      if (c !== 0) return c * k.dir;
    }
    return a.rec.id - b.rec.id;
  };
}

/** The same request with another page: every parameter kept, resultStart/resultLimit replaced. */
export function pageLink(req: PlatformRequest, base: string, start: number, limit: number): string {
  const params = new URLSearchParams(req.query);
  params.set('resultStart', String(start));
  params.set('resultLimit', String(limit));
  return `${req.ctx.origin}/api${base}?${params.toString()}`;
}

/** A v3 list answer for items paged elsewhere (deleted indicators): `data`, `next`/`prev` links, `count`. */
export function v3Page(
  req: PlatformRequest,
  base: string,
  data: unknown[],
  page: { start: number; limit: number; more: boolean; total?: number },
): PlatformResponse {
  const body: Record<string, unknown> = { data, status: 'Success' };
  if (page.more) body.next = pageLink(req, base, page.start + page.limit, page.limit);
  if (page.start > 0) body.prev = pageLink(req, base, Math.max(0, page.start - page.limit), page.limit);
  if (page.total !== undefined) body.count = page.total;
  return { status: 200, body };
}
