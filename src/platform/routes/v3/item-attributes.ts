import type { Owner } from '../../auth/users.js';
import type { PlatformRequest } from '../../http/request.js';
import type { ItemRef, OwnedAttribute, TiStore } from '../../store/index.js';
import type { ObjectSchema } from '../../../model/schema/types.js';
import { groupAttributeSchema } from '../../../model/schema/group-attribute.js';
import { indicatorAttributeSchema } from '../../../model/schema/indicator-attribute.js';
import type { V3ListSource, V3Row } from './listing.js';
import { itemRef } from './meta-items.js';
import { canSee, nested } from './metadata.js';
import { v3Failure, v3NotFound } from './respond.js';
import type { V3ItemSpec } from './routes.js';
import { optInFields, shapeItem, writableBody } from './schema-shape.js';
import type { TqlFields } from './tql.js';

/**
 * `/v3/indicatorAttributes` and `/v3/groupAttributes`: attributes addressed on their own. One definition serves
 * both; they differ in the item kind, the id field naming it (`indicatorId`, `groupId`) and their schema entry.
 * Reading needs sight of the item's owner, writing needs write access to it.
 */

type Row = V3Row<OwnedAttribute>;

interface Family {
  kind: 'indicator' | 'group';
  idField: 'indicatorId' | 'groupId';
  base: string;
  entity: string;
  schema: ObjectSchema;
}

function keywords(f: Family): TqlFields<Row> {
  return {
    id: { kind: 'number', get: (r) => r.rec.id },
    [f.idField]: { kind: 'number', get: (r) => r.rec.itemId },
    typeName: { kind: 'string', get: (r) => r.rec.type },
    type: { kind: 'number', get: (r) => r.rec.typeId },
    text: { kind: 'string', get: (r) => r.rec.value },
    source: { kind: 'string', get: (r) => r.rec.source },
    default: { kind: 'boolean', get: (r) => r.rec.displayed },
    displayed: { kind: 'boolean', get: (r) => r.rec.displayed },
    pinned: { kind: 'boolean', get: (r) => r.rec.pinned },
    dateAdded: { kind: 'date', get: (r) => r.rec.dateAdded },
    lastModified: { kind: 'date', get: (r) => r.rec.lastModified },
    ownerName: { kind: 'string', get: (r) => r.owner?.name },
  };
}

function collection(f: Family, store: TiStore): V3ListSource<OwnedAttribute> {
  return {
    keywords: keywords(f),
    pushable: {},
    list: (page) => {
      const all = store.meta.attributeRepo.ownedAttributes(f.kind, { ownerIds: page.ownerIds });
      return { items: all.slice(page.start, page.limit < 0 ? undefined : page.start + page.limit), total: page.withTotal ? all.length : undefined };
    },
    tags: () => new Map(),
    render: (req, rows, fields) => render(f, req, store, rows, fields),
  };
}

function render(f: Family, req: PlatformRequest, store: TiStore, rows: Row[], fields: string[]): Array<Record<string, unknown>> {
  const labels = fields.includes('securityLabels') ? store.meta.labelsFor('attribute', rows.map((r) => r.rec.id)) : undefined;
  return rows.map(({ rec }) =>
    shapeItem(
      f.schema,
      {
        id: rec.id,
        [f.idField]: rec.itemId,
        type: rec.type,
        value: rec.value,
        source: rec.source,
        default: rec.displayed,
        pinned: rec.pinned,
        dateAdded: rec.dateAdded,
        lastModified: rec.lastModified,
        securityLabels: labels && { data: (labels.get(rec.id) ?? []).map((l) => ({ ...l, owner: 'System' })) },
        [f.kind]: fields.includes(f.kind) ? itemRef(req, store, f.kind, rec.itemId) : undefined,
      },
      fields,
    ),
  );
}

/** Nested `securityLabels` of an attribute body, in the v3 modes (labels must exist). */
function writeLabels(store: TiStore, attributeId: number, body: Record<string, unknown>): void {
  const wrapper = nested(body, 'securityLabels');
  if (!wrapper) return;
  const target = { kind: 'attribute' as const, id: attributeId };
  const labels = wrapper.data.map((l, i) => {
    const label = typeof l.id === 'number' ? store.meta.labelById(l.id) : typeof l.name === 'string' ? store.meta.label(l.name) : undefined;
    if (!label) throw v3Failure(400, `securityLabels.data[${i}]: unknown security label ${JSON.stringify(l.name ?? l.id)}`);
    return label;
  });
  if (wrapper.mode === 'replace') for (const l of store.meta.itemLabels(target)) store.meta.removeLabel(target, l.id);
  for (const l of labels) {
    if (wrapper.mode === 'delete') store.meta.removeLabel(target, l.id);
    else store.meta.addLabel(target, l.id);
  }
}

function spec(f: Family): V3ItemSpec<OwnedAttribute> {
  const ownerOf = (req: PlatformRequest, ownerId: number) => req.ctx.directory.ownerById(ownerId) as Owner;
  return {
    base: f.base,
    entity: f.entity,
    fields: optInFields(f.schema),
    keywords: keywords(f),
    schema: f.schema,
    collection: (store) => collection(f, store),
    find: (req, store, key) => {
      const rec = /^\d+$/.test(key) ? store.meta.attributeRepo.ownedAttribute(f.kind, Number(key)) : undefined;
      if (!rec || !canSee(req, rec.ownerId)) throw v3NotFound();
      return { rec, owner: ownerOf(req, rec.ownerId) };
    },
    get: (store, id) => store.meta.attributeRepo.ownedAttribute(f.kind, id),
    create: (req, store, _owner, raw) => {
      const body = writableBody(f.schema, raw, 'create');
      const itemId = body[f.idField] as number;
      const parent = f.kind === 'indicator' ? store.indicators.get(itemId) : store.groups.get(itemId);
      if (!parent || !canSee(req, parent.ownerId)) throw v3Failure(400, `${f.idField}: no ${f.kind} with id ${itemId}`);
      // the attribute belongs to the item's owner, whatever owner the request named
      req.owner(ownerOf(req, parent.ownerId).name, { write: true, entity: f.entity, operation: 'saved' });
      const ref: ItemRef = { kind: f.kind, id: itemId };
      const added = store.meta.addAttribute(ref, {
        type: body.type as string,
        value: body.value as string,
        source: body.source as string | undefined,
        displayed: body.default as boolean | undefined,
        pinned: body.pinned as boolean | undefined,
      });
      writeLabels(store, added.id, body);
      return { id: added.id, created: true };
    },
    update: (_req, store, rec, raw) => {
      const body = writableBody(f.schema, raw, 'update');
      store.meta.updateAttribute({ kind: f.kind, id: rec.itemId }, rec.id, {
        value: body.value as string | undefined,
        source: body.source as string | undefined,
        displayed: body.default as boolean | undefined,
        pinned: body.pinned as boolean | undefined,
      });
      writeLabels(store, rec.id, body);
    },
    remove: (store, id) => {
      const rec = store.meta.attributeRepo.ownedAttribute(f.kind, id);
      if (rec) store.meta.deleteAttribute({ kind: f.kind, id: rec.itemId }, id);
    },
  };
}

export const INDICATOR_ATTRIBUTE_ITEMS = spec({
  kind: 'indicator',
  idField: 'indicatorId',
  base: '/v3/indicatorAttributes',
  entity: 'Indicator Attribute',
  schema: indicatorAttributeSchema,
});

export const GROUP_ATTRIBUTE_ITEMS = spec({ kind: 'group', idField: 'groupId', base: '/v3/groupAttributes', entity: 'Group Attribute', schema: groupAttributeSchema });
