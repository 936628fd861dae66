import { VICTIM } from '../../../model/schema/victim.js';
import { VICTIM_ASSET, VICTIM_ASSET_TYPE_FIELDS, type VictimAssetTypeName } from '../../../model/schema/victim-asset.js';
import { VICTIM_ATTRIBUTE } from '../../../model/schema/victim-attribute.js';
import type { FieldSpec } from '../../../model/schema/types.js';
import { linkWriter } from '../../auth/owners.js';
import type { Owner } from '../../auth/users.js';
import type { PlatformRequest } from '../../http/request.js';
import type { AssociationRef, AttributeRecord, ListResult, TiStore, VictimAssetRecord, VictimRecord } from '../../store/index.js';
import type { VictimAttributeEntry } from '../../store/victims.js';
import { victimAssetType } from '../../store/index.js';
import { names } from './indicators.js';
import type { ListPage, V3ListSource, V3Row } from './listing.js';
import { addMetadataFields, canSee, nested, writeMetadata } from './metadata.js';
import { v3Failure, v3NotFound } from './respond.js';
import type { V3ItemSpec } from './routes.js';
import { describedKeywords, optInFields, schemaKeywords, writableBody } from './schema-shape.js';

/**
 * `/v3/victims`, `/v3/victimAssets` and `/v3/victimAttributes` over the victim store: a victim with nested assets,
 * attributes, tags, security labels and associated groups; its assets and attributes also addressed on their own.
 * Every item is seen and written through the victim's owner, as the caller's memberships allow.
 */

type Item = Record<string, unknown>;
type AssetRow = VictimAssetRecord & { ownerId: number };
type AttributeRow = AttributeRecord & { ownerId: number; victimId: number };

const victimLink = (req: PlatformRequest, victimId: number) => `${req.ctx.origin}/auth/victim/victim.xhtml?victim=${victimId}`;

/** A page of an in-memory list, as the store pages its own. */
function pageOf<T>(all: T[], page: ListPage): ListResult<T> {
  const items = page.limit < 0 ? all.slice(page.start) : all.slice(page.start, page.start + page.limit);
  return { items, total: page.withTotal ? all.length : undefined };
}

/** The victim (visible to the caller) an asset or attribute body names, and its owner checked for writing. */
function writableVictim(req: PlatformRequest, store: TiStore, victimId: unknown, entity: string): VictimRecord {
  const victim = typeof victimId === 'number' ? store.victims.get(victimId) : undefined;
  if (!victim || !canSee(req, victim.ownerId)) throw v3Failure(400, `victimId: no victim ${JSON.stringify(victimId)}`);
  req.owner(req.ctx.directory.ownerById(victim.ownerId)!.name, { write: true, entity, operation: 'saved' });
  return victim;
}

// ------------------------------------------------------------------------------------------------ assets

function assetTypeName(raw: unknown): VictimAssetTypeName {
  const t = typeof raw === 'string' ? victimAssetType(raw) : undefined;
  if (!t) throw v3Failure(400, `type: must be one of ${Object.keys(VICTIM_ASSET_TYPE_FIELDS).join(', ')}, got ${JSON.stringify(raw)}`);
  return t.type as VictimAssetTypeName;
}

/** v3 asset fields → the store's value/detail body (its v2 field names), refusing fields of other asset types. */
function storeAssetBody(type: VictimAssetTypeName, body: Item, where: string): Item {
  const own = VICTIM_ASSET_TYPE_FIELDS[type] as readonly string[];
  const foreign = (VICTIM_ASSET.fields as readonly FieldSpec[]).filter((f) => f.appliesTo && !own.includes(f.name) && body[f.name] !== undefined && body[f.name] !== null);
  if (foreign.length) throw v3Failure(400, `${where}${foreign.map((f) => f.name).join(', ')}: not a field of a ${type} asset (its fields: ${own.join(', ')})`);
  const t = victimAssetType(type)!;
  const out: Item = {};
  if (body[own[0]] !== undefined) out[t.valueField] = body[own[0]];
  if (own[1] && t.detailField && body[own[1]] !== undefined) out[t.detailField] = body[own[1]];
  return out;
}

function renderAsset(req: PlatformRequest, a: VictimAssetRecord): Item {
  const [valueField, detailField] = VICTIM_ASSET_TYPE_FIELDS[a.type as VictimAssetTypeName] as readonly string[];
  return {
    id: a.id,
    type: a.type,
    victimId: a.victimId,
    webLink: victimLink(req, a.victimId),
    [valueField]: a.value,
    ...(detailField && a.detail !== null ? { [detailField]: a.detail } : {}),
  };
}

