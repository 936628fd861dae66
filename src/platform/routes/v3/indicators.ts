import { hashField } from '../../../model/index.js';
import { indicatorSchema, optInValues } from '../../../model/schema/index.js';
import type { PlatformRequest } from '../../http/request.js';
import type { IndicatorRecord, TiStore } from '../../store/index.js';
import type { Owner } from '../../auth/users.js';
import { indicatorPatch, indicatorV3Item, indicatorViews, occurrenceJson, requireIdentity } from '../../resources/indicator.js';
import { threatAssessScore } from '../../store/index.js';
import { v3Page, type V3ListSource, type V3Row } from './listing.js';
import type { PlatformContext } from '../../context.js';
import { pageParams } from '../../http/paging.js';
import type { Router } from '../../http/router.js';
import { tiStore } from '../../store/index.js';
import { addAssociationFields, addMetadataFields, canSee, nested, writeMetadata } from './metadata.js';
import { writeAssociations } from './associations.js';
import { v3, v3Failure, v3NotFound } from './respond.js';
import type { V3ItemSpec } from './routes.js';
import { refuseUnknownFields } from './schema-shape.js';
import type { TqlFields } from './tql.js';


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
  // the platform's own score (docs/platform.md), the one `fields=threatAssess` answers; the store computes it alike
  threatAssessScore: { kind: 'number', get: (r) => threatAssessScore(r.rec.rating, r.rec.confidence) },
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

