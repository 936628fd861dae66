import type { PlatformRequest } from '../../http/request.js';
import type { ItemKind, TiStore } from '../../store/index.js';
import { canSee } from './metadata.js';

/**
 * Short references to indicators, groups and victims, as the metadata families nest them (`fields=groups` on a
 * tag, `fields=indicator` on an attribute): `{id, type, summary|name, ownerName}`; items the caller cannot see are
 * left out.
 */
export function itemRefs(req: PlatformRequest, store: TiStore, kind: ItemKind, ids: readonly number[]): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const id of ids) {
    const ref = itemRef(req, store, kind, id);
    if (ref) out.push(ref);
  }
  return out;
}

export function itemRef(req: PlatformRequest, store: TiStore, kind: ItemKind, id: number): Record<string, unknown> | undefined {
  const rec = kind === 'indicator' ? store.indicators.get(id) : kind === 'group' ? store.groups.get(id) : kind === 'victim' ? store.victims.get(id) : undefined;
  if (!rec || !canSee(req, rec.ownerId)) return undefined;
  const ownerName = req.ctx.directory.ownerById(rec.ownerId)?.name;
  const label = 'summary' in rec ? { summary: rec.summary } : { name: rec.name };
  return { id: rec.id, ...('type' in rec ? { type: rec.type } : {}), ...label, ...(ownerName ? { ownerName } : {}) };
}
