import type { Owner } from '../../auth/users.js';
import type { PlatformRequest } from '../../http/request.js';
import type { AssociationRef, GroupRecord, TiStore } from '../../store/index.js';
import { addAssociationFields, names } from './indicators.js';
import type { V3ListSource, V3Row } from './listing.js';
import { addMetadataFields, canSee, META_FIELDS, nested, writeAssociations, writeMetadata } from './metadata.js';
import { v3Failure, v3NotFound } from './respond.js';
import type { V3ItemSpec } from './routes.js';
import type { TqlFields } from './tql.js';

export const V3_GROUP_FIELDS = [...META_FIELDS, 'associatedGroups', 'associatedIndicators'] as const;

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
const NOT_FIELDS = new Set(['type', 'name', 'xid', 'ownerName', 'tags', 'attributes', 'securityLabels', 'associatedGroups', 'associatedIndicators']);

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

function renderGroups(req: PlatformRequest, store: TiStore, rows: Row[], fields: string[]): Array<Record<string, unknown>> {
  const origin = req.ctx.origin;
  const items = rows.map(({ rec, owner }) => {
    const kind = rec.type.replace(/\s+/g, '').toLowerCase();
    const creator = rec.createdBy ? req.ctx.directory.userById(rec.createdBy) : undefined;
    return {
      id: rec.id,
      ownerId: owner.id,
      ownerName: owner.name,
      dateAdded: rec.dateAdded,
      webLink: `${origin}/#/details/groups/${rec.id}/overview`,
      type: rec.type,
      name: rec.name,
      ...(rec.xid ? { xid: rec.xid } : {}),
      ...(creator ? { createdBy: { id: creator.id, userName: creator.userName, firstName: creator.firstName, lastName: creator.lastName, owner: owner.name } } : {}),
      upVoteCount: '0',
      downVoteCount: '0',
      lastModified: rec.lastModified,
      ...rec.fields,
      legacyLink: `${origin}/auth/${kind}/${kind}.xhtml?${kind}=${rec.id}`,
    } as Record<string, unknown>;
  });
  const ids = rows.map((r) => r.rec.id);
  addMetadataFields(store, 'group', ids, items, fields);
  addAssociationFields(req, store, 'group', ids, items, fields);
  return items;
}

/** A group by id (any visible owner) or by xid (in `owner=`, else the organization). */
function findGroup(req: PlatformRequest, store: TiStore, key: string): { rec: GroupRecord; owner: Owner } {
  const rec = /^\d+$/.test(key) ? store.groups.get(Number(key)) : store.groups.findByXid(req.owner().id, key);
  if (!rec || rec.type === 'Task' || !canSee(req, rec.ownerId)) throw v3NotFound();
  return { rec, owner: req.ctx.directory.ownerById(rec.ownerId) as Owner };
}

/** Type-specific fields of a body: everything that is not identity or nested metadata. */
function typeFields(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([k, v]) => !NOT_FIELDS.has(k) && v !== undefined));
}

/** Nested associations of a group body → refs (indicators by id, or by type and summary in the group's owner). */
function associationWrites(req: PlatformRequest, store: TiStore, ref: AssociationRef, ownerId: number, body: Record<string, unknown>): void {
  const groups = nested(body, 'associatedGroups');
  if (groups) {
    const targets = groups.data.map((g, i) => {
      const group = typeof g.id === 'number' ? store.groups.get(g.id) : undefined;
      if (!group || !canSee(req, group.ownerId)) throw v3Failure(400, `associatedGroups.data[${i}].id: no group ${JSON.stringify(g.id)}`);
      return { kind: 'group' as const, id: group.id };
    });
    writeAssociations(req, store, ref, groups, targets, 'group');
  }
  const indicators = nested(body, 'associatedIndicators');
  if (indicators) {
    const targets = indicators.data.map((x, i) => {
      if (typeof x.id === 'number') {
        const found = store.indicators.get(x.id);
        if (!found || !canSee(req, found.ownerId)) throw v3Failure(400, `associatedIndicators.data[${i}].id: no indicator ${x.id}`);
        return { kind: 'indicator' as const, id: found.id };
      }
      if (typeof x.type !== 'string' || typeof x.summary !== 'string') {
        throw v3Failure(400, `associatedIndicators.data[${i}]: give an id, or a type and a summary`);
      }
      // like v3, an indicator named by type and summary is created when it does not exist yet
      if (indicators.mode === 'delete') {
        const found = store.indicators.find(ownerId, x.type, x.summary);
        if (!found) throw v3Failure(400, `associatedIndicators.data[${i}]: no ${x.type} ${JSON.stringify(x.summary)}`);
        return { kind: 'indicator' as const, id: found.id };
      }
      return { kind: 'indicator' as const, id: store.indicators.upsert(ownerId, { type: x.type, summary: x.summary }).id };
    });
    writeAssociations(req, store, ref, indicators, targets, 'indicator');
  }
}

/** The v3 group collection (tasks excluded): found by id, or by xid in the owner. */
export const GROUP_ITEMS: V3ItemSpec<GroupRecord> = {
  base: '/v3/groups',
  entity: 'Group',
  fields: V3_GROUP_FIELDS,
  keywords: GROUP_KEYWORDS,
  collection,
  find: findGroup,
  get: (store, id) => store.groups.get(id),
  create(req, store, owner, body) {
    if (typeof body.type !== 'string' || /^tasks?$/i.test(body.type.trim())) {
      throw v3Failure(400, `type: a group type such as Adversary or Incident is required, got ${JSON.stringify(body.type)}`);
    }
    const input = { ...typeFields(body), type: body.type, name: body.name as string, xid: body.xid as string | undefined, createdBy: req.user!.id };
    const created = store.groups.create(owner.id, input, { requireFields: true });
    const ref = { kind: 'group' as const, id: created.id };
    writeMetadata(store, ref, owner.id, body);
    associationWrites(req, store, ref, owner.id, body);
    return { id: created.id, created: true };
  },
  update(req, store, rec, body) {
    const patch = { ...typeFields(body), ...(body.name !== undefined ? { name: body.name as string } : {}) };
    if (Object.keys(patch).length) store.groups.update(rec.id, patch);
    const ref = { kind: 'group' as const, id: rec.id };
    writeMetadata(store, ref, rec.ownerId, body);
    associationWrites(req, store, ref, rec.ownerId, body);
  },
  remove: (store, id) => void store.groups.delete(id),
};
