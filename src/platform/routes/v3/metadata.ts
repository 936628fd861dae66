import { linkWriter } from '../../auth/owners.js';
import type { PlatformRequest } from '../../http/request.js';
import type { AssociationRef, ItemKind, ItemRef, TiStore } from '../../store/index.js';
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

interface Nested {
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
  if (attributes) {
    if (attributes.mode === 'delete') {
      attributes.data.forEach((a, i) => {
        const id = a.id;
        if (typeof id !== 'number') throw v3Failure(400, `attributes.data[${i}].id: deleting needs the attribute id, got ${JSON.stringify(id)}`);
        store.meta.deleteAttribute(ref, id);
      });
    } else {
      const inputs = attributes.data.map((a) => ({
        type: a.type as string,
        value: a.value as string,
        source: (a.source as string | undefined) ?? null,
        displayed: (a.default as boolean | undefined) ?? false,
        pinned: (a.pinned as boolean | undefined) ?? false,
      }));
      store.meta.applyMetadata(ref, ownerId, { attributes: inputs, attributeWriteType: attributes.mode === 'replace' ? 'Replace' : 'Append' });
    }
  }
}

/**
 * Applies a nested association list (`associatedGroups`, `associatedIndicators`) given resolved targets. v3 links
 * groups and indicators across owners, under the store's rule: the caller must be able to write to both ends.
 */
export function writeAssociations(
  req: PlatformRequest,
  store: TiStore,
  ref: AssociationRef,
  wrapper: Nested,
  targets: AssociationRef[],
  kind: ItemKind,
): void {
  const writer = linkWriter(req.ctx, req.user, true);
  if (wrapper.mode === 'replace') {
    for (const id of store.associations.linked(ref, kind)) store.associations.dissociate(ref, { kind, id }, '', writer);
  }
  for (const target of targets) {
    if (wrapper.mode === 'delete') store.associations.dissociate(ref, target, '', writer);
    else store.associations.associate(ref, target, '', writer);
  }
}

/** Whether the user may see items of this owner. */
export function canSee(req: PlatformRequest, ownerId: number): boolean {
  return req.ctx.directory.membership(req.user!.id, ownerId) !== undefined;
}

function textOf(value: unknown, field: string): string {
  if (typeof value !== 'string' || !value.trim()) throw v3Failure(400, `${field}: expected a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}
