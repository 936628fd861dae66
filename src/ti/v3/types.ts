import type { groupSchema, indicatorSchema } from '../../model/schema/index.js';

/** v3 wire shapes (reference §6.2): lists `{data,next,prev,count}`, nested collections wrapped in `{data:[...]}`. */

import type { V3NestedList } from '../../contract/v3-wire.js';

/** A nested collection in a v3 item. */
export type V3List<T> = V3NestedList<T>;

export interface V3Tag {
  id?: number;
  name: string;
  description?: string;
  lastUsed?: string;
}

export interface V3Attribute {
  id: number;
  type: string;
  value: string;
  source?: string;
  dateAdded?: string;
  lastModified?: string;
  default?: boolean;
  pinned?: boolean;
}

export interface V3SecurityLabel {
  id?: number;
  name: string;
  description?: string;
  color?: string;
  owner?: string;
  dateAdded?: string;
}

export interface V3IndicatorRef {
  id: number;
  type: string;
  summary: string;
  ownerName?: string;
}

export interface V3GroupRef {
  id: number;
  type: string;
  name: string;
  ownerName?: string;
}

export interface V3Item {
  id: number;
  ownerId: number;
  ownerName: string;
  dateAdded: string;
  lastModified: string;
  webLink: string;
  legacyLink?: string;
  type: string;
}

export interface V3Indicator extends V3Item {
  summary: string;
  rating?: number;
  confidence?: number;
  description?: string;
  source?: string;
  privateFlag?: boolean;
  active?: boolean;
  activeLocked?: boolean;
  /** type value fields: `ip`, `hostName`, `text`, `md5`..., custom labels */
  [valueField: string]: unknown;
}

export interface V3Group extends V3Item {
  name: string;
  xid?: string;
  /** type fields: `eventDate`, `status`, `fileName`, ... */
  [typeField: string]: unknown;
}

export interface V3VictimAssetRef {
  id: number;
  victimId?: number;
  type: string;
  value?: string;
}

export interface V3FileOccurrence {
  id?: number;
  fileName?: string;
  path?: string;
  date?: string;
}

/** An indicator deleted from an owner (`GET /v3/indicators/deleted`). */
export interface V3DeletedIndicator {
  id: number;
  ownerId: number;
  ownerName: string;
  type: string;
  summary: string;
  dateAdded: string;
  deletedDate: string;
}

/**
 * Opt-in fields of v3 indicators (`fields=`) and what each adds to an item. The keys are exactly the schema's
 * `fields=` values (`src/model/schema/indicator.ts`); `SameKeys` below fails the build when they drift.
 */
export interface V3IndicatorFieldMap {
  tags: { tags: V3List<V3Tag> };
  attributes: { attributes: V3List<V3Attribute> };
  securityLabels: { securityLabels: V3List<V3SecurityLabel> };
  associatedGroups: { associatedGroups: V3List<V3GroupRef> };
  associatedIndicators: { associatedIndicators: V3List<V3IndicatorRef> };
  associatedVictimAssets: { associatedVictimAssets: V3List<V3VictimAssetRef> };
  customAssociations: { customAssociations: V3List<V3IndicatorRef> };
  observations: { observations: number; lastObserved?: string };
  falsePositives: { falsePositives: number; lastFalsePositive?: string; falsePositiveReportedByUser: boolean };
  threatAssess: {
    threatAssessRating?: number;
    threatAssessConfidence?: number;
    threatAssessScore: number;
    threatAssessScoreObserved: number;
    threatAssessScoreFalsePositive: number;
    calScore?: number;
  };
  /** File only */
  fileActions: { fileActions?: V3List<unknown> };
  /** File only */
  fileOccurrences: { fileOccurrences?: V3List<V3FileOccurrence> };
  /** Host and Address */
  dnsResolution: { dnsResolution?: V3List<unknown> };
  /** custom types: their value fields as label and value */
  genericCustomIndicatorValues: { genericCustomIndicatorValues?: Array<{ label: string; value: string | null }> };
  enrichment: { enrichment: V3List<unknown> };
  geoLocation: { geoLocation?: Record<string, unknown> };
  whoisInfo: { whois?: Record<string, unknown> };
  investigationLinks: { investigationLinks?: unknown };
  trackedUsers: { trackedUsers?: unknown };
}

