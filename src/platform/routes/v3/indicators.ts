import { camelLabel, hashField, indicatorType } from '../../../model/index.js';
import type { PlatformRequest } from '../../http/request.js';
import type { IndicatorInput, IndicatorRecord, TiStore } from '../../store/index.js';
import type { Owner } from '../../auth/users.js';
import type { V3ListSource, V3Row } from './listing.js';
import { addMetadataFields, canSee, META_FIELDS, nested, writeAssociations, writeMetadata } from './metadata.js';
import { v3Failure, v3NotFound } from './respond.js';
import type { V3ItemSpec } from './routes.js';
import type { TqlFields } from './tql.js';

export const V3_INDICATOR_FIELDS = [...META_FIELDS, 'associatedGroups', 'associatedIndicators', 'observations', 'falsePositives'] as const;

type Row = V3Row<IndicatorRecord>;

/** How the platform evaluates the schema's indicator TQL keywords (src/model/schema/indicator.ts names them). */
export const INDICATOR_KEYWORDS: TqlFields<Row> = {
  id: { kind: 'number', get: (r) => r.rec.id },
  typeName: { kind: 'string', get: (r) => r.rec.type },
  summary: { kind: 'string', get: (r) => r.rec.summary },
  value1: { kind: 'string', get: (r) => r.rec.values[0] },
  value2: { kind: 'string', get: (r) => r.rec.values[1] },
  value3: { kind: 'string', get: (r) => r.rec.values[2] },
  tag: { kind: 'string', get: (r) => r.tags ?? [] },
  owner: { kind: 'number', get: (r) => r.owner.id },
  ownerName: { kind: 'string', get: (r) => r.owner.name },
  dateAdded: { kind: 'date', get: (r) => r.rec.dateAdded },
  lastModified: { kind: 'date', get: (r) => r.rec.lastModified },
  firstSeen: { kind: 'date', get: (r) => r.rec.firstSeen },
  lastSeen: { kind: 'date', get: (r) => r.rec.lastSeen },
  externalDateAdded: { kind: 'date', get: (r) => r.rec.externalDateAdded },
  externalDateExpires: { kind: 'date', get: (r) => r.rec.externalDateExpires },
  externalLastModified: { kind: 'date', get: (r) => r.rec.externalLastModified },
  rating: { kind: 'number', get: (r) => r.rec.rating },
  confidence: { kind: 'number', get: (r) => r.rec.confidence },
  indicatorActive: { kind: 'boolean', get: (r) => r.rec.active },
  activeLocked: { kind: 'boolean', get: (r) => r.rec.activeLocked },
  observationCount: { kind: 'number', get: (r) => r.rec.observationCount },
  lastObserved: { kind: 'date', get: (r) => r.rec.lastObserved },
  falsePositiveCount: { kind: 'number', get: (r) => r.rec.falsePositiveCount },
  lastFalsePositive: { kind: 'date', get: (r) => r.rec.falsePositiveLastReported },
  fileSize: { kind: 'number', get: (r) => (r.rec.type === 'File' ? r.rec.size : null) },
  hostDnsActive: { kind: 'boolean', get: (r) => (r.rec.type === 'Host' ? (r.rec.dnsActive ?? false) : null) },
  hostWhoisActive: { kind: 'boolean', get: (r) => (r.rec.type === 'Host' ? (r.rec.whoisActive ?? false) : null) },
};

const NUMBER_OPS = ['=', '!=', '<', '>', '<=', '>='] as const;
const DATE_OPS = ['<', '>', '<=', '>='] as const;

/** Writable scalar fields of a v3 indicator body (value fields aside). */
const SCALARS = ['rating', 'confidence', 'active', 'activeLocked', 'privateFlag', 'dnsActive', 'whoisActive', 'size', 'firstSeen', 'lastSeen', 'xid'] as const;

