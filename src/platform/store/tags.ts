import type { StoreCore } from './base.js';
import { chunks, placeholders } from './base.js';
import { badLength } from './errors.js';
import { conditionSql, f, type FieldMap } from './conditions.js';
import { foldAscii } from './fold.js';
import type { Condition, ItemKind, ItemRef, TagRecord } from './types.js';
import { textField } from './values.js';

interface TagRow {
  id: number;
  owner_id: number;
  name: string;
  description: string | null;
  date_added: string;
  weight?: number;
}

const toTag = (r: TagRow): TagRecord => ({
  id: r.id,
  ownerId: r.owner_id,
  name: r.name,
  description: r.description,
  dateAdded: r.date_added,
  ...(r.weight !== undefined ? { weight: r.weight } : {}),
});

export const TAG_MAX_LENGTH = 128;

const TAG_FIELDS: FieldMap = {
  name: f('t.name', 'text'),
  weight: f('(SELECT COUNT(*) FROM ti_item_tags x WHERE x.tag_id = t.id)', 'number'),
  dateAdded: f('t.date_added', 'date'),
};

const WITH_WEIGHT = 't.*, (SELECT COUNT(*) FROM ti_item_tags x WHERE x.tag_id = t.id) AS weight';

/** Owner-scoped tags (case-insensitive names, case kept as first written) and their use on items. */
export class TagRepo {
  private tagIds = new Map<string, number>();

  constructor(private readonly core: StoreCore) {}

  dropCache(): void {
    this.tagIds.clear();
  }


  /** The owner's tag id for a name (case-insensitive), created when missing unless `create` is false. */
  tagId(ownerId: number, name: string, create = true): number | undefined {
    const key = `${ownerId}\u0000${foldAscii(name)}`;
    const cached = this.tagIds.get(key);
    if (cached !== undefined) return cached;
    const row = this.core.prep('SELECT id FROM ti_tags WHERE owner_id = ? AND name = ?').get(ownerId, name) as { id: number } | undefined;
    if (row) {
      this.tagIds.set(key, row.id);
      return row.id;
    }
    if (!create) return undefined;
    const clean = this.checkTagName(name);
    const info = this.core.prep('INSERT INTO ti_tags (owner_id, name, date_added) VALUES (?, ?, ?)').run(ownerId, clean, this.core.nowIso());
    const id = Number(info.lastInsertRowid);
    this.tagIds.set(key, id);
    return id;
  }

  checkTagName(name: unknown): string {
    if (typeof name !== 'string' || name.trim().length === 0 || name.length > TAG_MAX_LENGTH) {
      throw badLength('name', 'Tag', 1, TAG_MAX_LENGTH, name);
    }
    return name;
  }

  getTag(ownerId: number, name: string): TagRecord | undefined {
    const row = this.core
      .prep('SELECT t.*, (SELECT COUNT(*) FROM ti_item_tags x WHERE x.tag_id = t.id) AS weight FROM ti_tags t WHERE owner_id = ? AND name = ?')
      .get(ownerId, name) as TagRow | undefined;
    return row ? toTag(row) : undefined;
  }

  listTags(q: { ownerId: number; conditions?: Condition[]; anyCondition?: boolean; start?: number; limit?: number; withTotal?: boolean; item?: ItemRef }): {
    items: TagRecord[];
    total?: number;
  } {
    const where = conditionSql(TAG_FIELDS, q.conditions ?? [], q.anyCondition ?? false, this.core.nowIso());
    let scope = 't.owner_id = ?';
    const scopeParams: unknown[] = [q.ownerId];
    if (q.item) {
      scope = 't.id IN (SELECT tag_id FROM ti_item_tags WHERE item_kind = ? AND item_id = ?)';
      scopeParams.splice(0, 1, q.item.kind, q.item.id);
    }
    const base = `FROM ti_tags t WHERE ${scope} AND ${where.sql}`;
    const rows = this.core
      .prep(`SELECT t.*, (SELECT COUNT(*) FROM ti_item_tags x WHERE x.tag_id = t.id) AS weight ${base} ORDER BY t.name COLLATE NOCASE, t.id LIMIT ? OFFSET ?`)
      .all(...scopeParams, ...where.params, q.limit ?? -1, q.start ?? 0) as TagRow[];
    const total = q.withTotal ? (this.core.prep(`SELECT COUNT(*) AS n ${base}`).get(...scopeParams, ...where.params) as { n: number }).n : undefined;
    return { items: rows.map(toTag), total };
  }

  createTag(ownerId: number, name: string, description?: string | null): TagRecord {
    this.checkTagName(name);
    const desc = textField('description', description);
    return this.core.atomic(() => {
      const id = this.tagId(ownerId, name) as number;
      if (desc !== undefined) this.core.prep('UPDATE ti_tags SET description = ? WHERE id = ?').run(desc, id);
      return this.getTag(ownerId, name) as TagRecord;
    });
  }

