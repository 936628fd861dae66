import { VICTIM_ASSET, VICTIM_ASSET_TYPE_FIELDS } from '../../model/schema/victim-asset.js';
import type { FieldSpec } from '../../model/schema/types.js';
import type { StoreCore } from './base.js';
import type { AssociationRepo } from './associations.js';
import type { MetadataRepo } from './metadata.js';
import { f, type FieldMap } from './conditions.js';
import { listRows } from './listing.js';
import { TiInputError, badLength, describe } from './errors.js';
import type { ListQuery, ListResult, VictimAssetRecord, VictimInput, VictimRecord } from './types.js';
import { dateField, textField } from './values.js';

const VICTIM_COLUMNS = `id, owner_id AS ownerId, name, description, org, suborg, work_location AS workLocation, nationality,
  date_added AS dateAdded, last_modified AS lastModified`;

const TEXT_FIELDS: Array<[keyof VictimInput, string]> = [
  ['description', 'description'],
  ['org', 'org'],
  ['suborg', 'suborg'],
  ['workLocation', 'work_location'],
  ['nationality', 'nationality'],
];

export const VICTIM_FIELDS: FieldMap = {
  id: f('id', 'number'),
  name: f('name', 'text'),
  org: f('org', 'text'),
  suborg: f('suborg', 'text'),
  workLocation: f('work_location', 'text'),
  nationality: f('nationality', 'text'),
  dateAdded: f('date_added', 'date'),
};

/** The victim asset types, with the path branch, the response key and the body fields (main, detail). */
export interface VictimAssetType {
  branch: string;
  type: string;
  entity: string;
  valueField: string;
  detailField?: string;
}

/** v2 name of a v3 asset field (the schema's `v2`, else the same name). */
function v2Name(name: string | undefined): string | undefined {
  const field = name === undefined ? undefined : (VICTIM_ASSET.fields as readonly FieldSpec[]).find((f) => f.name === name);
  return field ? (typeof field.v2 === 'string' ? field.v2 : field.name) : undefined;
}

/** Built from the schema (src/model/schema/victim-asset.ts): its sub-types and the v2 names of their value fields. */
export const VICTIM_ASSET_TYPES: readonly VictimAssetType[] = VICTIM_ASSET.subTypes.map((t) => {
  const [value, detail] = VICTIM_ASSET_TYPE_FIELDS[t.name] as readonly string[];
  return { branch: t.v2Branch, type: t.name, entity: t.v2Entity, valueField: v2Name(value) as string, ...(detail ? { detailField: v2Name(detail) } : {}) };
});

export function victimAssetType(key: string): VictimAssetType | undefined {
  const k = key.toLowerCase();
  return VICTIM_ASSET_TYPES.find((t) => t.branch.toLowerCase() === k || t.type.toLowerCase() === k || t.entity.toLowerCase() === k);
}

export interface VictimAttributeEntry {
  id: number;
  victimId: number;
  ownerId: number;
}

const ATTRIBUTE_ENTRY = `SELECT a.id, a.item_id AS victimId, v.owner_id AS ownerId FROM ti_attributes a JOIN ti_victims v ON v.id = a.item_id
  WHERE a.item_kind = 'victim'`;

/** Victims and their assets. */
export class VictimRepo {
  constructor(
    private readonly core: StoreCore,
    private readonly meta: MetadataRepo,
    private readonly links: AssociationRepo,
  ) {}

  get(id: number): VictimRecord | undefined {
    return this.core.prep(`SELECT ${VICTIM_COLUMNS} FROM ti_victims WHERE id = ?`).get(id) as VictimRecord | undefined;
  }

  private checked(input: VictimInput, creating: boolean): Record<string, unknown> {
    const cols: Record<string, unknown> = {};
    if (creating || input.name !== undefined) {
      if (typeof input.name !== 'string' || !input.name.trim() || input.name.length > 500) throw badLength('name', 'Victim', 1, 500, input.name);
      cols.name = input.name;
    }
    for (const [field, col] of TEXT_FIELDS) {
      const v = textField(field, input[field], field === 'description' ? 65_500 : 500);
      if (v !== undefined) cols[col] = v;
    }
    return cols;
  }

  create(ownerId: number, input: VictimInput): VictimRecord {
    const cols = this.checked(input, true);
    const dateAdded = dateField('dateAdded', input.dateAdded) ?? this.core.nowIso();
    cols.last_modified = dateField('lastModified', input.lastModified) ?? dateAdded;
    const keys = Object.keys(cols);
    const res = this.core
      .prep(`INSERT INTO ti_victims (owner_id, date_added${keys.map((k) => `, ${k}`).join('')}) VALUES (?, ?${keys.map(() => ', ?').join('')})`)
      .run(ownerId, dateAdded, ...keys.map((k) => cols[k]));
    this.core.markFresh('victim', Number(res.lastInsertRowid));
    return this.get(Number(res.lastInsertRowid)) as VictimRecord;
  }

  update(id: number, patch: VictimInput): VictimRecord | undefined {
    if (!this.get(id)) return undefined;
    const cols = this.checked(patch, false);
    cols.last_modified = dateField('lastModified', patch.lastModified) ?? this.core.nowIso();
    const keys = Object.keys(cols);
    this.core.prep(`UPDATE ti_victims SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`).run(...keys.map((k) => cols[k]), id);
    return this.get(id);
  }

