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
  const rows = core.prep(`SELECT ${spec.columns} FROM ${spec.table} WHERE ${clause} ORDER BY id LIMIT ? OFFSET ?`).all(...params, q.limit ?? -1, q.start ?? 0) as R[];
  const total = q.withTotal ? (core.prep(`SELECT COUNT(*) AS n FROM ${spec.table} WHERE ${clause}`).get(...params) as { n: number }).n : undefined;
  return { rows, total };
}
