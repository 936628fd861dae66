import type { Owner } from '../../auth/users.js';
import { groupSchema, optInValues } from '../../../model/schema/index.js';
import type { PlatformRequest } from '../../http/request.js';
import type { GroupRecord, TiStore } from '../../store/index.js';
import { groupPatch, groupReport, groupV3Item } from '../../resources/group.js';
import type { PlatformContext } from '../../context.js';
import type { Router } from '../../http/router.js';
import { tiStore } from '../../store/index.js';
import { names } from './indicators.js';
import type { V3ListSource, V3Row } from './listing.js';
import { addAssociationFields, addMetadataFields, canSee, writeMetadata } from './metadata.js';
import { writeAssociations } from './associations.js';
import { v3, v3Failure, v3Message, v3NotFound } from './respond.js';
import type { V3ItemSpec } from './routes.js';
import { refuseUnknownFields } from './schema-shape.js';
import type { TqlFields } from './tql.js';


type Row = V3Row<GroupRecord>;

export const GROUP_KEYWORDS: TqlFields<Row> = {
  id: { kind: 'number', get: (r) => r.rec.id },
  typeName: { kind: 'string', get: (r) => r.rec.type },
  summary: { kind: 'string', get: (r) => r.rec.name },
  tag: { kind: 'string', get: (r) => r.tags ?? [] },
  owner: { kind: 'number', get: (r) => r.owner.id },
  ownerName: { kind: 'string', get: (r) => r.owner.name },
  dateAdded: { kind: 'date', get: (r) => r.rec.dateAdded },
  lastModified: { kind: 'date', get: (r) => r.rec.lastModified },
};

const DATE_OPS = ['<', '>', '<=', '>='] as const;

function collection(store: TiStore): V3ListSource<GroupRecord> {
  return {
    keywords: GROUP_KEYWORDS,
    pushable: {
      id: { field: 'id', ops: ['=', '!=', '<', '>', '<=', '>='] },
      summary: { field: 'name', ops: ['=', '!=', 'startswith'] },
      typeName: { field: 'type', ops: ['='] },
      dateAdded: { field: 'dateAdded', ops: DATE_OPS },
      lastModified: { field: 'lastModified', ops: DATE_OPS },
    },
    list: (p) => store.groups.list(p),
    tags: (ids) => names(store.meta.tagsFor('group', ids)),
    render: (req, rows, fields) => renderGroups(req, store, rows, fields),
  };
}

type Json = Record<string, unknown>;

/** What each `fields=` value adds to a group. */
const OPT_IN: Record<string, (req: PlatformRequest, store: TiStore, ids: number[], items: Json[]) => void> = {
  tags: (_req, store, ids, items) => addMetadataFields(store, 'group', ids, items, ['tags']),
  attributes: (_req, store, ids, items) => addMetadataFields(store, 'group', ids, items, ['attributes']),
  securityLabels: (_req, store, ids, items) => addMetadataFields(store, 'group', ids, items, ['securityLabels']),
  associatedGroups: (req, store, ids, items) => addAssociationFields(req, store, 'group', ids, items, ['associatedGroups']),
  associatedIndicators: (req, store, ids, items) => addAssociationFields(req, store, 'group', ids, items, ['associatedIndicators']),
  associatedVictimAssets: (req, store, ids, items) => addAssociationFields(req, store, 'group', ids, items, ['associatedVictimAssets']),
};

/** The `fields=` values v3 groups accept: the schema's. */
export const V3_GROUP_FIELDS: readonly string[] = optInValues(groupSchema);

function renderGroups(req: PlatformRequest, store: TiStore, rows: Row[], fields: string[]): Json[] {
  const items = rows.map(({ rec, owner }) => groupV3Item(req.ctx, rec, owner));
  const ids = rows.map((r) => r.rec.id);
  for (const f of fields) OPT_IN[f]?.(req, store, ids, items);
  return items;
}