/** Nested `assets` of a victim write: append (an item with the id of one of its assets updates it), replace, delete. */
function writeAssets(req: PlatformRequest, store: TiStore, victimId: number, body: Item): void {
  const assets = nested(body, 'assets');
  if (!assets) return;
  const current = store.victims.assets(victimId);
  const ownId = (x: Item) => (typeof x.id === 'number' ? current.find((a) => a.id === x.id) : undefined);
  if (assets.mode === 'delete') {
    assets.data.forEach((x, i) => {
      const found =
        ownId(x) ??
        current.find((a) => {
          if (typeof x.type !== 'string' || victimAssetType(x.type)?.type !== a.type) return false;
          return x[(VICTIM_ASSET_TYPE_FIELDS[a.type as VictimAssetTypeName] as readonly string[])[0]] === a.value;
        });
      if (!found) throw v3Failure(400, `assets.data[${i}]: no such asset of victim ${victimId} (give its id, or its type and value)`);
      store.victims.deleteAsset(found.id);
    });
    return;
  }
  if (assets.mode === 'replace') {
    const kept = new Set(assets.data.map((x) => ownId(x)?.id).filter((id) => id !== undefined));
    for (const a of current) if (!kept.has(a.id)) store.victims.deleteAsset(a.id);
  }
  assets.data.forEach((x, i) => {
    const existing = ownId(x);
    if (existing) {
      const body = storeAssetBody(existing.type as VictimAssetTypeName, x, `assets.data[${i}].`);
      if (Object.keys(body).length) store.victims.updateAsset(existing.id, body);
      return;
    }
    const type = assetTypeName(x.type);
    store.victims.addAsset(victimId, type, storeAssetBody(type, x, `assets.data[${i}].`));
  });
}

// ------------------------------------------------------------------------------------------------ shared writes

/** Nested `associatedGroups` given by id (groups the caller can see), applied with the store's linking rule. */
function writeGroups(req: PlatformRequest, store: TiStore, ref: AssociationRef, body: Item): void {
  const groups = nested(body, 'associatedGroups');
  if (!groups) return;
  const targets = groups.data.map((g, i) => {
    const group = typeof g.id === 'number' ? store.groups.get(g.id) : undefined;
    if (!group || group.type === 'Task' || !canSee(req, group.ownerId)) throw v3Failure(400, `associatedGroups.data[${i}].id: no group ${JSON.stringify(g.id)}`);
    return { kind: 'group' as const, id: group.id };
  });
  // not the shared writeAssociations: that one links across owners (groups and indicators may); victims and their
  // assets link only within their owner (docs/platform.md, Permissions), so the store's rule runs with crossOwner off
  const writer = linkWriter(req.ctx, req.user, false);
  if (groups.mode === 'replace') {
    for (const id of store.associations.linked(ref, 'group')) store.associations.dissociate(ref, { kind: 'group', id }, '', writer);
  }
  for (const target of targets) {
    if (groups.mode === 'delete') store.associations.dissociate(ref, target, '', writer);
    else store.associations.associate(ref, target, '', writer);
  }
}

function groupRefs(req: PlatformRequest, store: TiStore, ref: AssociationRef): Item {
  const data = store.associations
    .linked(ref, 'group')
    .map((id) => store.groups.get(id))
    .filter((g) => g !== undefined && canSee(req, g.ownerId))
    .map((g) => ({ id: g!.id, type: g!.type, name: g!.name, ownerName: req.ctx.directory.ownerById(g!.ownerId)?.name }));
  return { data };
}

/**
 * Nested victim attributes: on append, an item carrying the id of one of the victim's attributes updates it (so a
 * GET's answer written back does not duplicate them); everything else goes to the shared metadata writer.
 */
function writeVictimMetadata(store: TiStore, victim: VictimRecord, body: Item): void {
  const ref = { kind: 'victim' as const, id: victim.id };
  const attributes = nested(body, 'attributes');
  let rest = body;
  if (attributes && attributes.mode === 'append') {
    const own = new Map(store.meta.attributes(ref).map((a) => [a.id, a]));
    const updates = attributes.data.filter((a) => typeof a.id === 'number' && own.has(a.id));
    for (const a of updates) {
      const patch = { value: a.value as string | undefined, source: a.source as string | undefined, displayed: a.default as boolean | undefined, pinned: a.pinned as boolean | undefined };
      const current = own.get(a.id as number)!;
      const same = (Object.keys(patch) as Array<keyof typeof patch>).every((k) => patch[k] === undefined || patch[k] === current[k]);
      // unchanged items keep their lastModified, so writing a GET back changes nothing
      if (!same) store.meta.updateAttribute(ref, a.id as number, patch);
    }
    rest = { ...body, attributes: { data: attributes.data.filter((a) => !updates.includes(a)), mode: 'append' } };
  }
  writeMetadata(store, ref, victim.ownerId, rest);
}