  /** Renames and/or describes a tag. Renaming onto another existing tag merges the two. */
  updateTag(ownerId: number, name: string, patch: { name?: string; description?: string | null }): TagRecord | undefined {
    const current = this.getTag(ownerId, name);
    if (!current) return undefined;
    const newName = patch.name === undefined ? current.name : this.checkTagName(patch.name);
    const desc = textField('description', patch.description);
    this.core.atomic(() => {
      const other = foldAscii(newName) === foldAscii(current.name) ? undefined : this.getTag(ownerId, newName);
      if (other) {
        this.core.prep('INSERT OR IGNORE INTO ti_item_tags (item_kind, item_id, tag_id) SELECT item_kind, item_id, ? FROM ti_item_tags WHERE tag_id = ?').run(other.id, current.id);
        this.core.prep('DELETE FROM ti_tags WHERE id = ?').run(current.id);
        if (desc !== undefined) this.core.prep('UPDATE ti_tags SET description = ? WHERE id = ?').run(desc, other.id);
      } else {
        this.core.prep('UPDATE ti_tags SET name = ?, description = COALESCE(?, description) WHERE id = ?').run(newName, desc ?? null, current.id);
        if (desc === null) this.core.prep('UPDATE ti_tags SET description = NULL WHERE id = ?').run(current.id);
      }
    });
    this.tagIds.clear();
    return this.getTag(ownerId, newName);
  }

  /** Deletes a tag and so removes it from every item. */
  deleteTag(tagId: number): boolean {
    const info = this.core.atomic(() => {
      this.core.prep('DELETE FROM ti_item_tags WHERE tag_id = ?').run(tagId);
      return this.core.prep('DELETE FROM ti_tags WHERE id = ?').run(tagId);
    });
    this.tagIds.clear();
    return info.changes > 0;
  }

  itemTags(ref: ItemRef): TagRecord[] {
    const rows = this.core
      .prep('SELECT t.* FROM ti_item_tags x JOIN ti_tags t ON t.id = x.tag_id WHERE x.item_kind = ? AND x.item_id = ? ORDER BY t.name COLLATE NOCASE')
      .all(ref.kind, ref.id) as TagRow[];
    return rows.map(toTag);
  }

  /** Applies a tag by name (created in the owner when new). */
  addTag(ref: ItemRef, ownerId: number, name: string): number {
    this.core.takeFresh(ref.kind, ref.id);
    return this.core.atomic(() => {
      const id = this.tagId(ownerId, name) as number;
      this.core.prep('INSERT OR IGNORE INTO ti_item_tags (item_kind, item_id, tag_id) VALUES (?, ?, ?)').run(ref.kind, ref.id, id);
      return id;
    });
  }

  removeTag(ref: ItemRef, tagId: number): boolean {
    return this.core.prep('DELETE FROM ti_item_tags WHERE item_kind = ? AND item_id = ? AND tag_id = ?').run(ref.kind, ref.id, tagId).changes > 0;
  }

  hasTag(ref: ItemRef, tagId: number): boolean {
    return this.core.prep('SELECT 1 FROM ti_item_tags WHERE item_kind = ? AND item_id = ? AND tag_id = ?').get(ref.kind, ref.id, tagId) !== undefined;
  }

  tagsFor(kind: ItemKind, ids: number[]): Map<number, TagRecord[]> {
    const out = new Map<number, TagRecord[]>();
    for (const part of chunks(ids)) {
      const rows = this.core
        .prep(
          `SELECT x.item_id AS item_id, t.* FROM ti_item_tags x JOIN ti_tags t ON t.id = x.tag_id
           WHERE x.item_kind = ? AND x.item_id IN (${placeholders(part.length)}) ORDER BY t.name COLLATE NOCASE`,
        )
        .all(kind, ...part) as Array<TagRow & { item_id: number }>;
      for (const r of rows) {
        let list = out.get(r.item_id);
        if (!list) out.set(r.item_id, (list = []));
        list.push(toTag(r));
      }
    }
    return out;
  }

  tagById(id: number): TagRecord | undefined {
    const row = this.core.prep(`SELECT ${WITH_WEIGHT} FROM ti_tags t WHERE t.id = ?`).get(id) as TagRow | undefined;
    return row ? toTag(row) : undefined;
  }

  /** Every tag of these owners, in id order (the v3 tag listing). */
  tagsOfOwners(ownerIds: number[]): TagRecord[] {
    if (!ownerIds.length) return [];
    const rows = this.core
      .prep(`SELECT ${WITH_WEIGHT} FROM ti_tags t WHERE t.owner_id IN (${placeholders(ownerIds.length)}) ORDER BY t.id`)
      .all(...ownerIds) as TagRow[];
    return rows.map(toTag);
  }

  /** The items of a kind carrying each of these tags. */
  taggedItems(kind: ItemKind, tagIds: number[]): Map<number, number[]> {
    const out = new Map<number, number[]>();
    for (const part of chunks(tagIds)) {
      const rows = this.core
        .prep(`SELECT tag_id, item_id FROM ti_item_tags WHERE item_kind = ? AND tag_id IN (${placeholders(part.length)}) ORDER BY item_id`)
        .all(kind, ...part) as Array<{ tag_id: number; item_id: number }>;
      for (const r of rows) {
        let list = out.get(r.tag_id);
        if (!list) out.set(r.tag_id, (list = []));
        list.push(r.item_id);
      }
    }
    return out;
  }
}
