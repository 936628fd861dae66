import type { StoreCore } from './base.js';
import { chunks, placeholders } from './base.js';
import { ATTRIBUTE_TYPES, SECURITY_LABELS } from './catalogue.js';
import { TiInputError, badLength, describe } from './errors.js';
import { conditionSql, f, type FieldMap } from './conditions.js';
import type {
  AttributeInput,
  AttributeRecord,
  AttributeTypeRecord,
  Condition,
  ItemKind,
  ItemRef,
  LabelInput,
  LabelRecord,
  MetadataInput,
  TagRecord,
} from './types.js';
import { boolField, dateField, textField } from './values.js';

/** Labels may sit on items and on attributes. */
export type LabelTarget = ItemRef | { kind: 'attribute'; id: number };

interface AttributeRow {
  id: number;
  item_id: number;
  type: string;
  value: string;
  displayed: number;
  source: string | null;
  pinned: number;
  date_added: string;
  last_modified: string;
}

const toAttribute = (r: AttributeRow): AttributeRecord => ({
  id: r.id,
  type: r.type,
  value: r.value,
  displayed: r.displayed === 1,
  source: r.source,
  pinned: r.pinned === 1,
  dateAdded: r.date_added,
  lastModified: r.last_modified,
});

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

const LABEL_COLUMNS = 'id, name, description, color, date_added AS dateAdded';
const ATTRIBUTE_COLUMNS = 'id, item_id, type, value, displayed, source, pinned, date_added, last_modified';

/** Types whose displayed attribute becomes the item's own field. */
const DEFAULT_TYPES = new Set(['description', 'source']);

export const TAG_MAX_LENGTH = 128;

const TAG_FIELDS: FieldMap = {
  name: f('t.name', 'text'),
  weight: f('(SELECT COUNT(*) FROM ti_item_tags x WHERE x.tag_id = t.id)', 'number'),
  dateAdded: f('t.date_added', 'date'),
};

const LABEL_FIELDS: FieldMap = {
  name: f('name', 'text'),
  description: f('description', 'text'),
  color: f('color', 'text'),
  dateAdded: f('date_added', 'date'),
};

/** SQLite's NOCASE folds ASCII only; the caches fold the same way so they never disagree with the index. */
const foldAscii = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Attributes (and their types), tags and security labels, and the batch write types over them. */
export class MetadataRepo {
  private tagIds = new Map<string, number>();
  private attributeTypeCache?: Map<string, AttributeTypeRecord>;
  private labelCache?: Map<string, LabelRecord>;

  constructor(private readonly core: StoreCore) {}

  /** Seeds attribute types and system labels that are missing (fresh database, or after a reset). */
  ensureCatalogue(): void {
    const now = this.core.nowIso();
    this.core.atomic(() => {
      for (const t of ATTRIBUTE_TYPES) this.createAttributeType(t, true);
      for (const l of SECURITY_LABELS) {
        this.core
          .prep('INSERT OR IGNORE INTO ti_security_labels (name, description, color, date_added) VALUES (?, ?, ?, ?)')
          .run(l.name, l.description, l.color, now);
      }
    });
    this.dropCaches();
  }

  dropCaches(): void {
    this.tagIds.clear();
    this.attributeTypeCache = undefined;
    this.labelCache = undefined;
  }

  // ---- attribute types ----

  attributeTypes(): AttributeTypeRecord[] {
    return [...this.attributeTypeMap().values()].sort((a, b) => a.id - b.id);
  }

  attributeType(name: string): AttributeTypeRecord | undefined {
    return this.attributeTypeMap().get(foldAscii(name.trim()));
  }

  createAttributeType(
    t: { name: string; description?: string; maxSize?: number; allowMarkdown?: boolean; errorMessage?: string | null; validationRule?: unknown },
    ignoreExisting = false,
  ): void {
    this.core
      .prep(
        `INSERT INTO ti_attribute_types (name, description, max_size, allow_markdown, error_message, validation_rule) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(name) DO ${ignoreExisting ? 'NOTHING' : `UPDATE SET description = excluded.description, max_size = excluded.max_size,
           allow_markdown = excluded.allow_markdown, error_message = excluded.error_message, validation_rule = excluded.validation_rule`}`,
      )
      .run(
        t.name,
        t.description ?? '',
        t.maxSize ?? 65_500,
        t.allowMarkdown ? 1 : 0,
        t.errorMessage ?? null,
        t.validationRule === undefined || t.validationRule === null ? null : JSON.stringify(t.validationRule),
      );
    this.attributeTypeCache = undefined;
  }