// ------------------------------------------------------------------------------------------------ victims

const VICTIM_COLUMNS = { name: 'name', org: 'org', suborg: 'suborg', workLocation: 'workLocation', nationality: 'nationality' } as const;

function victimInput(body: Item, creating: boolean): Record<string, unknown> {
  const w = writableBody(VICTIM, body, creating ? 'create' : 'update');
  return Object.fromEntries(Object.entries(VICTIM_COLUMNS).filter(([k]) => w[k] !== undefined).map(([k, col]) => [col, w[k]]));
}

function victimCollection(store: TiStore): V3ListSource<VictimRecord> {
  type Row = V3Row<VictimRecord>;
  let listed: VictimRecord[] = [];
  let ownerIds: number[] = [];
  // what a keyword reads beside the victim is loaded for every listed victim at once, on the first row that reads
  // it (a query per row made a filtered list, or a nested hasVictim(...), cost one query per victim)
  const perVictim = <T>(load: (ids: number[]) => Map<number, T>) => {
    let loaded: Map<number, T> | undefined;
    let loadedFor: VictimRecord[] | undefined;
    return (r: Row): T | undefined => {
      if (!loaded || loadedFor !== listed) {
        loaded = load([...new Set([r.rec.id, ...listed.map((v) => v.id)])]);
        loadedFor = listed;
      }
      return loaded.get(r.rec.id);
    };
  };
  const description = perVictim((ids) => store.meta.defaultsFor('victim', ids));
  const labels = perVictim((ids) => store.meta.labelsFor('victim', ids));
  const assetsOf = perVictim(() => {
    const byVictim = new Map<number, VictimAssetRecord[]>();
    for (const a of store.victims.assetsOfOwners(ownerIds)) byVictim.set(a.victimId, [...(byVictim.get(a.victimId) ?? []), a]);
    return byVictim;
  });
  const assets = (r: Row) => assetsOf(r) ?? [];
  return {
    keywords: schemaKeywords<Row>(VICTIM, {
      id: (r) => r.rec.id,
      name: (r) => r.rec.name,
      summary: (r) => r.rec.name,
      description: (r) => description(r)?.description,
      organization: (r) => r.rec.org,
      subOrg: (r) => r.rec.suborg,
      workLocation: (r) => r.rec.workLocation,
      nationality: (r) => r.rec.nationality,
      owner: (r) => r.owner.id,
      ownerName: (r) => r.owner.name,
      assetName: (r) => assets(r).map((a) => a.value),
      assetTypename: (r) => assets(r).map((a) => a.type),
      tag: (r) => r.tags ?? store.meta.itemTags({ kind: 'victim', id: r.rec.id }).map((t) => t.name),
      securityLabel: (r) => (labels(r) ?? []).map((l) => l.name),
      dateAdded: (r) => r.rec.dateAdded,
      lastModified: (r) => r.rec.lastModified,
    }),
    pushable: {
      id: { field: 'id', ops: ['=', '!=', '<', '>', '<=', '>='] },
      name: { field: 'name', ops: ['=', '!=', 'startswith'] },
      summary: { field: 'name', ops: ['=', '!=', 'startswith'] },
      dateAdded: { field: 'dateAdded', ops: ['<', '>', '<=', '>='] },
    },
    list: (p) => {
      const res = store.victims.list(p);
      listed = res.items;
      ownerIds = p.ownerIds;
      return res;
    },
    tags: (ids) => names(store.meta.tagsFor('victim', ids)),
    render: (req, rows, fields) => {
      const ids = rows.map((r) => r.rec.id);
      const defaults = store.meta.defaultsFor('victim', ids);
      const items = rows.map(({ rec, owner }) => {
        const item: Item = { id: rec.id, ownerId: owner.id, ownerName: owner.name, dateAdded: rec.dateAdded, lastModified: rec.lastModified, webLink: victimLink(req, rec.id), name: rec.name };
        const description = defaults.get(rec.id)?.description;
        if (description) item.description = description;
        for (const k of ['org', 'suborg', 'workLocation', 'nationality'] as const) if (rec[k] !== null) item[k] = rec[k];
        if (fields.includes('assets')) item.assets = { data: store.victims.assets(rec.id).map((a) => renderAsset(req, a)) };
        if (fields.includes('associatedGroups')) item.associatedGroups = groupRefs(req, store, { kind: 'victim', id: rec.id });
        return item;
      });
      addMetadataFields(store, 'victim', ids, items, fields);
      return items;
    },
  };
}

