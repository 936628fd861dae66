import type { PlatformRequest } from '../../http/request.js';
import type { ItemKind, ItemRef, TiStore } from '../../store/index.js';
import { v3Failure } from './respond.js';

/**
 * Nested metadata in v3 items: reading (`fields=tags|attributes|securityLabels`, wrapped as `{data:[...]}`) and
 * writing (`{"data":[...],"mode":"append|replace|delete"}`) tags, attributes and security labels.
 */

export const META_FIELDS = ['tags', 'attributes', 'securityLabels'] as const;

type Item = Record<string, unknown>;

/** Adds the requested metadata fields to rendered items, loading each kind once for the whole page. */
export function addMetadataFields(store: TiStore, kind: ItemKind, ids: number[], items: Item[], fields: string[]): void {
  if (fields.includes('tags')) {
    const tags = store.meta.tagsFor(kind, ids);
    ids.forEach((id, i) => {
      items[i].tags = { data: (tags.get(id) ?? []).map((t) => ({ id: t.id, name: t.name, ...(t.description ? { description: t.description } : {}) })) };
    });
  }
  if (fields.includes('attributes')) {
    const attrs = store.meta.attributesFor(kind, ids);
    ids.forEach((id, i) => {
      items[i].attributes = {
        data: (attrs.get(id) ?? []).map((a) => ({
          id: a.id,
          type: a.type,
          value: a.value,
          ...(a.source ? { source: a.source } : {}),
          dateAdded: a.dateAdded,
          lastModified: a.lastModified,
          pinned: a.pinned,
          default: a.displayed,
        })),
      };
    });
  }
  if (fields.includes('securityLabels')) {
    const labels = store.meta.labelsFor(kind, ids);
    ids.forEach((id, i) => {
      items[i].securityLabels = {
        data: (labels.get(id) ?? []).map((l) => ({
          id: l.id,
          name: l.name,
          ...(l.description ? { description: l.description } : {}),
          ...(l.color ? { color: l.color } : {}),
          owner: 'System',
          dateAdded: l.dateAdded,
        })),
      };
    });
  }
}

/**
 * `associatedGroups` / `associatedIndicators` / `associatedVictimAssets` of rendered items (only what the caller
 * may see).
 */
export function addAssociationFields(req: PlatformRequest, store: TiStore, kind: ItemKind, ids: number[], items: Item[], fields: string[]): void {
  const ownerName = (id: number) => req.ctx.directory.ownerById(id)?.name;
  ids.forEach((id, i) => {
    if (fields.includes('associatedGroups')) {
      const data = store.associations
        .linked({ kind, id }, 'group')
        .map((gid) => store.groups.get(gid))
        .filter((g) => g !== undefined && canSee(req, g.ownerId))
        .map((g) => ({ id: g!.id, type: g!.type, name: g!.name, ownerId: g!.ownerId, ownerName: ownerName(g!.ownerId), dateAdded: g!.dateAdded, lastModified: g!.lastModified }));
      items[i].associatedGroups = { data };
    }
    if (fields.includes('associatedIndicators')) {
      const data = store.associations
        .linked({ kind, id }, 'indicator')
        .map((iid) => store.indicators.get(iid))
        .filter((x) => x !== undefined && canSee(req, x.ownerId))
        .map((x) => ({ id: x!.id, type: x!.type, summary: x!.summary, ownerId: x!.ownerId, ownerName: ownerName(x!.ownerId), dateAdded: x!.dateAdded, lastModified: x!.lastModified }));
      items[i].associatedIndicators = { data };
    }
    if (fields.includes('associatedVictimAssets')) {
      const data = store.associations
        .linked({ kind, id }, 'victimAsset')
        .map((aid) => store.victims.getAsset(aid))
        .filter((a) => a !== undefined)
        .map((a) => ({ id: a!.id, victimId: a!.victimId, type: a!.type, value: a!.value }));
      items[i].associatedVictimAssets = { data };
    }
  });
}

export interface Nested {
  data: Array<Record<string, unknown>>;
  mode: 'append' | 'replace' | 'delete';
}

/** A `{data, mode}` wrapper from a body; absent → undefined; malformed → 400 naming the field. */
export function nested(body: Record<string, unknown>, field: string): Nested | undefined {
  const raw = body[field];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw) || !Array.isArray((raw as { data?: unknown }).data)) {
    throw v3Failure(400, `${field}: expected {"data":[...],"mode":"append|replace|delete"}, got ${JSON.stringify(raw)}`);
  }
  const mode = ((raw as { mode?: unknown }).mode ?? 'append') as string;
  if (!['append', 'replace', 'delete'].includes(String(mode).toLowerCase())) {
    throw v3Failure(400, `${field}.mode: must be append, replace or delete, got ${JSON.stringify(mode)}`);
  }
  const data = (raw as { data: unknown[] }).data;
  data.forEach((d, i) => {
    if (!d || typeof d !== 'object') throw v3Failure(400, `${field}.data[${i}]: expected an object, got ${JSON.stringify(d)}`);
  });
  return { data: data as Nested['data'], mode: String(mode).toLowerCase() as Nested['mode'] };
}

