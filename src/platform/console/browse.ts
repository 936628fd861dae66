import type { Owner } from '../auth/users.js';
import type { PlatformContext } from '../context.js';
import { ApiFailure } from '../http/errors.js';
import { conditionSql, type FieldMap } from '../store/conditions.js';
import { GROUP_COLUMNS } from '../store/groups.js';
import { INDICATOR_COLUMNS } from '../store/indicators.js';
import { tiStore, TiInputError, type GroupRecord, type IndicatorRecord, type TiStore } from '../store/index.js';
import { GROUP_ITEMS } from '../routes/v3/groups.js';
import { INDICATOR_ITEMS } from '../routes/v3/indicators.js';
import { pushDown, type Pushable, type V3Row } from '../routes/v3/listing.js';
import { compileNode, parseTql, TqlError, type TqlCheck, type TqlFields, type TqlNode } from '../routes/v3/tql.js';
import { schemaByPath } from '../../model/schema/index.js';
import type { BrowsePage, BrowseRow, BrowseSort, ItemKind } from './types.js';

/** Rows read at most to fill one page when part of the TQL has to be checked row by row. */
export const SCAN_LIMIT = 20_000;
const CHUNK = 500;

export interface BrowseQuery {
  kind: ItemKind;
  owner: Owner;
  type?: string;
  tql?: string;
  sort: BrowseSort;
  after?: string;
  limit: number;
}

type AnyRecord = IndicatorRecord | GroupRecord;

interface KindSpec {
  table: string;
  /** the column shown as the item's value */
  value: string;
  fields: FieldMap;
  keywords: TqlFields<V3Row<AnyRecord>>;
  /** the same keyword check as the v3 list, so a refusal carries the same message */
  check: TqlCheck;
  pushable: Record<string, Pushable>;
  get(store: TiStore, id: number): AnyRecord | undefined;
  row(rec: AnyRecord): BrowseRow;
  /** an index on (owner_id, type) gives id order within a type (groups have one) */
  typeIndexHasIdOrder: boolean;
}

const SPECS: Record<ItemKind, KindSpec> = {
  indicator: {
    table: 'ti_indicators',
    value: 'summary',
    fields: INDICATOR_COLUMNS,
    keywords: INDICATOR_ITEMS.keywords as TqlFields<V3Row<AnyRecord>>,
    check: { known: schemaByPath('indicators')?.tql.map((k) => k.keyword), object: 'indicators' },
    pushable: INDICATOR_ITEMS.collection({} as TiStore).pushable,
    typeIndexHasIdOrder: false,
    get: (store, id) => store.indicators.get(id),
    row: (r) => {
      const rec = r as IndicatorRecord;
      return { id: rec.id, type: rec.type, summary: rec.summary, rating: rec.rating, confidence: rec.confidence, active: rec.active, dateAdded: rec.dateAdded, lastModified: rec.lastModified };
    },
  },
  group: {
    table: 'ti_groups',
    value: 'name',
    fields: GROUP_COLUMNS,
    keywords: GROUP_ITEMS.keywords as TqlFields<V3Row<AnyRecord>>,
    check: { known: schemaByPath('groups')?.tql.map((k) => k.keyword), object: 'groups' },
    pushable: GROUP_ITEMS.collection({} as TiStore).pushable,
    typeIndexHasIdOrder: true,
    get: (store, id) => store.groups.get(id),
    row: (r) => {
      const rec = r as GroupRecord;
      return { id: rec.id, type: rec.type, summary: rec.name, rating: null, confidence: null, active: true, dateAdded: rec.dateAdded, lastModified: rec.lastModified };
    },
  },
};

/**
 * The sort orders offered, each served by a walk from the cursor on (keyset paging): `id` is the primary key (ids
 * grow with creation, so it is the date added; see ownerIsLarge), `(owner_id, type, summary)` is the indicators'
 * identity index, `(owner_id, last_modified)` their modification index. No page ever skips rows with OFFSET or
 * counts them.
 */
const ORDERS: Record<BrowseSort, { columns: (value: string) => string[]; desc: boolean }> = {
  newest: { columns: () => ['id'], desc: true },
  oldest: { columns: () => ['id'], desc: false },
  value: { columns: (v) => ['type', v, 'id'], desc: false },
  valueDesc: { columns: (v) => ['type', v, 'id'], desc: true },
  modified: { columns: () => ['last_modified', 'id'], desc: true },
};

const bad = (field: string, message: string) => new ApiFailure(400, `${field}: ${message}`, { error: `${field}: ${message}` });

function decodeCursor(raw: string, width: number): unknown[] {
  try {
    const key = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === width && key.every((k) => typeof k === 'string' || typeof k === 'number')) return key;
  } catch {
    // fall through to the refusal
  }
  throw bad('after', `not a cursor of this listing and sort: ${JSON.stringify(raw.slice(0, 40))}`);
}

const encodeCursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

/** Rows of the owner (and type, and pushed conditions) read at most to decide how to walk in id order. */
const PROBE = 5_000;

/**
 * No index orders an owner's indicators by id. For an owner with few rows, SQLite's own plan (its owner index,
 * then sorting those rows) is fast; for a large one, sorting every row for each page is not, and walking the
 * table itself in id order from the cursor (`NOT INDEXED`), skipping other owners' rows, is. The probe reads at
 * most PROBE index entries.
 */
