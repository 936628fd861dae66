import { linkWriter } from '../../auth/owners.js';
import type { PlatformRequest } from '../../http/request.js';
import { groupPatch } from '../../resources/group.js';
import { indicatorIdentity } from '../../resources/indicator.js';
import type { AssociationKind, AssociationRef, TiStore } from '../../store/index.js';
import { canSee, nested, type Nested } from './metadata.js';
import { v3Failure } from './respond.js';

/**
 * Nested associations of a v3 body (`associatedGroups`, `associatedIndicators`, `associatedVictimAssets`), each
 * `{"data":[...],"mode":"append|replace|delete"}`. A target is named by `id`; a group also by `xid` or by `name`
 * and `type`, an indicator by `type` and `summary` (or its value fields). Named targets that do not exist yet are
 * created in the item's owner (append and replace); deleting a missing one is a 400 naming it.
 */

type Json = Record<string, unknown>;

const ASSOCIATION_FIELDS: ReadonlyArray<{ field: string; kind: AssociationKind }> = [
  { field: 'associatedGroups', kind: 'group' },
  { field: 'associatedIndicators', kind: 'indicator' },
  { field: 'associatedVictimAssets', kind: 'victimAsset' },
];

/** Applies every nested association list of a body to `ref` (inside the caller's transaction). */
export function writeAssociations(req: PlatformRequest, store: TiStore, ref: AssociationRef, ownerId: number, body: Json): void {
  for (const { field, kind } of ASSOCIATION_FIELDS) {
    const wrapper = nested(body, field);
    if (!wrapper) continue;
    const creating = wrapper.mode !== 'delete';
    const targets = wrapper.data.map((entry, i) => {
      const where = `${field}.data[${i}]`;
      const id =
        kind === 'group'
          ? groupTarget(req, store, ownerId, entry, where, creating)
          : kind === 'indicator'
            ? indicatorTarget(req, store, ownerId, entry, where, creating)
            : victimAssetTarget(req, store, entry, where);
      return { kind, id };
    });
    apply(req, store, ref, wrapper, targets, kind);
  }
}

function apply(req: PlatformRequest, store: TiStore, ref: AssociationRef, wrapper: Nested, targets: AssociationRef[], kind: AssociationKind): void {
  // v3 links groups and indicators across owners, under the store's rule: the caller must write to both ends
  const writer = linkWriter(req.ctx, req.user, true);
  if (wrapper.mode === 'replace') {
    const keep = new Set(targets.map((t) => t.id));
    for (const id of store.associations.linked(ref, kind)) if (!keep.has(id)) store.associations.dissociate(ref, { kind, id }, '', writer);
  }
  for (const target of targets) {
    if (wrapper.mode === 'delete') store.associations.dissociate(ref, target, '', writer);
    else store.associations.associate(ref, target, '', writer);
  }
}

function groupTarget(req: PlatformRequest, store: TiStore, ownerId: number, entry: Json, where: string, creating: boolean): number {
  if (entry.id !== undefined) {
    const group = typeof entry.id === 'number' ? store.groups.get(entry.id) : undefined;
    if (!group || group.type === 'Task' || !canSee(req, group.ownerId)) throw v3Failure(400, `${where}.id: no group ${JSON.stringify(entry.id)}`);
    return group.id;
  }
  if (typeof entry.xid === 'string' && entry.xid) {
    const found = store.groups.findByXid(ownerId, entry.xid);
    if (found) return found.id;
    if (!creating) throw v3Failure(400, `${where}.xid: no group with xid ${JSON.stringify(entry.xid)}`);
  }
  if (typeof entry.name !== 'string' || typeof entry.type !== 'string') {
    throw v3Failure(400, `${where}: name a group by id, by xid, or by name and type, got ${JSON.stringify(entry)}`);
  }
  const found = store.groups.list({
    ownerId,
    type: entry.type,
    conditions: [{ field: 'name', op: '=', value: entry.name }],
    limit: 1,
  }).items[0];
  if (found) return found.id;
  if (!creating) throw v3Failure(400, `${where}: no ${entry.type} named ${JSON.stringify(entry.name)}`);
  if (/^tasks?$/i.test(entry.type.trim())) throw v3Failure(400, `${where}.type: a task is not a group here, got ${JSON.stringify(entry.type)}`);
  return store.groups.create(ownerId, { ...groupPatch(entry), type: entry.type, name: entry.name, createdBy: req.user!.id }, { requireFields: true }).id;
}

function indicatorTarget(req: PlatformRequest, store: TiStore, ownerId: number, entry: Json, where: string, creating: boolean): number {
  if (entry.id !== undefined) {
    const found = typeof entry.id === 'number' ? store.indicators.get(entry.id) : undefined;
    if (!found || !canSee(req, found.ownerId)) throw v3Failure(400, `${where}.id: no indicator ${JSON.stringify(entry.id)}`);
    return found.id;
  }
  if (typeof entry.type !== 'string') throw v3Failure(400, `${where}: name an indicator by id, or by type and value, got ${JSON.stringify(entry)}`);
  const info = store.indicators.typeInfo(entry.type);
  const identity = indicatorIdentity(info, entry);
  if (!identity) throw v3Failure(400, `${where}: a ${info.name} needs ${info.fields.join('/')} or summary`);
  const { summary, values } = store.indicators.identify(identity);
  // a File is found by any of its hashes, whatever else the stored one carries
  const existing = info.name === 'File' ? store.indicators.find(ownerId, 'File', values.find(Boolean) as string)?.id : store.indicators.findId(ownerId, info.name, summary);
  if (existing !== undefined) return existing;
  if (!creating) throw v3Failure(400, `${where}: no ${info.name} ${JSON.stringify(summary)}`);
  return store.indicators.upsert(ownerId, identity).id;
}

function victimAssetTarget(req: PlatformRequest, store: TiStore, entry: Json, where: string): number {
  const asset = typeof entry.id === 'number' ? store.victims.getAsset(entry.id) : undefined;
  const victim = asset ? store.victims.get(asset.victimId) : undefined;
  if (!asset || !victim || !canSee(req, victim.ownerId)) throw v3Failure(400, `${where}.id: no victim asset ${JSON.stringify(entry.id)}`);
  return asset.id;
}