/** A group by id (any visible owner) or by xid (in `owner=`, else the organization). */
function findGroup(req: PlatformRequest, store: TiStore, key: string): { rec: GroupRecord; owner: Owner } {
  let rec: GroupRecord | undefined;
  if (/^\d+$/.test(key)) rec = store.groups.get(Number(key));
  else if (!req.query.get('owner')) throw v3Failure(400, `owner: addressing a group by xid (${JSON.stringify(key)}) needs the owner= parameter`);
  else rec = store.groups.findByXid(req.owner().id, key);
  if (!rec || rec.type === 'Task' || !canSee(req, rec.ownerId)) throw v3NotFound();
  return { rec, owner: req.ctx.directory.ownerById(rec.ownerId) as Owner };
}

/** The v3 group collection (tasks excluded): found by id, or by xid in the owner. */
export const GROUP_ITEMS: V3ItemSpec<GroupRecord> = {
  base: '/v3/groups',
  entity: 'Group',
  fields: V3_GROUP_FIELDS,
  keywords: GROUP_KEYWORDS,
  schema: groupSchema,
  collection,
  find: findGroup,
  get: (store, id) => store.groups.get(id),
  create(req, store, owner, body) {
    refuseUnknownFields(groupSchema, body);
    if (typeof body.type !== 'string' || /^tasks?$/i.test(body.type.trim())) {
      throw v3Failure(400, `type: a group type such as Adversary or Incident is required, got ${JSON.stringify(body.type)}`);
    }
    const created = store.groups.create(owner.id, { ...groupPatch(body), type: body.type, createdBy: req.user!.id }, { requireFields: true });
    const ref = { kind: 'group' as const, id: created.id };
    writeMetadata(store, ref, owner.id, body);
    writeAssociations(req, store, ref, owner.id, body);
    return { id: created.id, created: true };
  },
  update(req, store, rec, body) {
    refuseUnknownFields(groupSchema, body);
    const patch = groupPatch(body);
    if (Object.keys(patch).length) store.groups.update(rec.id, patch);
    const ref = { kind: 'group' as const, id: rec.id };
    writeMetadata(store, ref, rec.ownerId, body);
    writeAssociations(req, store, ref, rec.ownerId, body);
  },
  remove: (store, id) => void store.groups.delete(id),
};

const FILE_GROUPS = new Set(['Document', 'Report']);

/** The group of a file route, refused unless it carries files (Document, Report). */
function fileGroup(req: PlatformRequest, store: TiStore): { rec: GroupRecord; owner: Owner } {
  const found = findGroup(req, store, req.params.key);
  if (!FILE_GROUPS.has(found.rec.type)) throw v3Failure(400, `type: only a Document or a Report carries a file, group ${found.rec.id} is a ${found.rec.type}`);
  return found;
}

/**
 * The group file routes: `GET /v3/groups/{id}/pdf` (a PDF describing any group), `POST /v3/groups/{id}/upload`
 * (the raw body becomes the Document's or Report's file; a second upload replaces the first) and
 * `GET /v3/groups/{id}/download`.
 */
export function registerGroupFiles(router: Router, ctx: PlatformContext): void {
  router.get(
    '/v3/groups/:key/pdf',
    v3(async (req) => {
      const { rec } = findGroup(req, tiStore(ctx), req.params.key);
      return { status: 200, raw: await groupReport(ctx, tiStore(ctx), rec), headers: { 'Content-Type': 'application/pdf' } };
    }),
  );
  router.post(
    '/v3/groups/:key/upload',
    v3(async (req) => {
      const store = tiStore(ctx);
      const { rec, owner } = fileGroup(req, store);
      req.owner(owner.name, { write: true, entity: 'Group', operation: 'uploaded' });
      store.groups.putFile(rec.id, await req.body());
      return v3Message('Upload successful');
    }),
  );
  router.get(
    '/v3/groups/:key/download',
    v3((req) => {
      const store = tiStore(ctx);
      const { rec } = fileGroup(req, store);
      const bytes = store.groups.file(rec.id);
      if (!bytes) throw v3Failure(404, `The ${rec.type} ${rec.id} has no file yet (upload one first)`);
      const name = String(rec.fields.fileName ?? `${rec.id}.bin`).replace(/"/g, '');
      return { status: 200, raw: bytes, headers: { 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename="${name}"` } };
    }),
  );
}