function ownerIsLarge(ctx: PlatformContext, spec: KindSpec, where: string[], params: unknown[]): boolean {
  const probe = ctx.db.prepare(`SELECT COUNT(*) AS n FROM (SELECT 1 FROM ${spec.table} WHERE ${where.join(' AND ')} LIMIT ${PROBE})`).get(...params) as { n: number };
  return probe.n >= PROBE;
}

/** Parses TQL as `/v3/...?tql=` does; a problem is a 400 carrying the same message. */
function compileQuery(text: string, spec: KindSpec): { node?: TqlNode; predicate?: (row: V3Row<AnyRecord>) => boolean } {
  if (!text.trim()) return {};
  try {
    const node = parseTql(text);
    return { node, predicate: compileNode(node, spec.keywords, spec.check) };
  } catch (err) {
    if (err instanceof TqlError) throw new ApiFailure(400, `Invalid TQL: ${err.message}`, { error: `Invalid TQL: ${err.message}` });
    throw err;
  }
}

/** One page of an owner's indicators or groups, in the chosen order, after the cursor, filtered by TQL. */
export function browse(ctx: PlatformContext, q: BrowseQuery): BrowsePage {
  const store = tiStore(ctx);
  const spec = SPECS[q.kind];
  const order = ORDERS[q.sort];
  // with one type asked for, the type column is fixed: leaving it out of the key lets the index seek on the value
  const columns = order.columns(spec.value).filter((c) => !(q.type && c === 'type'));
  const { node, predicate } = compileQuery(q.tql ?? '', spec);
  const { conditions, complete } = pushDown(node, spec.pushable);

  const where = ['owner_id = ?'];
  const params: unknown[] = [q.owner.id];
  if (q.type) {
    where.push('type = ?');
    params.push(q.type);
  }
  try {
    const cond = conditionSql(spec.fields, conditions, false, ctx.nowIso());
    where.push(cond.sql);
    params.push(...cond.params);
  } catch (err) {
    if (err instanceof TiInputError) throw new ApiFailure(400, `Invalid TQL: ${err.message}`, { error: `Invalid TQL: ${err.message}` });
    throw err;
  }
  const dir = order.desc ? 'DESC' : 'ASC';
  const tuple = `(${columns.join(', ')})`;
  const keyed = `${where.join(' AND ')} AND ${tuple} ${order.desc ? '<' : '>'} (${columns.map(() => '?').join(', ')})`;
  const from = columns.length === 1 && !(q.type && spec.typeIndexHasIdOrder) && ownerIsLarge(ctx, spec, where, params) ? `${spec.table} NOT INDEXED` : spec.table;
  const select = (withKey: boolean) =>
    ctx.db.prepare(
      `SELECT ${columns.join(', ')} FROM ${from} WHERE ${withKey ? keyed : where.join(' AND ')} ORDER BY ${columns.map((c) => `${c} ${dir}`).join(', ')} LIMIT ?`,
    );
  const fetchKeys = (after: unknown[] | undefined, n: number) =>
    (after ? select(true).raw().all(...params, ...after, n) : select(false).raw().all(...params, n)) as unknown[][];

  let after = q.after ? decodeCursor(q.after, columns.length) : undefined;
  const idAt = columns.length - 1;
  const rows: BrowseRow[] = [];
  let scanned = 0;
  let lastKey: unknown[] | undefined;

  if (complete) {
    const keys = fetchKeys(after, q.limit + 1);
    scanned = keys.length;
    for (const key of keys.slice(0, q.limit)) {
      const rec = spec.get(store, key[idAt] as number);
      if (rec) rows.push(spec.row(rec));
    }
    return { rows, scanned, ...(keys.length > q.limit ? { next: encodeCursor(keys[q.limit - 1]) } : {}) };
  }

  // Part of the query cannot be put to the database (tags, `or`, `contains`, ...): walk the same index in chunks
  // and test each row, up to SCAN_LIMIT rows per page.
  const needTags = /\btag\b/i.test(q.tql ?? '');
  let more = false;
  while (scanned < SCAN_LIMIT) {
    const keys = fetchKeys(after, Math.min(CHUNK, SCAN_LIMIT - scanned));
    if (keys.length === 0) break;
    const tags = needTags ? store.meta.tagsFor(q.kind, keys.map((k) => k[idAt] as number)) : undefined;
    for (const key of keys) {
      scanned++;
      const rec = spec.get(store, key[idAt] as number);
      if (!rec) continue;
      const row: V3Row<AnyRecord> = { rec, owner: q.owner, tags: tags?.get(rec.id)?.map((t) => t.name) ?? [] };
      if (predicate && !predicate(row)) continue;
      if (rows.length === q.limit) {
        more = true;
        break;
      }
      rows.push(spec.row(rec));
      lastKey = key;
    }
    if (more) break;
    after = keys[keys.length - 1];
    if (keys.length < CHUNK) {
      after = undefined;
      break;
    }
  }
  if (more && lastKey) return { rows, scanned, next: encodeCursor(lastKey) };
  if (after && scanned >= SCAN_LIMIT) return { rows, scanned, partial: true, next: encodeCursor(after) };
  return { rows, scanned };
}