function collection(store: TiStore): V3ListSource<IndicatorRecord> {
  return {
    keywords: INDICATOR_KEYWORDS,
    pushable: {
      id: { field: 'id', ops: NUMBER_OPS },
      summary: { field: 'summary', ops: ['=', '!=', 'startswith'] },
      typeName: { field: 'type', ops: ['='] },
      rating: { field: 'rating', ops: NUMBER_OPS },
      confidence: { field: 'confidence', ops: NUMBER_OPS },
      threatAssessScore: { field: 'threatAssessScore', ops: NUMBER_OPS },
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

type Json = Record<string, unknown>;
type OptIn = (req: PlatformRequest, store: TiStore, rows: Row[], items: Json[]) => void;

const EMPTY = () => ({ data: [] });

/**
 * What each `fields=` value adds to an indicator. Values the platform has no data for answer empty (`{"data":[]}`
 * for collections) rather than being refused, so clients that always ask for them (TcEx adds
 * `genericCustomIndicatorValues` to every indicator call) work.
 */
const OPT_IN: Record<string, OptIn> = {
  tags: (req, store, rows, items) => addMetadataFields(store, 'indicator', ids(rows), items, ['tags']),
  attributes: (req, store, rows, items) => addMetadataFields(store, 'indicator', ids(rows), items, ['attributes']),
  securityLabels: (req, store, rows, items) => addMetadataFields(store, 'indicator', ids(rows), items, ['securityLabels']),
  associatedGroups: (req, store, rows, items) => addAssociationFields(req, store, 'indicator', ids(rows), items, ['associatedGroups']),
  associatedIndicators: (req, store, rows, items) => addAssociationFields(req, store, 'indicator', ids(rows), items, ['associatedIndicators']),
  associatedVictimAssets: (req, store, rows, items) => addAssociationFields(req, store, 'indicator', ids(rows), items, ['associatedVictimAssets']),
  customAssociations: (_req, _store, _rows, items) => items.forEach((i) => (i.customAssociations = EMPTY())),
  observations: (_req, _store, rows, items) =>
    rows.forEach(({ rec }, i) => {
      items[i].observations = rec.observationCount;
      if (rec.lastObserved) items[i].lastObserved = rec.lastObserved;
    }),
  falsePositives: (req, store, rows, items) =>
    rows.forEach(({ rec }, i) => {
      items[i].falsePositives = rec.falsePositiveCount;
      if (rec.falsePositiveLastReported) items[i].lastFalsePositive = rec.falsePositiveLastReported;
      items[i].falsePositiveReportedByUser = store.indicators.reportedFalsePositiveToday(rec.id, req.user!.id);
    }),
  threatAssess: (_req, _store, rows, items) =>
    rows.forEach(({ rec }, i) => {
      if (rec.rating !== null) items[i].threatAssessRating = rec.rating;
      if (rec.confidence !== null) items[i].threatAssessConfidence = rec.confidence;
      items[i].threatAssessScore = threatAssessScore(rec.rating, rec.confidence);
      items[i].threatAssessScoreObserved = 0;
      items[i].threatAssessScoreFalsePositive = 0;
    }),
  fileActions: (_req, _store, rows, items) => rows.forEach(({ rec }, i) => rec.type === 'File' && (items[i].fileActions = EMPTY())),
  fileOccurrences: (_req, store, rows, items) =>
    rows.forEach(({ rec }, i) => {
      if (rec.type !== 'File') return;
      const data = store.indicators.occurrences(rec.id).map(occurrenceJson);
      items[i].fileOccurrences = { data, count: data.length };
    }),
  dnsResolution: (_req, store, rows, items) =>
    rows.forEach(({ rec }, i) => {
      if (rec.type === 'Host') items[i].dnsResolution = { data: store.indicators.dnsResolutions(rec.id) };
      if (rec.type === 'Address') items[i].dnsResolution = { data: store.indicators.hostsResolvingTo(rec.ownerId, rec.summary).map((h) => ({ hostName: h.summary })) };
    }),
  genericCustomIndicatorValues: (_req, store, rows, items) =>
    rows.forEach(({ rec }, i) => {
      const info = store.indicators.typeInfo(rec.type);
      if (info.custom) items[i].genericCustomIndicatorValues = info.fields.map((label, n) => ({ label, value: rec.values[n] ?? null }));
    }),
  enrichment: (_req, _store, _rows, items) => items.forEach((i) => (i.enrichment = EMPTY())),
  // enrichment services the local platform does not run: asked for, answered without data
  geoLocation: () => undefined,
  whoisInfo: () => undefined,
  investigationLinks: () => undefined,
  trackedUsers: () => undefined,
};

/** The `fields=` values v3 indicators accept: the schema's. */
export const V3_INDICATOR_FIELDS: readonly string[] = optInValues(indicatorSchema);

const ids = (rows: Row[]) => rows.map((r) => r.rec.id);

/** v3 indicator items: the shared view's v3 item, plus the opt-in fields asked for. */
function renderIndicators(req: PlatformRequest, store: TiStore, rows: Row[], fields: string[]): Json[] {
  const views = indicatorViews(req.ctx, store, rows.map((r) => r.rec));
  const items = views.map((v) => indicatorV3Item(req.ctx, v));
  for (const f of fields) OPT_IN[f]?.(req, store, rows, items);
  return items;
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

/**
 * Sightings written through a body: `observations` adds that many observations (0, as a GET shows it, adds none);
 * `falsePositiveFlag: true` reports a false positive. The counts a GET shows beside them are read-only.
 */
function writeSightings(req: PlatformRequest, store: TiStore, id: number, body: Json): void {
  const n = body.observations;
  if (n !== undefined && n !== null) {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw v3Failure(400, `observations: expected a whole number of observations to add, got ${JSON.stringify(n)}`);
    if (n > 0) store.indicators.addObservation(id, req.user!.id, n);
  }
  if (body.falsePositiveFlag === true) store.indicators.addFalsePositive(id, req.user!.id);
}

/**
 * Nested file occurrences of a File: an entry with the id of one of its occurrences changes it, one without is
 * added; `replace` also removes those not listed; `delete` removes the listed ids.
 */
function writeOccurrences(store: TiStore, rec: IndicatorRecord, body: Json): void {
  const wrapper = nested(body, 'fileOccurrences');
  if (!wrapper) return;
  if (rec.type !== 'File') throw v3Failure(400, `fileOccurrences: only a File has file occurrences, this is a ${rec.type}`);
  const current = new Set(store.indicators.occurrences(rec.id).map((o) => o.id));
  const listed = new Set<number>();
  wrapper.data.forEach((o, i) => {
    const input = { fileName: o.fileName as string | undefined, path: o.path as string | undefined, date: o.date as string | undefined };
    if (o.id === undefined) {
      if (wrapper.mode === 'delete') throw v3Failure(400, `fileOccurrences.data[${i}].id: deleting needs the occurrence id`);
      store.indicators.addOccurrence(rec.id, input);
      return;
    }
    if (typeof o.id !== 'number' || !current.has(o.id)) throw v3Failure(400, `fileOccurrences.data[${i}].id: the File has no occurrence ${JSON.stringify(o.id)}`);
    listed.add(o.id);
    if (wrapper.mode === 'delete') store.indicators.deleteOccurrence(rec.id, o.id);
    else store.indicators.updateOccurrence(rec.id, o.id, input);
  });
  if (wrapper.mode === 'replace') for (const id of current) if (!listed.has(id)) store.indicators.deleteOccurrence(rec.id, id);
}

const HASH_FIELDS = ['md5', 'sha1', 'sha256'] as const;

/**
 * A File update's hash `mode` (reference §6.2, TcEx's `mode` field): `merge` adds the md5, sha1 and sha256 given
 * to the File, `delete` removes them. Without `mode` the hashes of a body are its identity, written on create only,
 * so a GET's item written back changes nothing. A File holds one hash of each kind and keeps at least one; a hash
 * another File of the owner holds is refused rather than merging the two Files (guesses, docs/platform.md).
 */
function writeFileHashes(store: TiStore, rec: IndicatorRecord, body: Json): void {
  const mode = hashMode(body);
  if (!mode) return;
  if (rec.type !== 'File') throw v3Failure(400, `mode: only a File's hashes take a mode, this is a ${rec.type}`);
  const given = HASH_FIELDS.filter((f) => body[f] !== undefined && body[f] !== null);
  if (!given.length) throw v3Failure(400, `mode: ${mode} needs the md5, sha1 or sha256 to ${mode}`);
  const incoming = HASH_FIELDS.map((f, i) => (given.includes(f) ? fileHash(store, f, i, body[f]) : null));
  const current = HASH_FIELDS.map((_, i) => rec.values[i] ?? null);
  const next = current.slice();
  HASH_FIELDS.forEach((f, i) => {
    const hash = incoming[i];
    if (hash === null) return;
    if (mode === 'delete') {
      if (current[i] !== hash) throw v3Failure(400, `${f}: the File has no ${f} ${hash}`);
      next[i] = null;
      return;
    }
    if (current[i] === hash) return;
    if (current[i] !== null) throw v3Failure(400, `${f}: the File already has ${f} ${current[i]}; delete it before merging ${hash}`);
    const other = store.indicators.find(rec.ownerId, 'File', hash);
    if (other && other.id !== rec.id) throw v3Failure(400, `${f}: ${hash} belongs to another File of the owner (id ${other.id})`);
    next[i] = hash;
  });
  if (!next.some(Boolean)) throw v3Failure(400, `mode: deleting ${given.join(', ')} would leave the File without a hash`);
  const summary = next.filter(Boolean).join(' : ');
  if (summary === rec.summary) return;
  const twin = store.indicators.findId(rec.ownerId, 'File', summary);
  if (twin !== undefined && twin !== rec.id) throw v3Failure(400, `mode: another File of the owner (id ${twin}) is already ${summary}`);
  store.indicators.setFileHashes(rec.id, next);
}

/** One hash of a body, validated and normalised as a File of that hash alone would be; a 400 naming the field. */
function fileHash(store: TiStore, field: string, slot: number, value: unknown): string {
  let hash: string | null | undefined;
  try {
    hash = store.indicators.identify({ type: 'File', values: [value as string] }).values[slot];
  } catch {
    hash = undefined;
  }
  if (!hash) throw v3Failure(400, `${field}: ${JSON.stringify(value)} is not ${field === 'md5' ? 'an MD5' : field === 'sha1' ? 'a SHA-1' : 'a SHA-256'} hash`);
  return hash;
}

/** The hash `mode` of a body, checked: merge, delete or absent. */
function hashMode(body: Json): 'merge' | 'delete' | undefined {
  const mode = body.mode;
  if (mode === undefined || mode === null) return undefined;
  if (mode !== 'merge' && mode !== 'delete') throw v3Failure(400, `mode: must be merge or delete, got ${JSON.stringify(mode)}`);
  return mode;
}

/** Everything of a create or update body besides identity and scalars (caller's transaction). */
function writeNested(req: PlatformRequest, store: TiStore, rec: IndicatorRecord, body: Json): void {
  const ref = { kind: 'indicator' as const, id: rec.id };
  writeMetadata(store, ref, rec.ownerId, body);
  writeAssociations(req, store, ref, rec.ownerId, body);
  writeOccurrences(store, rec, body);
  writeSightings(req, store, rec.id, body);
}

/** The v3 indicator collection: an upsert on create, as v3 documents; found by id, summary or any File hash. */
export const INDICATOR_ITEMS: V3ItemSpec<IndicatorRecord> = {
  base: '/v3/indicators',
  entity: 'Indicator',
  fields: V3_INDICATOR_FIELDS,
  keywords: INDICATOR_KEYWORDS,
  schema: indicatorSchema,
  collection,
  find: findIndicator,
  get: (store, id) => store.indicators.get(id),
  create(req, store, owner, body) {
    refuseUnknownFields(indicatorSchema, body);
    if (typeof body.type !== 'string' || !body.type.trim()) throw v3Failure(400, `type: an indicator type is required, got ${JSON.stringify(body.type)}`);
    const info = store.indicators.typeInfo(body.type);
    // a create merges a File's hashes into the File holding any of them already; there is nothing to delete from
    if (hashMode(body) === 'delete') throw v3Failure(400, 'mode: delete removes hashes from an existing File: use PUT /v3/indicators/{id}');
    const up = store.indicators.upsert(owner.id, { ...requireIdentity(info, body), ...indicatorPatch(body) });
    writeNested(req, store, store.indicators.get(up.id) as IndicatorRecord, body);
    return up;
  },
  update(req, store, rec, body) {
    refuseUnknownFields(indicatorSchema, body);
    // value fields, type and summary identify the indicator: written on create only, ignored here
    const patch = indicatorPatch(body);
    if (Object.keys(patch).length) store.indicators.update(rec.id, patch);
    writeFileHashes(store, rec, body);
    writeNested(req, store, rec, body);
  },
  remove: (store, id) => void store.indicators.delete(id),
};

/**
 * `GET /v3/indicators/deleted`: indicators deleted from the owner (`owner=`, else the organization) in the order
 * they were deleted, optionally since `deletedSince` and of one `type`; paged like any v3 list.
 */
export function registerDeletedIndicators(router: Router, ctx: PlatformContext): void {
  router.get(
    '/v3/indicators/deleted',
    v3((req) => {
      const owner = req.owner();
      const { start, limit } = pageParams(req);
      const type = req.query.get('type') ?? undefined;
      const deletedSince = req.query.get('deletedSince') ?? undefined;
      const result = tiStore(ctx).indicators.listDeleted({
        ownerId: owner.id,
        type: type ? tiStore(ctx).indicators.typeInfo(type).name : undefined,
        deletedSince,
        start,
        limit: limit + 1,
        withTotal: req.flag('count') && start === 0,
      });
      const data = result.items.slice(0, limit).map((d) => ({
        id: d.indicatorId,
        ownerId: owner.id,
        ownerName: owner.name,
        type: d.type,
        summary: d.summary,
        dateAdded: d.dateAdded,
        deletedDate: d.deletedAt,
      }));
      return v3Page(req, '/v3/indicators/deleted', data, { start, limit, more: result.items.length > limit, total: result.total });
    }),
  );
}
