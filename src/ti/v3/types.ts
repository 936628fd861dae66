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

/** Opt-in fields of v3 indicators (`fields=`) and what each adds to an item. */
export interface V3IndicatorFieldMap {
  tags: { tags: V3List<V3Tag> };
  attributes: { attributes: V3List<V3Attribute> };
  securityLabels: { securityLabels: V3List<V3SecurityLabel> };
  associatedGroups: { associatedGroups: V3List<V3GroupRef> };
  associatedIndicators: { associatedIndicators: V3List<V3IndicatorRef> };
  observations: { observations: number; lastObserved?: string };
  falsePositives: { falsePositives: number; lastFalsePositive?: string };
}

/** Opt-in fields of v3 groups. */
export interface V3GroupFieldMap {
  tags: { tags: V3List<V3Tag> };
  attributes: { attributes: V3List<V3Attribute> };
  securityLabels: { securityLabels: V3List<V3SecurityLabel> };
  associatedGroups: { associatedGroups: V3List<V3GroupRef> };
  associatedIndicators: { associatedIndicators: V3List<V3IndicatorRef> };
}

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
export interface V3IndicatorCreate extends V3Metadata {
  type: string;
  rating?: number;
  confidence?: number;
  active?: boolean;
  associatedGroups?: V3Nested<{ id: number }>;
  /** value fields by type: `ip`, `hostName`, `text`, `address`, `md5`/`sha1`/`sha256`, custom labels */
  [valueField: string]: unknown;
}

export interface V3IndicatorUpdate extends V3Metadata {
  rating?: number;
  confidence?: number;
  active?: boolean;
  associatedGroups?: V3Nested<{ id: number }>;
  [field: string]: unknown;
}

export interface V3GroupCreate extends V3Metadata {
  type: string;
  name: string;
  associatedIndicators?: V3Nested<{ id?: number; type?: string; summary?: string }>;
  associatedGroups?: V3Nested<{ id: number }>;
  [typeField: string]: unknown;
}

export interface V3GroupUpdate extends V3Metadata {
  name?: string;
  associatedIndicators?: V3Nested<{ id?: number; type?: string; summary?: string }>;
  associatedGroups?: V3Nested<{ id: number }>;
  [typeField: string]: unknown;
}
