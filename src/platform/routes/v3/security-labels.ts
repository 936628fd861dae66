import type { Owner } from '../../auth/users.js';
import type { PlatformRequest } from '../../http/request.js';
import type { LabelRecord, TiStore } from '../../store/index.js';
import { securityLabelSchema } from '../../../model/schema/security-label.js';
import type { V3ListSource, V3Row } from './listing.js';
import { v3Failure, v3NotFound } from './respond.js';
import type { V3ItemSpec } from './routes.js';
import { optInFields, shapeItem, writableBody } from './schema-shape.js';
import type { TqlFields } from './tql.js';

/**
 * `/v3/securityLabels`: labels are shared by every owner (ownerId 0 here) and answered with owner "System". Anyone
 * may read them; creating, changing and deleting them is for administrators, the rule batch jobs already follow
 * (the real API's exact rule is not documented: a guess).
 */

type LabelItem = LabelRecord & { ownerId: number };
type Row = V3Row<LabelItem>;

const SYSTEM = 'System';

const KEYWORDS: TqlFields<Row> = {
  id: { kind: 'number', get: (r) => r.rec.id },
  name: { kind: 'string', get: (r) => r.rec.name },
  summary: { kind: 'string', get: (r) => r.rec.name },
  description: { kind: 'string', get: (r) => r.rec.description },
  color: { kind: 'string', get: (r) => r.rec.color },
  dateAdded: { kind: 'date', get: (r) => r.rec.dateAdded },
  ownerName: { kind: 'string', get: () => SYSTEM },
};

const item = (l: LabelRecord): LabelItem => ({ ...l, ownerId: 0 });

function collection(store: TiStore): V3ListSource<LabelItem> {
  return {
    keywords: KEYWORDS,
    pushable: {
      id: { field: 'id', ops: ['=', '!=', '<', '>', '<=', '>='] },
      name: { field: 'name', ops: ['=', '!=', 'startswith'] },
      summary: { field: 'name', ops: ['=', '!=', 'startswith'] },
      color: { field: 'color', ops: ['=', '!='] },
    },
    list: (page) => {
      const res = store.meta.labelRepo.listLabels({ conditions: page.conditions, start: page.start, limit: page.limit, withTotal: page.withTotal });
      return { items: res.items.map(item), total: res.total };
    },
    tags: () => new Map(),
    render: (_req, rows, fields) => rows.map(({ rec }) => shapeItem(securityLabelSchema, { ...rec, owner: SYSTEM }, fields)),
  };
}

function mustAdminister(req: PlatformRequest, operation: string): void {
  if (!req.ctx.directory.isAdministrator(req.user!.id)) throw v3Failure(403, `Only an administrator may ${operation} security labels`);
}

export const SECURITY_LABEL_ITEMS: V3ItemSpec<LabelItem> = {
  base: '/v3/securityLabels',
  entity: 'Security Label',
  fields: optInFields(securityLabelSchema),
  keywords: KEYWORDS,
  schema: securityLabelSchema,
  collection,
  find: (_req, store, key) => {
    const label = /^\d+$/.test(key) ? store.meta.labelById(Number(key)) : store.meta.label(key);
    if (!label) throw v3NotFound();
    return { rec: item(label), owner: undefined as unknown as Owner };
  },
  get: (store, id) => {
    const label = store.meta.labelById(id);
    return label ? item(label) : undefined;
  },
  create: (req, store, _owner, raw) => {
    mustAdminister(req, 'create');
    const body = writableBody(securityLabelSchema, raw, 'create');
    const name = body.name as string;
    if (store.meta.label(name)) throw v3Failure(400, `name: a security label named ${JSON.stringify(name)} already exists`);
    const label = store.meta.createLabel({ name, description: body.description as string | undefined, color: body.color as string | undefined });
    return { id: label.id, created: true };
  },
  authorize: (req, _rec, operation) => mustAdminister(req, operation === 'updated' ? 'change' : 'delete'),
  update: (_req, store, rec, raw) => {
    const body = writableBody(securityLabelSchema, raw, 'update');
    store.meta.labelRepo.updateLabel(rec.id, body as { name?: string; description?: string | null; color?: string | null });
    store.meta.dropCaches();
  },
  remove: (store, id) => {
    store.meta.deleteLabel(id);
  },
};