/** Applies nested tags, attributes and security labels of a create or update body (caller's transaction). */
export function writeMetadata(store: TiStore, ref: ItemRef, ownerId: number, body: Record<string, unknown>): void {
  const tags = nested(body, 'tags');
  if (tags) {
    const names = tags.data.map((t, i) => textOf(t.name, `tags.data[${i}].name`));
    if (tags.mode === 'delete') {
      for (const name of names) {
        const id = store.meta.tagId(ownerId, name, false);
        if (id !== undefined) store.meta.removeTag(ref, id);
      }
    } else {
      store.meta.applyMetadata(ref, ownerId, { tags: names, tagWriteType: tags.mode === 'replace' ? 'Replace' : 'Append' });
    }
  }
  const labels = nested(body, 'securityLabels');
  if (labels) {
    const names = labels.data.map((l, i) => textOf(l.name, `securityLabels.data[${i}].name`));
    for (const name of names) if (!store.meta.label(name)) throw v3Failure(400, `securityLabels: unknown security label ${JSON.stringify(name)}`);
    if (labels.mode === 'delete') {
      for (const name of names) store.meta.removeLabel(ref, store.meta.label(name)!.id);
    } else {
      store.meta.applyMetadata(ref, ownerId, { securityLabels: names, securityLabelWriteType: labels.mode === 'replace' ? 'Replace' : 'Append' });
    }
  }
  const attributes = nested(body, 'attributes');
  if (attributes) writeAttributes(store, ref, ownerId, attributes);
}

/**
 * Nested attributes. An entry with the id of one of the item's attributes changes that attribute (a GET's list
 * written back changes nothing); one without an id is added; `replace` also removes the attributes not listed;
 * `delete` removes the listed ids.
 */
function writeAttributes(store: TiStore, ref: ItemRef, ownerId: number, attributes: Nested): void {
  const current = new Map(store.meta.attributes(ref).map((a) => [a.id, a]));
  if (attributes.mode === 'delete') {
    attributes.data.forEach((a, i) => {
      if (typeof a.id !== 'number') throw v3Failure(400, `attributes.data[${i}].id: deleting needs the attribute id, got ${JSON.stringify(a.id)}`);
      if (!current.has(a.id)) throw v3Failure(400, `attributes.data[${i}].id: the item has no attribute ${a.id}`);
      store.meta.deleteAttribute(ref, a.id);
    });
    return;
  }
  const listed = new Set<number>();
  const added: Array<{ type: string; value: string; source: string | null; displayed: boolean; pinned: boolean }> = [];
  attributes.data.forEach((a, i) => {
    if (a.id !== undefined) {
      const existing = typeof a.id === 'number' ? current.get(a.id) : undefined;
      if (!existing) throw v3Failure(400, `attributes.data[${i}].id: the item has no attribute ${JSON.stringify(a.id)}`);
      listed.add(existing.id);
      const patch: Record<string, unknown> = {};
      if (a.value !== undefined && a.value !== existing.value) patch.value = a.value;
      if (a.source !== undefined && a.source !== existing.source) patch.source = a.source;
      if (typeof a.default === 'boolean' && a.default !== existing.displayed) patch.displayed = a.default;
      if (typeof a.pinned === 'boolean' && a.pinned !== existing.pinned) patch.pinned = a.pinned;
      if (Object.keys(patch).length) store.meta.updateAttribute(ref, existing.id, patch);
      return;
    }
    added.push({
      type: textOf(a.type, `attributes.data[${i}].type`),
      value: a.value as string,
      source: (a.source as string | undefined) ?? null,
      displayed: (a.default as boolean | undefined) ?? false,
      pinned: (a.pinned as boolean | undefined) ?? false,
    });
  });
  if (attributes.mode === 'replace') for (const id of current.keys()) if (!listed.has(id)) store.meta.deleteAttribute(ref, id);
  if (added.length) store.meta.applyMetadata(ref, ownerId, { attributes: added, attributeWriteType: 'Append' });
}

/** Whether the user may see items of this owner. */
export function canSee(req: PlatformRequest, ownerId: number): boolean {
  return req.ctx.directory.membership(req.user!.id, ownerId) !== undefined;
}

function textOf(value: unknown, field: string): string {
  if (typeof value !== 'string' || !value.trim()) throw v3Failure(400, `${field}: expected a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}
