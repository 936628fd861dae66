import type { Owner } from '../../auth/users.js';
import type { PlatformRequest } from '../../http/request.js';
import { attackTagById, attackTags, type TagRecord, type TiStore } from '../../store/index.js';
import { tagSchema } from '../../../model/schema/tag.js';
import type { V3ListSource, V3Row } from './listing.js';
import { itemRefs } from './meta-items.js';
import { canSee } from './metadata.js';
import { v3Failure, v3NotFound } from './respond.js';
import type { V3ItemSpec } from './routes.js';
import { optInFields, shapeItem, writableBody } from './schema-shape.js';
import type { TqlFields } from './tql.js';

/**
 * `/v3/tags`: the tags of the caller's owners, plus the MITRE ATT&CK technique tags the platform ships (shared, with
 * `techniqueId` and `tactics`, read-only). Only the v3 listing shows ATT&CK tags; `/v2/tags` keeps to owner tags.
 */

/** A tag as v3 lists it: an owner's tag, or an ATT&CK technique tag (ownerId 0). */
export interface V3TagRecord {
  id: number;
  ownerId: number;
  name: string;
  description: string | null;
  dateAdded?: string;
  techniqueId?: string;
  tactics?: string[];
  /** items carrying the tag, filled for TQL (`associatedGroup` ...) and `fields=` */
  items?: { group: number[]; indicator: number[]; victim: number[] };
}

type Row = V3Row<V3TagRecord>;

type TaggedItems = NonNullable<V3TagRecord['items']>;

/** The tag keywords; `items` reads which items carry a tag (loaded only when a query asks). */
const keywords = (items: (r: Row) => TaggedItems): TqlFields<Row> => ({
  id: { kind: 'number', get: (r) => r.rec.id },
  name: { kind: 'string', get: (r) => r.rec.name },
  summary: { kind: 'string', get: (r) => r.rec.name },
  description: { kind: 'string', get: (r) => r.rec.description },
  owner: { kind: 'number', get: (r) => (r.rec.ownerId || undefined) },
  ownerName: { kind: 'string', get: (r) => (r.rec.ownerId ? r.owner?.name : undefined) },
  techniqueId: { kind: 'string', get: (r) => r.rec.techniqueId },
  lastUsed: { kind: 'date', get: (r) => r.rec.dateAdded },
  associatedGroup: { kind: 'number', get: (r) => items(r).group },
  associatedIndicator: { kind: 'number', get: (r) => items(r).indicator },
  associatedVictim: { kind: 'number', get: (r) => items(r).victim },
});

const NO_ITEMS: TaggedItems = { group: [], indicator: [], victim: [] };

const fromStore = (t: TagRecord): V3TagRecord => ({ id: t.id, ownerId: t.ownerId, name: t.name, description: t.description, dateAdded: t.dateAdded });

/** Loads which items carry each owner tag (ATT&CK tags are not applied to items on this platform). */
function withItems(store: TiStore, tags: V3TagRecord[]): void {
  const ids = tags.filter((t) => t.ownerId).map((t) => t.id);
  const group = store.meta.tagRepo.taggedItems('group', ids);
  const indicator = store.meta.tagRepo.taggedItems('indicator', ids);
  const victim = store.meta.tagRepo.taggedItems('victim', ids);
  for (const t of tags) t.items = { group: group.get(t.id) ?? [], indicator: indicator.get(t.id) ?? [], victim: victim.get(t.id) ?? [] };
}

function collection(store: TiStore): V3ListSource<V3TagRecord> {
  let listed: V3TagRecord[] = [];
  // the first query reading a tag's items loads them for every listed tag at once (a nested hasTag(name = ...)
  // reads none, and must not load every tagged item)
  const items = (r: Row): TaggedItems => {
    if (!r.rec.items) withItems(store, [r.rec, ...listed.filter((t) => !t.items && t !== r.rec)]);
    return r.rec.items ?? NO_ITEMS;
  };
  return {
    keywords: keywords(items),
    // the listing is owner tags plus a fixed catalogue: filtered in memory
    pushable: {},
    list: (page) => {
      const tags = [
        ...store.meta.tagRepo.tagsOfOwners(page.ownerIds).map(fromStore),
        ...attackTags().map((a) => ({ id: a.id, ownerId: 0, name: a.name, description: null, techniqueId: a.techniqueId, tactics: a.tactics })),
      ];
      listed = tags;
      const end = page.limit < 0 ? undefined : page.start + page.limit;
      return { items: tags.slice(page.start, end), total: page.withTotal ? tags.length : undefined };
    },
    tags: () => new Map(),
    render: (r, rows, fields) => renderTags(r, store, rows, fields),
  };
}

