import type { Owner } from '../../auth/users.js';
import type { AttributeTypeRecord, TiStore } from '../../store/index.js';
import { attributeTypeSchema } from '../../../model/schema/attribute-type.js';
import type { V3ListSource, V3Row } from './listing.js';
import { v3Failure, v3NotFound } from './respond.js';
import type { V3ItemSpec } from './routes.js';
import { optInFields, shapeItem } from './schema-shape.js';
import type { TqlFields } from './tql.js';

/**
 * `/v3/attributeTypes`: the platform's attribute types, read-only over the API (administrators add types through
 * the platform's seed and admin interface). Writes answer 405 in the v3 shape (the real status is a guess).
 */

type TypeItem = AttributeTypeRecord & { ownerId: number };
type Row = V3Row<TypeItem>;

const KEYWORDS: TqlFields<Row> = {
  id: { kind: 'number', get: (r) => r.rec.id },
  name: { kind: 'string', get: (r) => r.rec.name },
  description: { kind: 'string', get: (r) => r.rec.description },
  maxsize: { kind: 'number', get: (r) => r.rec.maxSize },
  // every type here comes with the platform
  system: { kind: 'boolean', get: () => true },
};

const item = (t: AttributeTypeRecord): TypeItem => ({ ...t, ownerId: 0 });

function collection(store: TiStore): V3ListSource<TypeItem> {
  return {
    keywords: KEYWORDS,
    pushable: {},
    list: (page) => {
      const all = store.meta.attributeTypes().map(item);
      return { items: all.slice(page.start, page.limit < 0 ? undefined : page.start + page.limit), total: page.withTotal ? all.length : undefined };
    },
    tags: () => new Map(),
    render: (_req, rows, fields) => rows.map(({ rec }) => shapeItem(attributeTypeSchema, { ...rec }, fields)),
  };
}

const readOnly = (): never => {
  throw v3Failure(405, 'Attribute types are read-only: only GET is allowed on /v3/attributeTypes');
};

export const ATTRIBUTE_TYPE_ITEMS: V3ItemSpec<TypeItem> = {
  base: '/v3/attributeTypes',
  entity: 'Attribute Type',
  fields: optInFields(attributeTypeSchema),
  keywords: KEYWORDS,
  schema: attributeTypeSchema,
  collection,
  find: (_req, store, key) => {
    const type = /^\d+$/.test(key) ? store.meta.attributeTypeRepo.attributeTypeById(Number(key)) : undefined;
    if (!type) throw v3NotFound();
    return { rec: item(type), owner: undefined as unknown as Owner };
  },
  get: (store, id) => {
    const type = store.meta.attributeTypeRepo.attributeTypeById(id);
    return type ? item(type) : undefined;
  },
  authorize: readOnly,
  create: readOnly,
  update: readOnly,
  remove: readOnly,
};