  private attributeTypeMap(): Map<string, AttributeTypeRecord> {
    if (!this.attributeTypeCache) {
      const rows = this.core.prep('SELECT * FROM ti_attribute_types ORDER BY id').all() as Array<Record<string, any>>;
      this.attributeTypeCache = new Map(
        rows.map((r) => [
          foldAscii(r.name),
          {
            id: r.id,
            name: r.name,
            description: r.description,
            maxSize: r.max_size,
            allowMarkdown: r.allow_markdown === 1,
            errorMessage: r.error_message,
            validationRule: r.validation_rule ? JSON.parse(r.validation_rule) : null,
          },
        ]),
      );
    }
    return this.attributeTypeCache;
  }

  // ---- attributes ----

  attributes(ref: ItemRef): AttributeRecord[] {
    const rows = this.core
      .prep(`SELECT ${ATTRIBUTE_COLUMNS} FROM ti_attributes WHERE item_kind = ? AND item_id = ? ORDER BY id`)
      .all(ref.kind, ref.id) as AttributeRow[];
    return rows.map(toAttribute);
  }

  getAttribute(ref: ItemRef, id: number): AttributeRecord | undefined {
    const row = this.core
      .prep(`SELECT ${ATTRIBUTE_COLUMNS} FROM ti_attributes WHERE id = ? AND item_kind = ? AND item_id = ?`)
      .get(id, ref.kind, ref.id) as AttributeRow | undefined;
    return row ? toAttribute(row) : undefined;
  }

  /** Checks an attribute before anything is written: known type, a value, within the type's size. */
  validateAttribute(input: AttributeInput): { type: AttributeTypeRecord; value: string; displayed: boolean; source: string | null; pinned: boolean } {
    if (!input || typeof input !== 'object') throw new TiInputError('attribute', `attribute: ${describe(input)} is not an object with type and value`);
    if (typeof input.type !== 'string' || !input.type.trim()) {
      throw new TiInputError('type', `type: an attribute type is required (got ${describe(input.type)})`);
    }
    const type = this.attributeType(input.type);
    if (!type) throw new TiInputError('type', `The requested attribute type was not found (type ${describe(input.type)})`);
    const value = textField('value', input.value);
    if (value === undefined || value === null || value === '') {
      throw new TiInputError('value', `This attribute requires a value (type ${describe(type.name)})`);
    }
    if (value.length > type.maxSize) throw badLength('value', 'Attribute', 1, type.maxSize, `${value.length} characters`);
    return {
      type,
      value,
      displayed: boolField('displayed', input.displayed) ?? false,
      source: textField('source', input.source) ?? null,
      pinned: boolField('pinned', input.pinned) ?? false,
    };
  }

  addAttribute(ref: ItemRef, input: AttributeInput): AttributeRecord {
    this.core.takeFresh(ref.kind, ref.id);
    return this.insertAttribute(ref, this.validateAttribute(input), input);
  }