function renderTags(req: PlatformRequest, store: TiStore, rows: Row[], fields: string[]): Array<Record<string, unknown>> {
  const recs = rows.map((r) => r.rec);
  if (fields.some((f) => f === 'groups' || f === 'indicators' || f === 'victims')) withItems(store, recs.filter((t) => !t.items));
  return recs.map((t) =>
    shapeItem(
      tagSchema,
      {
        id: t.id,
        name: t.name,
        description: t.description,
        // the platform does not record each use: a tag's last use is taken as its creation (a guess)
        lastUsed: t.dateAdded,
        techniqueId: t.techniqueId,
        tactics: t.tactics ? { data: t.tactics } : undefined,
        groups: { data: itemRefs(req, store, 'group', t.items?.group ?? []) },
        indicators: { data: itemRefs(req, store, 'indicator', t.items?.indicator ?? []) },
        victims: { data: itemRefs(req, store, 'victim', t.items?.victim ?? []) },
      },
      fields,
    ),
  );
}

function findTag(req: PlatformRequest, store: TiStore, key: string): { rec: V3TagRecord; owner: Owner } {
  const id = /^\d+$/.test(key) ? Number(key) : NaN;
  const attack = attackTagById(id);
  if (attack) {
    const rec = { id: attack.id, ownerId: 0, name: attack.name, description: null, techniqueId: attack.techniqueId, tactics: attack.tactics };
    return { rec, owner: undefined as unknown as Owner };
  }
  const tag = Number.isFinite(id) ? store.meta.tagRepo.tagById(id) : undefined;
  if (!tag || !canSee(req, tag.ownerId)) throw v3NotFound();
  return { rec: fromStore(tag), owner: req.ctx.directory.ownerById(tag.ownerId) as Owner };
}

export const TAG_ITEMS: V3ItemSpec<V3TagRecord> = {
  base: '/v3/tags',
  entity: 'Tag',
  fields: optInFields(tagSchema),
  keywords: keywords(() => NO_ITEMS),
  schema: tagSchema,
  collection: (store) => collection(store),
  find: findTag,
  authorize: (req, rec, operation) => {
    if (rec.techniqueId) throw v3Failure(400, `ATT&CK technique tags are read-only (${rec.techniqueId} ${JSON.stringify(rec.name)})`);
    req.owner(req.ctx.directory.ownerById(rec.ownerId)?.name, { write: true, entity: 'Tag', operation });
  },
  get: (store, id) => {
    const tag = store.meta.tagRepo.tagById(id);
    return tag ? fromStore(tag) : undefined;
  },
  create: (req, store, owner, raw) => {
    const body = writableBody(tagSchema, raw, 'create');
    // `owner` names the owner to create in; the default is the caller's organization
    const target = typeof body.owner === 'string' ? req.owner(body.owner, { write: true, entity: 'Tag', operation: 'saved' }) : owner;
    const name = body.name as string;
    const existing = store.meta.getTag(target.id, name);
    const tag = store.meta.createTag(target.id, name, body.description as string | null | undefined);
    return { id: tag.id, created: !existing };
  },
  update: (_req, store, rec, raw) => {
    const body = writableBody(tagSchema, raw, 'update');
    const updated = store.meta.updateTag(rec.ownerId, rec.name, { name: body.name as string | undefined, description: body.description as string | null | undefined });
    // renaming onto another tag of the owner merges them (the v2 rule): the answer is the surviving tag
    if (updated && updated.id !== rec.id) rec.id = updated.id;
  },
  remove: (store, id) => {
    store.meta.deleteTag(id);
  },
};