  delete(id: number): boolean {
    return this.core.atomic(() => {
      if (!this.get(id)) return false;
      for (const a of this.assets(id)) this.links.purge({ kind: 'victimAsset', id: a.id });
      this.meta.purge({ kind: 'victim', id });
      this.links.purge({ kind: 'victim', id });
      this.core.prep('DELETE FROM ti_victims WHERE id = ?').run(id);
      return true;
    });
  }

  list(q: ListQuery): ListResult<VictimRecord> {
    const { rows, total } = listRows<VictimRecord>(this.core, this.links, { kind: 'victim', table: 'ti_victims', columns: VICTIM_COLUMNS, fields: VICTIM_FIELDS }, q, [], []);
    return { items: rows, total };
  }

  // ---- assets ----

  assets(victimId: number, type?: string): VictimAssetRecord[] {
    const sql = `SELECT id, victim_id AS victimId, type, value, detail FROM ti_victim_assets WHERE victim_id = ?${type ? ' AND type = ?' : ''} ORDER BY id`;
    return this.core.prep(sql).all(...(type ? [victimId, type] : [victimId])) as VictimAssetRecord[];
  }

  getAsset(id: number): VictimAssetRecord | undefined {
    return this.core.prep('SELECT id, victim_id AS victimId, type, value, detail FROM ti_victim_assets WHERE id = ?').get(id) as VictimAssetRecord | undefined;
  }

  /** Adds an asset from its body fields (`{"address":..., "addressType":...}`), the main field required. */
  addAsset(victimId: number, typeKey: string, body: Record<string, unknown>): VictimAssetRecord {
    const t = victimAssetType(typeKey);
    if (!t) throw new TiInputError('assetType', `assetType: unknown victim asset type ${describe(typeKey)}`);
    const value = textField(t.valueField, body?.[t.valueField], 500);
    if (!value) throw new TiInputError(t.valueField, `${t.valueField}: required for a ${t.type} asset (got ${describe(body?.[t.valueField])})`);
    const detail = t.detailField ? (textField(t.detailField, body?.[t.detailField], 500) ?? null) : null;
    const res = this.core.prep('INSERT INTO ti_victim_assets (victim_id, type, value, detail) VALUES (?, ?, ?, ?)').run(victimId, t.type, value, detail);
    return { id: Number(res.lastInsertRowid), victimId, type: t.type, value, detail };
  }

  updateAsset(id: number, body: Record<string, unknown>): VictimAssetRecord | undefined {
    const current = this.getAsset(id);
    if (!current) return undefined;
    const t = victimAssetType(current.type) as VictimAssetType;
    const fields = t.detailField ? [t.valueField, t.detailField] : [t.valueField];
    if (!body || !fields.some((f) => body[f] !== undefined)) {
      throw new TiInputError(t.valueField, `${fields.join(' or ')}: an update of a ${t.type} asset must give at least one (got ${describe(body)})`);
    }
    const value = textField(t.valueField, body?.[t.valueField], 500);
    if (value === null || value === '') throw new TiInputError(t.valueField, `${t.valueField}: cannot be empty`);
    const detail = t.detailField ? textField(t.detailField, body?.[t.detailField], 500) : undefined;
    this.core
      .prep('UPDATE ti_victim_assets SET value = ?, detail = ? WHERE id = ?')
      .run(value ?? current.value, detail === undefined ? current.detail : detail, id);
    return this.getAsset(id);
  }

  /** Every asset of the victims of these owners, with the victim's owner (v3 `/victimAssets`). */
  assetsOfOwners(ownerIds: number[]): Array<VictimAssetRecord & { ownerId: number }> {
    if (ownerIds.length === 0) return [];
    const sql = `SELECT a.id, a.victim_id AS victimId, a.type, a.value, a.detail, v.owner_id AS ownerId
      FROM ti_victim_assets a JOIN ti_victims v ON v.id = a.victim_id WHERE v.owner_id IN (${ownerIds.map(() => '?').join(', ')}) ORDER BY a.id`;
    return this.core.prep(sql).all(...ownerIds) as Array<VictimAssetRecord & { ownerId: number }>;
  }

  /** Ids of the attributes of the victims of these owners, with victim and owner (v3 `/victimAttributes`). */
  attributeIndex(ownerIds: number[]): VictimAttributeEntry[] {
    if (ownerIds.length === 0) return [];
    const sql = `${ATTRIBUTE_ENTRY} AND v.owner_id IN (${ownerIds.map(() => '?').join(', ')}) ORDER BY a.id`;
    return this.core.prep(sql).all(...ownerIds) as VictimAttributeEntry[];
  }

  /** The victim and owner of a victim attribute; undefined when the id is no victim's attribute. */
  attributeEntry(attributeId: number): VictimAttributeEntry | undefined {
    return this.core.prep(`${ATTRIBUTE_ENTRY} AND a.id = ?`).get(attributeId) as VictimAttributeEntry | undefined;
  }

  deleteAsset(id: number): boolean {
    return this.core.atomic(() => {
      this.links.purge({ kind: 'victimAsset', id });
      return this.core.prep('DELETE FROM ti_victim_assets WHERE id = ?').run(id).changes > 0;
    });
  }
}