  private insertAttribute(ref: ItemRef, v: ReturnType<MetadataRepo['validateAttribute']>, input: AttributeInput, noneDisplayed = false): AttributeRecord {
    const dateAdded = dateField('dateAdded', input.dateAdded) ?? this.core.nowIso();
    const lastModified = dateField('lastModified', input.lastModified) ?? dateAdded;
    return this.core.atomic(() => {
      if (v.displayed && !noneDisplayed && DEFAULT_TYPES.has(foldAscii(v.type.name))) this.clearDisplayed(ref, v.type.name);
      const info = this.core
        .prep(
          `INSERT INTO ti_attributes (item_kind, item_id, type, value, displayed, source, pinned, date_added, last_modified)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(ref.kind, ref.id, v.type.name, v.value, v.displayed ? 1 : 0, v.source, v.pinned ? 1 : 0, dateAdded, lastModified);
      return {
        id: Number(info.lastInsertRowid),
        type: v.type.name,
        value: v.value,
        displayed: v.displayed,
        source: v.source,
        pinned: v.pinned,
        dateAdded,
        lastModified,
      };
    });
  }

  /** Value, displayed, source and pinned may change; the type may not. */
  updateAttribute(ref: ItemRef, id: number, patch: Partial<AttributeInput>): AttributeRecord | undefined {
    const current = this.getAttribute(ref, id);
    if (!current) return undefined;
    if (patch.type !== undefined && foldAscii(String(patch.type)) !== foldAscii(current.type)) {
      throw new TiInputError('type', `type: an attribute's type cannot be changed (is ${describe(current.type)}, got ${describe(patch.type)})`);
    }
    const v = this.validateAttribute({
      type: current.type,
      value: patch.value === undefined ? current.value : patch.value,
      displayed: patch.displayed === undefined ? current.displayed : patch.displayed,
      source: patch.source === undefined ? current.source : patch.source,
      pinned: patch.pinned === undefined ? current.pinned : patch.pinned,
    });
    const now = this.core.nowIso();
    this.core.atomic(() => {
      if (v.displayed && DEFAULT_TYPES.has(foldAscii(current.type))) this.clearDisplayed(ref, current.type);
      this.core
        .prep('UPDATE ti_attributes SET value = ?, displayed = ?, source = ?, pinned = ?, last_modified = ? WHERE id = ?')
        .run(v.value, v.displayed ? 1 : 0, v.source, v.pinned ? 1 : 0, now, id);
    });
    return this.getAttribute(ref, id);
  }

  deleteAttribute(ref: ItemRef, id: number): boolean {
    return this.core.atomic(() => {
      const info = this.core.prep('DELETE FROM ti_attributes WHERE id = ? AND item_kind = ? AND item_id = ?').run(id, ref.kind, ref.id);
      if (info.changes) this.core.prep("DELETE FROM ti_item_labels WHERE item_kind = 'attribute' AND item_id = ?").run(id);
      return info.changes > 0;
    });
  }

  private clearDisplayed(ref: ItemRef, type: string): void {
    this.core
      .prep('UPDATE ti_attributes SET displayed = 0 WHERE item_kind = ? AND item_id = ? AND type = ? COLLATE NOCASE AND displayed = 1')
      .run(ref.kind, ref.id, type);
  }

  /** Attributes of many items at once (a page of results with includeAttributes). */
  attributesFor(kind: ItemKind, ids: number[]): Map<number, AttributeRecord[]> {
    const out = new Map<number, AttributeRecord[]>();
    for (const part of chunks(ids)) {
      const rows = this.core
        .prep(`SELECT ${ATTRIBUTE_COLUMNS} FROM ti_attributes WHERE item_kind = ? AND item_id IN (${placeholders(part.length)}) ORDER BY id`)
        .all(kind, ...part) as AttributeRow[];
      for (const r of rows) {
        let list = out.get(r.item_id);
        if (!list) out.set(r.item_id, (list = []));
        list.push(toAttribute(r));
      }
    }
    return out;
  }

  /** Every attribute on items of a kind, with its item (a nested TQL `hasAttribute(...)` runs over them). */
  attributesOfKind(kind: ItemKind): Array<AttributeRecord & { itemId: number }> {
    const rows = this.core.prep(`SELECT ${ATTRIBUTE_COLUMNS} FROM ti_attributes WHERE item_kind = ? ORDER BY id`).all(kind) as AttributeRow[];
    return rows.map((r) => ({ ...toAttribute(r), itemId: r.item_id }));
  }

  /** Ids of the items of a kind carrying any of the tags (`tag`) or security labels (`label`) given. */
  itemsWith(kind: ItemKind, link: 'tag' | 'label', ids: number[]): Set<number> {
    const [table, column] = link === 'tag' ? ['ti_item_tags', 'tag_id'] : ['ti_item_labels', 'label_id'];
    const out = new Set<number>();
    for (const part of chunks(ids)) {
      const rows = this.core
        .prep(`SELECT DISTINCT item_id FROM ${table} WHERE item_kind = ? AND ${column} IN (${placeholders(part.length)})`)
        .all(kind, ...part) as Array<{ item_id: number }>;
      for (const r of rows) out.add(r.item_id);
    }
    return out;
  }

  /** The displayed Description and Source of many items: what v2 shows as `description` and `source`. */
  defaultsFor(kind: ItemKind, ids: number[]): Map<number, { description?: string; source?: string }> {
    const out = new Map<number, { description?: string; source?: string }>();
    for (const part of chunks(ids)) {
      const rows = this.core
        .prep(
          `SELECT item_id, type, value FROM ti_attributes WHERE item_kind = ? AND item_id IN (${placeholders(part.length)})
           AND displayed = 1 AND type IN ('Description', 'Source') ORDER BY id`,
        )
        .all(kind, ...part) as Array<{ item_id: number; type: string; value: string }>;
      for (const r of rows) {
        const entry = out.get(r.item_id) ?? {};
        if (r.type === 'Description') entry.description = r.value;
        else entry.source = r.value;
        out.set(r.item_id, entry);
      }
    }
    return out;
  }

  // ---- tags ----

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

  // ---- security labels ----

  label(name: string): LabelRecord | undefined {
    return this.labelMap().get(foldAscii(name.trim()));
  }

  labelById(id: number): LabelRecord | undefined {
    return [...this.labelMap().values()].find((l) => l.id === id);
  }

  listLabels(q: { conditions?: Condition[]; anyCondition?: boolean; start?: number; limit?: number; withTotal?: boolean } = {}): {
    items: LabelRecord[];
    total?: number;
  } {
    const where = conditionSql(LABEL_FIELDS, q.conditions ?? [], q.anyCondition ?? false, this.core.nowIso());
    const items = this.core
      .prep(`SELECT ${LABEL_COLUMNS} FROM ti_security_labels WHERE ${where.sql} ORDER BY id LIMIT ? OFFSET ?`)
      .all(...where.params, q.limit ?? -1, q.start ?? 0) as LabelRecord[];
    const total = q.withTotal
      ? (this.core.prep(`SELECT COUNT(*) AS n FROM ti_security_labels WHERE ${where.sql}`).get(...where.params) as { n: number }).n
      : undefined;
    return { items, total };
  }

  /**
   * The label of that name; a missing one is created only when the caller may create labels (`allowCreate`: labels
   * are shared by every owner, so only administrators make them) and a description and a color come with it (the
   * batch rule), otherwise refused naming it.
   */
  ensureLabel(input: string | LabelInput, allowCreate = false): LabelRecord {
    const spec = typeof input === 'string' ? { name: input } : input;
    if (!spec || typeof spec.name !== 'string' || !spec.name.trim()) {
      throw new TiInputError('securityLabel', `securityLabel: a label name is required (got ${describe(spec?.name)})`);
    }
    const existing = this.label(spec.name);
    if (existing) return existing;
    if (!spec.description || !spec.color) {
      throw new TiInputError('securityLabel', `securityLabel: unknown security label ${describe(spec.name)} (a new label needs a description and a color)`);
    }
    if (!allowCreate) {
      throw new TiInputError('securityLabel', `securityLabel: unknown security label ${describe(spec.name)}; only an administrator may create security labels`);
    }
    return this.createLabel(spec);
  }

  createLabel(input: LabelInput & { dateAdded?: string }): LabelRecord {
    if (typeof input.name !== 'string' || !input.name.trim() || input.name.length > 50) throw badLength('name', 'Security Label', 1, 50, input.name);
    const color = textField('color', input.color, 6);
    if (color && !/^[0-9a-f]{6}$/i.test(color)) throw new TiInputError('color', `color: ${describe(color)} is not a hex color such as FFC000`);
    this.core
      .prep('INSERT OR IGNORE INTO ti_security_labels (name, description, color, date_added) VALUES (?, ?, ?, ?)')
      .run(input.name, textField('description', input.description) ?? null, color ?? null, dateField('dateAdded', input.dateAdded) ?? this.core.nowIso());
    this.labelCache = undefined;
    return this.label(input.name) as LabelRecord;
  }

  /** Seed/import: the label exactly as given (created, or its description, color and date replaced). */
  restoreLabel(input: LabelInput & { dateAdded?: string }): LabelRecord {
    const existing = this.label(String(input.name ?? ''));
    if (!existing) return this.createLabel(input);
    this.core
      .prep('UPDATE ti_security_labels SET description = ?, color = ?, date_added = ? WHERE id = ?')
      .run(textField('description', input.description) ?? null, textField('color', input.color, 6) ?? null, dateField('dateAdded', input.dateAdded) ?? existing.dateAdded, existing.id);
    this.labelCache = undefined;
    return this.label(existing.name) as LabelRecord;
  }

  /** Deletes a label and so removes it from every item and attribute. */
  deleteLabel(id: number): boolean {
    const info = this.core.atomic(() => {
      this.core.prep('DELETE FROM ti_item_labels WHERE label_id = ?').run(id);
      return this.core.prep('DELETE FROM ti_security_labels WHERE id = ?').run(id);
    });
    this.labelCache = undefined;
    return info.changes > 0;
  }

  itemLabels(target: LabelTarget): LabelRecord[] {
    return this.core
      .prep(
        `SELECT l.id, l.name, l.description, l.color, l.date_added AS dateAdded FROM ti_item_labels x
         JOIN ti_security_labels l ON l.id = x.label_id WHERE x.item_kind = ? AND x.item_id = ? ORDER BY l.id`,
      )
      .all(target.kind, target.id) as LabelRecord[];
  }

  addLabel(target: LabelTarget, labelId: number): void {
    this.core.takeFresh(target.kind, target.id);
    this.core.prep('INSERT OR IGNORE INTO ti_item_labels (item_kind, item_id, label_id) VALUES (?, ?, ?)').run(target.kind, target.id, labelId);
  }

  removeLabel(target: LabelTarget, labelId: number): boolean {
    return this.core.prep('DELETE FROM ti_item_labels WHERE item_kind = ? AND item_id = ? AND label_id = ?').run(target.kind, target.id, labelId).changes > 0;
  }

  hasLabel(target: LabelTarget, labelId: number): boolean {
    return this.core.prep('SELECT 1 FROM ti_item_labels WHERE item_kind = ? AND item_id = ? AND label_id = ?').get(target.kind, target.id, labelId) !== undefined;
  }

  labelsFor(kind: ItemKind | 'attribute', ids: number[]): Map<number, LabelRecord[]> {
    const out = new Map<number, LabelRecord[]>();
    for (const part of chunks(ids)) {
      const rows = this.core
        .prep(
          `SELECT x.item_id AS item_id, l.id, l.name, l.description, l.color, l.date_added AS dateAdded FROM ti_item_labels x
           JOIN ti_security_labels l ON l.id = x.label_id WHERE x.item_kind = ? AND x.item_id IN (${placeholders(part.length)}) ORDER BY l.id`,
        )
        .all(kind, ...part) as Array<LabelRecord & { item_id: number }>;
      for (const { item_id, ...label } of rows) {
        let list = out.get(item_id);
        if (!list) out.set(item_id, (list = []));
        list.push(label);
      }
    }
    return out;
  }

  private labelMap(): Map<string, LabelRecord> {
    if (!this.labelCache) {
      const rows = this.core.prep(`SELECT ${LABEL_COLUMNS} FROM ti_security_labels ORDER BY id`).all() as LabelRecord[];
      this.labelCache = new Map(rows.map((r) => [foldAscii(r.name), r]));
    }
    return this.labelCache;
  }

  // ---- batch write types ----

  /**
   * Writes an item's attributes, tags and labels the way a batch job's write types say:
   * attributes Append (add all), Replace (drop every existing one first), Singleton (drop existing ones of the
   * incoming types first), Static (leave attributes alone); tags and labels Append or Replace (default Replace,
   * as the batch API defaults). Everything is checked before the first write.
   */
  applyMetadata(ref: ItemRef, ownerId: number, meta: MetadataInput): void {
    const attributes = meta.attributeWriteType === 'Static' ? [] : (meta.attributes ?? []);
    // with onRefused a refused entry is reported and left out; without it, it throws before anything is written
    const keep = <T, R>(items: T[], check: (item: T) => R): R[] => {
      if (!meta.onRefused) return items.map(check);
      const out: R[] = [];
      for (const item of items) {
        try {
          out.push(check(item));
        } catch (err) {
          if (!(err instanceof TiInputError)) throw err;
          meta.onRefused(err);
        }
      }
      return out;
    };
    const label = (l: string | LabelInput) => this.ensureLabel(l, meta.allowNewLabels ?? false);
    const checked = keep(attributes, (a) => ({ input: a, valid: this.validateAttribute(a) }));
    const tagNames = meta.tags && keep(meta.tags, (t) => this.checkTagName(t));
    const labels = meta.securityLabels && keep(meta.securityLabels, label);
    const attrLabels = checked.map((c) => keep(c.input.securityLabels ?? [], label));
    // an item inserted just now has nothing to replace: skip the lookups (the batch Create hot path)
    const fresh = this.core.takeFresh(ref.kind, ref.id);
    const displayedTypes = new Set<string>();
    this.core.atomic(() => {
      if (fresh) {
        // nothing to remove
      } else if (meta.attributes !== undefined && meta.attributeWriteType === 'Replace') {
        this.purgeAttributes(ref);
      } else if (meta.attributeWriteType === 'Singleton' && checked.length) {
        for (const type of new Set(checked.map((c) => c.valid.type.name))) {
          this.core
            .prep("DELETE FROM ti_item_labels WHERE item_kind = 'attribute' AND item_id IN (SELECT id FROM ti_attributes WHERE item_kind = ? AND item_id = ? AND type = ?)")
            .run(ref.kind, ref.id, type);
          this.core.prep('DELETE FROM ti_attributes WHERE item_kind = ? AND item_id = ? AND type = ?').run(ref.kind, ref.id, type);
        }
      }
      checked.forEach((c, i) => {
        const noneDisplayed = fresh && !displayedTypes.has(c.valid.type.name);
        if (c.valid.displayed) displayedTypes.add(c.valid.type.name);
        const added = this.insertAttribute(ref, c.valid, c.input, noneDisplayed);
        for (const l of attrLabels[i]) this.addLabel({ kind: 'attribute', id: added.id }, l.id);
      });
      if (tagNames) {
        const ids = tagNames.map((n) => this.tagId(ownerId, n) as number);
        if (!fresh && (meta.tagWriteType ?? 'Replace') === 'Replace') {
          const keep = new Set(ids);
          for (const t of this.itemTags(ref)) if (!keep.has(t.id)) this.removeTag(ref, t.id);
        }
        for (const id of ids) this.core.prep('INSERT OR IGNORE INTO ti_item_tags (item_kind, item_id, tag_id) VALUES (?, ?, ?)').run(ref.kind, ref.id, id);
      }
      if (labels) {
        if (!fresh && (meta.securityLabelWriteType ?? 'Replace') === 'Replace') {
          const keep = new Set(labels.map((l) => l.id));
          for (const l of this.itemLabels(ref)) if (!keep.has(l.id)) this.removeLabel(ref, l.id);
        }
        for (const l of labels) this.addLabel(ref, l.id);
      }
    });
  }

  private purgeAttributes(ref: ItemRef): void {
    this.core
      .prep("DELETE FROM ti_item_labels WHERE item_kind = 'attribute' AND item_id IN (SELECT id FROM ti_attributes WHERE item_kind = ? AND item_id = ?)")
      .run(ref.kind, ref.id);
    this.core.prep('DELETE FROM ti_attributes WHERE item_kind = ? AND item_id = ?').run(ref.kind, ref.id);
  }

  /** Removes everything hung on an item (its deletion is under way, in the caller's transaction). */
  purge(ref: ItemRef): void {
    this.purgeAttributes(ref);
    this.core.prep('DELETE FROM ti_item_tags WHERE item_kind = ? AND item_id = ?').run(ref.kind, ref.id);
    this.core.prep('DELETE FROM ti_item_labels WHERE item_kind = ? AND item_id = ?').run(ref.kind, ref.id);
  }
}
