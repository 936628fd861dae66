import type { StoreCore } from './base.js';
import { chunks, placeholders } from './base.js';
import type { AttributeTypeRepo } from './attribute-types.js';
import { TiInputError, badLength, describe } from './errors.js';
import { foldAscii } from './fold.js';
import type { AttributeInput, AttributeRecord, AttributeTypeRecord, ItemKind, ItemRef } from './types.js';
import { boolField, dateField, textField } from './values.js';

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

const ATTRIBUTE_COLUMNS = 'id, item_id, type, value, displayed, source, pinned, date_added, last_modified';

/** Types whose displayed attribute becomes the item's own field. */
const DEFAULT_TYPES = new Set(['description', 'source']);

/** An attribute that passed its checks, ready to be written. */
export interface CheckedAttribute {
  type: AttributeTypeRecord;
  value: string;
  displayed: boolean;
  source: string | null;
  pinned: boolean;
}

/** An attribute with the item it hangs on and that item's owner (the v3 attribute collections). */
export interface OwnedAttribute extends AttributeRecord {
  itemKind: ItemKind;
  itemId: number;
  ownerId: number;
  /** the attribute type's id (TQL `type`) */
  typeId: number | undefined;
}

/** Tables holding the items attributes hang on, for the owner of an attribute. */
const ITEM_TABLES: Partial<Record<ItemKind, string>> = { indicator: 'ti_indicators', group: 'ti_groups', victim: 'ti_victims' };

/** Attributes on indicators, groups and victims. */
export class AttributeRepo {
  constructor(
    private readonly core: StoreCore,
    private readonly types: AttributeTypeRepo,
  ) {}

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
    const type = this.types.attributeType(input.type);
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

  /** Writes a checked attribute; `noneDisplayed` says the item has no displayed attribute of the type yet. */
  insertAttribute(ref: ItemRef, v: CheckedAttribute, input: AttributeInput, noneDisplayed = false): AttributeRecord {
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

  /** Removes every attribute of an item and the labels on them (caller's transaction). */
  purgeAttributes(ref: ItemRef): void {
    this.core
      .prep("DELETE FROM ti_item_labels WHERE item_kind = 'attribute' AND item_id IN (SELECT id FROM ti_attributes WHERE item_kind = ? AND item_id = ?)")
      .run(ref.kind, ref.id);
    this.core.prep('DELETE FROM ti_attributes WHERE item_kind = ? AND item_id = ?').run(ref.kind, ref.id);
  }

  /** One attribute by its own id, with its item and owner; undefined when missing or on another kind of item. */
  ownedAttribute(kind: ItemKind, id: number): OwnedAttribute | undefined {
    return this.ownedAttributes(kind, { id })[0];
  }

  /** Every attribute on items of a kind held by these owners, in id order (the v3 attribute listings). */
  ownedAttributes(kind: ItemKind, scope: { ownerIds?: number[]; id?: number }): OwnedAttribute[] {
    const table = ITEM_TABLES[kind];
    if (!table) return [];
    const where: string[] = ['a.item_kind = ?'];
    const params: unknown[] = [kind];
    if (scope.id !== undefined) {
      where.push('a.id = ?');
      params.push(scope.id);
    }
    if (scope.ownerIds) {
      if (!scope.ownerIds.length) return [];
      where.push(`i.owner_id IN (${placeholders(scope.ownerIds.length)})`);
      params.push(...scope.ownerIds);
    }
    const rows = this.core
      .prep(`SELECT ${ATTRIBUTE_COLUMNS.replace(/(\w+)/g, 'a.$1')}, i.owner_id AS owner_id,
          (SELECT t.id FROM ti_attribute_types t WHERE t.name = a.type COLLATE NOCASE) AS type_id FROM ti_attributes a JOIN ${table} i ON i.id = a.item_id WHERE ${where.join(' AND ')} ORDER BY a.id`)
      .all(...params) as Array<AttributeRow & { owner_id: number; type_id: number | null }>;
    return rows.map((r) => ({ ...toAttribute(r), itemKind: kind, itemId: r.item_id, ownerId: r.owner_id, typeId: r.type_id ?? undefined }));
  }
}