function findVictim(req: PlatformRequest, store: TiStore, key: string): { rec: VictimRecord; owner: Owner } {
  const rec = /^\d+$/.test(key) ? store.victims.get(Number(key)) : undefined;
  if (!rec || !canSee(req, rec.ownerId)) throw v3NotFound();
  return { rec, owner: req.ctx.directory.ownerById(rec.ownerId) as Owner };
}

function applyVictimNested(req: PlatformRequest, store: TiStore, victim: VictimRecord, body: Item): void {
  writeAssets(req, store, victim.id, body);
  writeVictimMetadata(store, victim, body);
  writeGroups(req, store, { kind: 'victim', id: victim.id }, body);
}

export const VICTIM_ITEMS: V3ItemSpec<VictimRecord> = {
  base: '/v3/victims',
  entity: 'Victim',
  schema: VICTIM,
  keywords: describedKeywords(VICTIM),
  fields: optInFields(VICTIM),
  collection: victimCollection,
  find: findVictim,
  get: (store, id) => store.victims.get(id),
  create(req, store, owner, body) {
    const victim = store.victims.create(owner.id, victimInput(body, true) as { name: string });
    applyVictimNested(req, store, victim, body);
    return { id: victim.id, created: true };
  },
  update(req, store, rec, body) {
    const patch = victimInput(body, false);
    if (Object.keys(patch).length) store.victims.update(rec.id, patch);
    applyVictimNested(req, store, rec, body);
  },
  remove: (store, id) => void store.victims.delete(id),
};

// ------------------------------------------------------------------------------------------------ victim assets

function assetCollection(store: TiStore): V3ListSource<AssetRow> {
  type Row = V3Row<AssetRow>;
  const victimName = (r: Row) => store.victims.get(r.rec.victimId)?.name;
  return {
    keywords: schemaKeywords<Row>(VICTIM_ASSET, {
      id: (r) => r.rec.id,
      victimId: (r) => r.rec.victimId,
      victimName,
      typeName: (r) => r.rec.type,
      asset: (r) => r.rec.value,
      summary: (r) => r.rec.value,
      owner: (r) => r.owner.id,
      ownerName: (r) => r.owner.name,
    }),
    pushable: {},
    list: (p) => pageOf(store.victims.assetsOfOwners(p.ownerIds), p),
    tags: () => new Map(),
    render: (req, rows, fields) =>
      rows.map(({ rec }) => ({
        ...renderAsset(req, rec),
        ...(fields.includes('associatedGroups') ? { associatedGroups: groupRefs(req, store, { kind: 'victimAsset', id: rec.id }) } : {}),
      })),
  };
}

function assetRow(store: TiStore, id: number): AssetRow | undefined {
  const a = store.victims.getAsset(id);
  const v = a ? store.victims.get(a.victimId) : undefined;
  return a && v ? { ...a, ownerId: v.ownerId } : undefined;
}

export const VICTIM_ASSET_ITEMS: V3ItemSpec<AssetRow> = {
  base: '/v3/victimAssets',
  entity: 'Victim Asset',
  schema: VICTIM_ASSET,
  keywords: describedKeywords(VICTIM_ASSET),
  fields: optInFields(VICTIM_ASSET),
  collection: assetCollection,
  find(req, store, key) {
    const rec = /^\d+$/.test(key) ? assetRow(store, Number(key)) : undefined;
    if (!rec || !canSee(req, rec.ownerId)) throw v3NotFound();
    return { rec, owner: req.ctx.directory.ownerById(rec.ownerId) as Owner };
  },
  get: assetRow,
  create(req, store, _owner, body) {
    const w = writableBody(VICTIM_ASSET, body, 'create');
    const victim = writableVictim(req, store, w.victimId, 'Victim Asset');
    const type = assetTypeName(w.type);
    const asset = store.victims.addAsset(victim.id, type, storeAssetBody(type, w, ''));
    writeGroups(req, store, { kind: 'victimAsset', id: asset.id }, body);
    return { id: asset.id, created: true };
  },
  update(req, store, rec, body) {
    const w = writableBody(VICTIM_ASSET, body, 'update');
    const patch = storeAssetBody(rec.type as VictimAssetTypeName, w, '');
    if (Object.keys(patch).length) store.victims.updateAsset(rec.id, patch);
    writeGroups(req, store, { kind: 'victimAsset', id: rec.id }, body);
  },
  remove: (store, id) => void store.victims.deleteAsset(id),
};

