import type { Statement } from 'better-sqlite3';
import { placeholders, type StoreCore } from './base.js';
import type { AssociationRepo } from './associations.js';
import { conditionSql, type FieldMap } from './conditions.js';
import type { ItemKind, ListQuery } from './types.js';

/**
 * The WHERE parts every listing shares (owner, linked item, tag, label, conditions), added to the caller's own,
 * then one page of rows and, when asked, the total.
 */
export function listRows<R>(
  core: StoreCore,
  links: AssociationRepo,
  spec: { kind: ItemKind; table: string; columns: string; fields: FieldMap },
  q: ListQuery,
  where: string[],
  params: unknown[],
): { rows: R[]; total?: number } {
  if (q.ownerId !== undefined) {
    where.push('owner_id = ?');
    params.push(q.ownerId);
  }
  if (q.ownerIds !== undefined) {
    where.push(q.ownerIds.length ? `owner_id IN (${placeholders(q.ownerIds.length)})` : '0');
    params.push(...q.ownerIds);
  }
  if (q.associatedWith) {
    const s = links.scope(q.associatedWith, spec.kind, q.associationType);
    where.push(`id IN (SELECT b_id FROM ti_associations WHERE ${s.sql})`);
    params.push(...s.params);
  }
  if (q.tagId !== undefined) {
    where.push('id IN (SELECT item_id FROM ti_item_tags WHERE tag_id = ? AND item_kind = ?)');
    params.push(q.tagId, spec.kind);
  }
  if (q.labelId !== undefined) {
    where.push('id IN (SELECT item_id FROM ti_item_labels WHERE label_id = ? AND item_kind = ?)');
    params.push(q.labelId, spec.kind);
  }
  const cond = conditionSql(spec.fields, q.conditions ?? [], q.anyCondition ?? false, core.nowIso());
  where.push(cond.sql);
  params.push(...cond.params);
  const clause = where.join(' AND ');
  // The page's ids first, then their rows: sorting and skipping ids is cheap, while sorting whole rows by id (the
  // identity index gives owner/type order, not id order) cost every page a full copy of every matching row.
  const page = core.prep(
    `SELECT ${spec.columns} FROM ${spec.table} WHERE id IN (SELECT id FROM ${spec.table} WHERE ${clause} ORDER BY id LIMIT ? OFFSET ?) ORDER BY id`,
  );
  const rows = rowsOf<R>(page, [...params, q.limit ?? -1, q.start ?? 0]);
  const total = q.withTotal ? (core.prep(`SELECT COUNT(*) AS n FROM ${spec.table} WHERE ${clause}`).get(...params) as { n: number }).n : undefined;
  return { rows, total };
}

type RowFactory = (values: unknown[]) => unknown;
/** by column names: a data file migrated with ALTER TABLE may order a table's columns unlike a fresh one */
const factories = new Map<string, RowFactory>();

/**
 * All rows of a statement as objects keyed by column name, like better-sqlite3's default, but built from raw arrays
 * by one object literal per column list: better-sqlite3 sets each key of each row one by one, which cost about
 * three times as much per row for the indicators table's 27 columns (measured on 50k-row lists).
 */
function rowsOf<R>(stmt: Statement, params: unknown[]): R[] {
  const names = stmt.columns().map((c) => c.name);
  const key = names.join(',');
  let make = factories.get(key);
  if (!make) factories.set(key, (make = rowFactory(names)));
  const raw = stmt.raw(true).all(...params) as unknown[][];
  const rows = new Array<R>(raw.length);
  for (let i = 0; i < raw.length; i++) rows[i] = make(raw[i]) as R;
  return rows;
}

/**
 * A function returning `{ name0: v[0], name1: v[1], ... }`. Generated code (the names are the table's own column
 * names, checked to be plain identifiers) so that every row gets the same fixed shape in one allocation; any other
 * name falls back to a loop.
 */
function rowFactory(names: string[]): RowFactory {
  if (names.every((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n) && n !== '__proto__') && new Set(names).size === names.length) {
    return new Function('v', `return { ${names.map((n, i) => `${n}: v[${i}]`).join(', ')} };`) as RowFactory;
  }
  return (v) => {
    const o: Record<string, unknown> = {};
    names.forEach((n, i) => (o[n] = v[i]));
    return o;
  };
}
