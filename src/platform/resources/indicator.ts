/**
 * The indicator resource: the one mapping from a request body to store input and the one renderer of a stored
 * indicator, shared by v2 and v3. The two API versions are envelopes over these: v2 renames and stringifies
 * (entity keys, `"true"` booleans, `owner{}`), v3 adds the opt-in fields `fields=` asks for.
 */
import { camelLabel, indicatorType, type IndicatorTypeInfo } from '../../model/index.js';
import { indicatorSchema, type FieldSpec } from '../../model/schema/index.js';
import type { Owner } from '../auth/users.js';
import type { PlatformContext } from '../context.js';
import { ApiFailure } from '../http/errors.js';
import { INDICATOR_PATCH_FIELDS, threatAssessScore, type FileOccurrenceRecord, type IndicatorInput, type IndicatorPatch, type IndicatorRecord, type TiStore } from '../store/index.js';

type Json = Record<string, unknown>;

const plusEncode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');

const STORED = new Set<string>(INDICATOR_PATCH_FIELDS);

/**
 * The non-identity fields a body may write, v2 and v3 alike: the schema's writable scalars the store keeps (rating,
 * confidence, flags, first/last seen, the external dates). Everything else in a body is identity (written on
 * create only), nested collections and sightings (their own writers), or read-only and ignored.
 */
export const INDICATOR_WRITABLE: readonly string[] = (indicatorSchema.fields as readonly FieldSpec[])
  .filter((f) => !f.readOnly && !f.createOnly && !f.optIn && typeof f.kind === 'string' && STORED.has(f.name))
  .map((f) => f.name);

/** The writable scalars of a body; `undefined` leaves a field alone, `null` clears it. */
export function indicatorPatch(body: Json): IndicatorPatch {
  const patch: Record<string, unknown> = {};
  for (const key of INDICATOR_WRITABLE) if (body[key] !== undefined) patch[key] = body[key];
  return patch as IndicatorPatch;
}

/**
 * The identity of a new indicator from a body: each value field under its label (`Key Name`) or camelCase label
 * (`keyName`), else `summary`. `undefined` when the body names no value.
 */
export function indicatorIdentity(info: IndicatorTypeInfo, body: Json): Pick<IndicatorInput, 'type' | 'summary' | 'values'> | undefined {
  const values = info.fields.map((f) => body[f] ?? body[camelLabel(f)]);
  if (values.some((v) => v !== undefined && v !== null)) return { type: info.name, values: values as Array<string | null | undefined> };
  if (body.summary !== undefined && body.summary !== null) return { type: info.name, summary: body.summary as string };
  return undefined;
}

/** The identity or a 400 naming the value fields the type needs. */
export function requireIdentity(info: IndicatorTypeInfo, body: Json): Pick<IndicatorInput, 'type' | 'summary' | 'values'> {
  const id = indicatorIdentity(info, body);
  if (!id) throw new ApiFailure(400, `${info.fields.join('/')}: a value is required to create a ${info.name} indicator`);
  return id;
}

/**
 * The legacy (pre-v3 UI) link of an indicator, v2's `webLink` and v3's `legacyLink`. A File is addressed by its
 * first hash (the UI's file page takes one hash, not the `md5 : sha1 : sha256` summary).
 */
export function indicatorLegacyLink(ctx: PlatformContext, r: IndicatorRecord, ownerName: string): string {
  const entity = (indicatorType(r.type)?.entity ?? r.type).toLowerCase();
  const value = r.type === 'File' ? (r.values.find(Boolean) ?? r.summary) : r.summary;
  return `${ctx.origin}/auth/indicators/details/${entity}.xhtml?${entity}=${plusEncode(value)}&owner=${plusEncode(ownerName)}`;
}

/** What one stored indicator shows, in API names and real types; v2 and v3 pick and shape from it. */
export interface IndicatorView {
  rec: IndicatorRecord;
  owner: Owner;
  info: IndicatorTypeInfo | undefined;
  /** displayed Description / Source attributes */
  description?: string;
  source?: string;
  /** value fields by name (File: md5, sha1, sha256), set ones only */
  values: Json;
  legacyLink: string;
  threatAssessScore: number;
}

/** Views of a page of indicators: owners and displayed attributes loaded once for the page. */
export function indicatorViews(ctx: PlatformContext, store: TiStore, records: IndicatorRecord[]): IndicatorView[] {
  const defaults = store.meta.defaultsFor(
    'indicator',
    records.map((r) => r.id),
  );
  const owners = new Map<number, Owner>();
  const ownerOf = (id: number) => {
    let o = owners.get(id);
    if (!o) owners.set(id, (o = ctx.directory.ownerById(id) ?? { id, name: 'Unknown', type: 'Organization' }));
    return o;
  };
  return records.map((rec) => {
    const info = indicatorType(rec.type);
    const owner = ownerOf(rec.ownerId);
    const values: Json = {};
    info?.fields.forEach((f, i) => {
      if (rec.values[i] !== null && rec.values[i] !== undefined) values[f] = rec.values[i];
    });
    const d = defaults.get(rec.id);
    return {
      rec,
      owner,
      info,
      ...(d?.description !== undefined ? { description: d.description } : {}),
      ...(d?.source !== undefined ? { source: d.source } : {}),
      values,
      legacyLink: indicatorLegacyLink(ctx, rec, owner.name),
      threatAssessScore: threatAssessScore(rec.rating, rec.confidence),
    };
  });
}

/** The v3 item of a view without opt-in fields (reference §6.2's indicator object). */
export function indicatorV3Item(ctx: PlatformContext, v: IndicatorView): Json {
  const { rec } = v;
  const item: Json = {
    id: rec.id,
    ownerId: v.owner.id,
    ownerName: v.owner.name,
    dateAdded: rec.dateAdded,
    webLink: `${ctx.origin}/#/details/indicators/${rec.id}/overview`,
    type: rec.type,
    lastModified: rec.lastModified,
  };
  if (rec.rating !== null) item.rating = rec.rating;
  if (rec.confidence !== null) item.confidence = rec.confidence;
  if (v.description !== undefined) item.description = v.description;
  if (v.source !== undefined) item.source = v.source;
  item.summary = rec.summary;
  item.privateFlag = rec.privateFlag;
  item.active = rec.active;
  item.activeLocked = rec.activeLocked;
  Object.assign(item, v.values);
  if (rec.type === 'Host') {
    item.dnsActive = rec.dnsActive ?? false;
    item.whoisActive = rec.whoisActive ?? false;
  }
  if (rec.type === 'File' && rec.size !== null) item.size = rec.size;
  for (const k of ['firstSeen', 'lastSeen', 'externalDateAdded', 'externalDateExpires', 'externalLastModified'] as const) {
    if (rec[k]) item[k] = rec[k];
  }
  item.legacyLink = v.legacyLink;
  return item;
}

/** A File occurrence as v2 (`fileOccurrence`) and v3 (`fileOccurrences.data[]`) show it. */
export function occurrenceJson(o: FileOccurrenceRecord): Json {
  const out: Json = { id: o.id };
  if (o.fileName !== null) out.fileName = o.fileName;
  if (o.path !== null) out.path = o.path;
  if (o.date !== null) out.date = o.date;
  return out;
}