// ------------------------------------------------------------------------------------------------ victim attributes

function attributeRows(store: TiStore, index: VictimAttributeEntry[]): AttributeRow[] {
  const byVictim = store.meta.attributesFor('victim', [...new Set(index.map((x) => x.victimId))]);
  const records = new Map([...byVictim.values()].flat().map((a) => [a.id, a]));
  return index.filter((x) => records.has(x.id)).map((x) => ({ ...(records.get(x.id) as AttributeRecord), victimId: x.victimId, ownerId: x.ownerId }));
}

function attributeCollection(store: TiStore): V3ListSource<AttributeRow> {
  type Row = V3Row<AttributeRow>;
  return {
    keywords: schemaKeywords<Row>(VICTIM_ATTRIBUTE, {
      id: (r) => r.rec.id,
      victimId: (r) => r.rec.victimId,
      typeName: (r) => r.rec.type,
      text: (r) => r.rec.value,
      source: (r) => r.rec.source,
      default: (r) => r.rec.displayed,
      displayed: (r) => r.rec.displayed,
      pinned: (r) => r.rec.pinned,
      owner: (r) => r.owner.id,
      ownerName: (r) => r.owner.name,
      dateAdded: (r) => r.rec.dateAdded,
      lastModified: (r) => r.rec.lastModified,
    }),
    pushable: {},
    list: (p) => pageOf(attributeRows(store, store.victims.attributeIndex(p.ownerIds)), p),
    tags: () => new Map(),
    render: (_req, rows, fields) => {
      const labels = fields.includes('securityLabels') ? store.meta.labelsFor('attribute', rows.map((r) => r.rec.id)) : undefined;
      return rows.map(({ rec }) => ({
        id: rec.id,
        victimId: rec.victimId,
        type: rec.type,
        value: rec.value,
        ...(rec.source ? { source: rec.source } : {}),
        default: rec.displayed,
        pinned: rec.pinned,
        dateAdded: rec.dateAdded,
        lastModified: rec.lastModified,
        ...(labels ? { securityLabels: { data: (labels.get(rec.id) ?? []).map((l) => ({ id: l.id, name: l.name, owner: 'System', dateAdded: l.dateAdded })) } } : {}),
      }));
    },
  };
}

function attributeRow(store: TiStore, id: number): AttributeRow | undefined {
  const entry = store.victims.attributeEntry(id);
  return entry ? attributeRows(store, [entry])[0] : undefined;
}

const attributeInput = (w: Item) => ({
  type: w.type as string,
  value: w.value as string,
  source: w.source as string | undefined,
  displayed: w.default as boolean | undefined,
  pinned: w.pinned as boolean | undefined,
});

export const VICTIM_ATTRIBUTE_ITEMS: V3ItemSpec<AttributeRow> = {
  base: '/v3/victimAttributes',
  entity: 'Attribute',
  schema: VICTIM_ATTRIBUTE,
  keywords: describedKeywords(VICTIM_ATTRIBUTE),
  fields: optInFields(VICTIM_ATTRIBUTE),
  collection: attributeCollection,
  find(req, store, key) {
    const rec = /^\d+$/.test(key) ? attributeRow(store, Number(key)) : undefined;
    if (!rec || !canSee(req, rec.ownerId)) throw v3NotFound();
    return { rec, owner: req.ctx.directory.ownerById(rec.ownerId) as Owner };
  },
  get: attributeRow,
  create(req, store, _owner, body) {
    const w = writableBody(VICTIM_ATTRIBUTE, body, 'create');
    const victim = writableVictim(req, store, w.victimId, 'Attribute');
    return { id: store.meta.addAttribute({ kind: 'victim', id: victim.id }, attributeInput(w)).id, created: true };
  },
  update(_req, store, rec, body) {
    const w = writableBody(VICTIM_ATTRIBUTE, body, 'update');
    store.meta.updateAttribute({ kind: 'victim', id: rec.victimId }, rec.id, attributeInput(w));
  },
  remove(store, id) {
    const row = attributeRow(store, id);
    if (row) store.meta.deleteAttribute({ kind: 'victim', id: row.victimId }, id);
  },
};