/** Opt-in fields of v3 groups (the schema's `fields=` values). */
export interface V3GroupFieldMap {
  tags: { tags: V3List<V3Tag> };
  attributes: { attributes: V3List<V3Attribute> };
  securityLabels: { securityLabels: V3List<V3SecurityLabel> };
  associatedGroups: { associatedGroups: V3List<V3GroupRef> };
  associatedIndicators: { associatedIndicators: V3List<V3IndicatorRef> };
  associatedVictimAssets: { associatedVictimAssets: V3List<V3VictimAssetRef> };
  /** tasks only */
  assignments: { assignments?: unknown };
}

/** The `fields=` values of a schema object: opt-in fields under their own name or their `fieldsValue`. */
type OptInValue<F> = F extends { optIn: true; fieldsValue: infer V extends string } ? V : F extends { optIn: true; name: infer N extends string } ? N : never;
type SameKeys<A extends PropertyKey, B extends PropertyKey> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// compile-time checks: the SDK's field maps have exactly the schema's fields= values
const indicatorFieldsMatch: SameKeys<keyof V3IndicatorFieldMap, OptInValue<(typeof indicatorSchema.fields)[number]>> = true;
const groupFieldsMatch: SameKeys<keyof V3GroupFieldMap, OptInValue<(typeof groupSchema.fields)[number]>> = true;
void indicatorFieldsMatch;
void groupFieldsMatch;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** What `fields` adds to an item: the intersection of each requested field's shape. */
export type V3With<Map, F extends keyof Map> = [F] extends [never] ? unknown : UnionToIntersection<Map[F]>;

/** Nested metadata on create and update; `mode` is append (default), replace or delete. */
export interface V3Nested<T> {
  data: T[];
  mode?: 'append' | 'replace' | 'delete';
}

export interface V3Metadata {
  tags?: V3Nested<{ name: string }>;
  attributes?: V3Nested<{ type: string; value: string; source?: string; default?: boolean; id?: number }>;
  securityLabels?: V3Nested<{ name: string }>;
}

/** Body of `POST /v3/indicators`: the type, its value fields, and optional metadata and associations. */
/** A group in a nested association: by id, by xid, or by name and type (created when missing). */
export type V3GroupTarget = { id: number } | { xid: string; name?: string; type?: string } | { name: string; type: string; [typeField: string]: unknown };
/** An indicator in a nested association: by id, or by type and summary or value fields (created when missing). */
export type V3IndicatorTarget = { id: number } | { type: string; summary?: string; [valueField: string]: unknown };

export interface V3IndicatorCreate extends V3Metadata {
  type: string;
  rating?: number;
  confidence?: number;
  active?: boolean;
  associatedGroups?: V3Nested<V3GroupTarget>;
  associatedIndicators?: V3Nested<V3IndicatorTarget>;
  fileOccurrences?: V3Nested<V3FileOccurrence>;
  /** observations to add */
  observations?: number;
  falsePositiveFlag?: boolean;
  /** value fields by type: `ip`, `hostName`, `text`, `address`, `md5`/`sha1`/`sha256`, custom labels */
  [valueField: string]: unknown;
}

export interface V3IndicatorUpdate extends V3Metadata {
  rating?: number;
  confidence?: number;
  active?: boolean;
  associatedGroups?: V3Nested<V3GroupTarget>;
  associatedIndicators?: V3Nested<V3IndicatorTarget>;
  fileOccurrences?: V3Nested<V3FileOccurrence>;
  /** observations to add (0, as a GET answers it, adds none) */
  observations?: number;
  falsePositiveFlag?: boolean;
  [field: string]: unknown;
}

export interface V3GroupCreate extends V3Metadata {
  type: string;
  name: string;
  associatedIndicators?: V3Nested<V3IndicatorTarget>;
  associatedGroups?: V3Nested<V3GroupTarget>;
  associatedVictimAssets?: V3Nested<{ id: number }>;
  [typeField: string]: unknown;
}

export interface V3GroupUpdate extends V3Metadata {
  name?: string;
  associatedIndicators?: V3Nested<V3IndicatorTarget>;
  associatedGroups?: V3Nested<V3GroupTarget>;
  associatedVictimAssets?: V3Nested<{ id: number }>;
  [typeField: string]: unknown;
}