function collection(store: TiStore): V3ListSource<IndicatorRecord> {
  return {
    keywords: INDICATOR_KEYWORDS,
    pushable: {
      id: { field: 'id', ops: NUMBER_OPS },
      summary: { field: 'summary', ops: ['=', '!=', 'startswith'] },
      typeName: { field: 'type', ops: ['='] },
      rating: { field: 'rating', ops: NUMBER_OPS },
      confidence: { field: 'confidence', ops: NUMBER_OPS },
      dateAdded: { field: 'dateAdded', ops: DATE_OPS },
      lastModified: { field: 'lastModified', ops: DATE_OPS },
      indicatorActive: { field: 'active', ops: ['='] },
    },
    // v3 lists inactive indicators too (a choice; `active = true` narrows)
    list: (p) => store.indicators.list({ ...p, includeInactive: true }),
    tags: (ids) => names(store.meta.tagsFor('indicator', ids)),
    render: (req, rows, fields) => renderIndicators(req, store, rows, fields),
  };
}

export function names(map: Map<number, Array<{ name: string }>>): Map<number, string[]> {
  return new Map([...map].map(([id, tags]) => [id, tags.map((t) => t.name)]));
}

/** v3 indicator items: base fields, the type's value fields, and the opt-in fields asked for. */
function renderIndicators(req: PlatformRequest, store: TiStore, rows: Row[], fields: string[]): Array<Record<string, unknown>> {
  const ids = rows.map((r) => r.rec.id);
  const defaults = store.meta.defaultsFor('indicator', ids);
  const origin = req.ctx.origin;
  const items = rows.map(({ rec, owner }) => {
    const info = indicatorType(rec.type);
    const entity = (info?.entity ?? rec.type).toLowerCase();
    const item: Record<string, unknown> = {
      id: rec.id,
      ownerId: owner.id,
      ownerName: owner.name,
      dateAdded: rec.dateAdded,
      webLink: `${origin}/#/details/indicators/${rec.id}/overview`,
      type: rec.type,
      lastModified: rec.lastModified,
      summary: rec.summary,
      privateFlag: rec.privateFlag,
      active: rec.active,
      activeLocked: rec.activeLocked,
    };
    if (rec.rating !== null) item.rating = rec.rating;
    if (rec.confidence !== null) item.confidence = rec.confidence;
    const d = defaults.get(rec.id);
    if (d?.description) item.description = d.description;
    if (d?.source) item.source = d.source;
    info?.fields.forEach((f, i) => {
      if (rec.values[i] !== null && rec.values[i] !== undefined) item[f] = rec.values[i];
    });
    if (rec.type === 'Host') {
      item.dnsActive = rec.dnsActive ?? false;
      item.whoisActive = rec.whoisActive ?? false;
    }
    if (rec.size !== null) item.size = rec.size;
    item.legacyLink = `${origin}/auth/indicators/details/${entity}.xhtml?${entity}=${encodeURIComponent(rec.summary)}&owner=${encodeURIComponent(owner.name).replace(/%20/g, '+')}`;
    if (fields.includes('observations')) {
      item.observations = rec.observationCount;
      if (rec.lastObserved) item.lastObserved = rec.lastObserved;
    }
    if (fields.includes('falsePositives')) {
      item.falsePositives = rec.falsePositiveCount;
      if (rec.falsePositiveLastReported) item.lastFalsePositive = rec.falsePositiveLastReported;
    }
    return item;
  });
  addMetadataFields(store, 'indicator', ids, items, fields);
  addAssociationFields(req, store, 'indicator', ids, items, fields);
  return items;
}

/** `associatedGroups` / `associatedIndicators` of rendered items (only those the caller may see). */
export function addAssociationFields(
  req: PlatformRequest,
  store: TiStore,
  kind: 'indicator' | 'group',
  ids: number[],
  items: Array<Record<string, unknown>>,
  fields: string[],
): void {
  const ownerName = (id: number) => req.ctx.directory.ownerById(id)?.name;
  ids.forEach((id, i) => {
    if (fields.includes('associatedGroups')) {
      const data = store.associations
        .linked({ kind, id }, 'group')
        .map((gid) => store.groups.get(gid))
        .filter((g) => g !== undefined && canSee(req, g.ownerId))
        .map((g) => ({ id: g!.id, type: g!.type, name: g!.name, ownerName: ownerName(g!.ownerId) }));
      items[i].associatedGroups = { data };
    }
    if (fields.includes('associatedIndicators')) {
      const data = store.associations
        .linked({ kind, id }, 'indicator')
        .map((iid) => store.indicators.get(iid))
        .filter((x) => x !== undefined && canSee(req, x.ownerId))
        .map((x) => ({ id: x!.id, type: x!.type, summary: x!.summary, ownerName: ownerName(x!.ownerId) }));
      items[i].associatedIndicators = { data };
    }
  });
}

