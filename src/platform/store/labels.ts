import type { StoreCore } from './base.js';
import { chunks, placeholders } from './base.js';
import { TiInputError, badLength, describe } from './errors.js';
import { conditionSql, f, type FieldMap } from './conditions.js';
import { foldAscii } from './fold.js';
import type { Condition, ItemKind, ItemRef, LabelInput, LabelRecord } from './types.js';
import { dateField, textField } from './values.js';

/** Labels may sit on items and on attributes. */
export type LabelTarget = ItemRef | { kind: 'attribute'; id: number };

const LABEL_COLUMNS = 'id, name, description, color, date_added AS dateAdded';

const LABEL_FIELDS: FieldMap = {
  name: f('name', 'text'),
  description: f('description', 'text'),
  color: f('color', 'text'),
  dateAdded: f('date_added', 'date'),
};

/** Security labels: shared by every owner, applied to items and attributes. */
export class LabelRepo {
  private labelCache?: Map<string, LabelRecord>;

  constructor(private readonly core: StoreCore) {}

  dropCache(): void {
    this.labelCache = undefined;
  }

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

  /** Renames, describes or recolors a label; a name another label has is refused naming it. */
  updateLabel(id: number, patch: { name?: string; description?: string | null; color?: string | null }): LabelRecord | undefined {
    const current = this.labelById(id);
    if (!current) return undefined;
    const name = patch.name === undefined ? current.name : patch.name;
    if (typeof name !== 'string' || !name.trim() || name.length > 50) throw badLength('name', 'Security Label', 1, 50, name);
    const other = this.label(name);
    if (other && other.id !== id) throw new TiInputError('name', `name: a security label named ${describe(other.name)} already exists`);
    const color = patch.color === undefined ? current.color : textField('color', patch.color, 6) ?? null;
    if (color && !/^[0-9a-f]{6}$/i.test(color)) throw new TiInputError('color', `color: ${describe(color)} is not a hex color such as FFC000`);
    const description = patch.description === undefined ? current.description : textField('description', patch.description) ?? null;
    this.core.prep('UPDATE ti_security_labels SET name = ?, description = ?, color = ? WHERE id = ?').run(name, description, color, id);
    this.labelCache = undefined;
    return this.labelById(id);
  }
}