/** An indicator by id (any visible owner) or by summary or File hash (in `owner=`, else the organization). */
function findIndicator(req: PlatformRequest, store: TiStore, key: string): { rec: IndicatorRecord; owner: Owner } {
  let rec: IndicatorRecord | undefined;
  if (/^\d+$/.test(key)) {
    rec = store.indicators.get(Number(key));
  } else {
    const owner = req.owner();
    rec = hashField(key.trim())
      ? store.indicators.find(owner.id, 'File', key.trim())
      : store.indicators.list({ ownerId: owner.id, conditions: [{ field: 'summary', op: '=', value: key }], includeInactive: true, limit: 1 }).items[0];
  }
  if (!rec || !canSee(req, rec.ownerId)) throw v3NotFound();
  return { rec, owner: req.ctx.directory.ownerById(rec.ownerId) as Owner };
}

/** Value fields of a body: each field under its label or camelCase label, else `summary`. */
function identity(store: TiStore, body: Record<string, unknown>): Pick<IndicatorInput, 'type' | 'summary' | 'values'> {
  if (typeof body.type !== 'string' || !body.type.trim()) throw v3Failure(400, `type: an indicator type is required, got ${JSON.stringify(body.type)}`);
  const info = store.indicators.typeInfo(body.type);
  const values = info.fields.map((f) => body[f] ?? body[camelLabel(f)]);
  if (values.some((v) => v !== undefined && v !== null)) return { type: info.name, values: values as Array<string | null | undefined> };
  if (typeof body.summary === 'string') return { type: info.name, summary: body.summary };
  throw v3Failure(400, `${info.fields.join('/')}: a value is required for a ${info.name} indicator`);
}

function scalars(body: Record<string, unknown>): Partial<IndicatorInput> {
  const out: Record<string, unknown> = {};
  for (const key of SCALARS) if (body[key] !== undefined) out[key] = body[key];
  return out as Partial<IndicatorInput>;
}

/** Nested `associatedGroups` of a body → group refs the caller can see. */
function groupTargets(req: PlatformRequest, store: TiStore, body: Record<string, unknown>) {
  const wrapper = nested(body, 'associatedGroups');
  if (!wrapper) return undefined;
  const targets = wrapper.data.map((g, i) => {
    const group = typeof g.id === 'number' ? store.groups.get(g.id) : undefined;
    if (!group || !canSee(req, group.ownerId)) throw v3Failure(400, `associatedGroups.data[${i}].id: no group ${JSON.stringify(g.id)}`);
    return { kind: 'group' as const, id: group.id };
  });
  return { wrapper, targets };
}

function applyUpdates(req: PlatformRequest, store: TiStore, rec: IndicatorRecord, body: Record<string, unknown>): void {
  const ref = { kind: 'indicator' as const, id: rec.id };
  writeMetadata(store, ref, rec.ownerId, body);
  const groups = groupTargets(req, store, body);
  if (groups) writeAssociations(req, store, ref, groups.wrapper, groups.targets, 'group');
  if (body.observations !== undefined) store.indicators.addObservation(rec.id, req.user!.id, body.observations);
  if (body.falsePositiveFlag === true) store.indicators.addFalsePositive(rec.id, req.user!.id);
}

/** The v3 indicator collection: an upsert on create, as v3 documents; found by id, summary or any File hash. */
export const INDICATOR_ITEMS: V3ItemSpec<IndicatorRecord> = {
  base: '/v3/indicators',
  entity: 'Indicator',
  fields: V3_INDICATOR_FIELDS,
  keywords: INDICATOR_KEYWORDS,
  collection,
  find: findIndicator,
  get: (store, id) => store.indicators.get(id),
  create(req, store, owner, body) {
    const up = store.indicators.upsert(owner.id, { ...identity(store, body), ...scalars(body) });
    applyUpdates(req, store, store.indicators.get(up.id) as IndicatorRecord, body);
    return up;
  },
  update(req, store, rec, body) {
    const patch = scalars(body);
    if (Object.keys(patch).length) store.indicators.update(rec.id, patch);
    applyUpdates(req, store, rec, body);
  },
  remove: (store, id) => void store.indicators.delete(id),
};
