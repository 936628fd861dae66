import type { TiInputError } from './errors.js';
import type { AttributeWriteType, FileMergeMode, HashCollisionMode, ListWriteType } from '../../contract/batch-wire.js';
/**
 * Records and inputs of the threat-intelligence store. Field names follow the API (camelCase, v2 spellings);
 * dates are ISO-8601 UTC strings with seconds (`2017-07-13T17:50:17Z`).
 */

/** What metadata and associations hang on. Tasks are groups (type `Task`). */
export type ItemKind = 'indicator' | 'group' | 'victim';
export type AssociationKind = ItemKind | 'victimAsset';

export interface ItemRef {
  kind: ItemKind;
  id: number;
}

export interface AssociationRef {
  kind: AssociationKind;
  id: number;
}

export interface IndicatorRecord {
  id: number;
  ownerId: number;
  /** type name: `Address`, `Registry Key` */
  type: string;
  /** normalised summary, multi-value types joined with `" : "` */
  summary: string;
  /** value fields in catalogue order (File: md5, sha1, sha256; missing ones null) */
  values: Array<string | null>;
  rating: number | null;
  confidence: number | null;
  active: boolean;
  activeLocked: boolean;
  privateFlag: boolean;
  dnsActive: boolean | null;
  whoisActive: boolean | null;
  size: number | null;
  xid: string | null;
  firstSeen: string | null;
  lastSeen: string | null;
  externalDateAdded: string | null;
  externalDateExpires: string | null;
  externalLastModified: string | null;
  observationCount: number;
  lastObserved: string | null;
  falsePositiveCount: number;
  falsePositiveLastReported: string | null;
  dateAdded: string;
  lastModified: string;
}

/**
 * An indicator to create or update. Give `summary`, or `values` in field order (File: any of md5/sha1/sha256, in
 * any slot; they are sorted by length). Fields left undefined are not touched on update; `null` clears.
 */
export interface IndicatorInput {
  /** type name, v2 branch or entity (`Host`, `hosts`, `host`) */
  type: string;
  summary?: string;
  values?: Array<string | null | undefined>;
  rating?: number | string | null;
  confidence?: number | string | null;
  active?: boolean | number | string;
  activeLocked?: boolean | number | string;
  privateFlag?: boolean | number | string;
  dnsActive?: boolean | number | string | null;
  whoisActive?: boolean | number | string | null;
  size?: number | string | null;
  xid?: string | null;
  firstSeen?: string | null;
  lastSeen?: string | null;
  externalDateAdded?: string | null;
  externalDateExpires?: string | null;
  externalLastModified?: string | null;
  /** seed/import only: keep the original dates */
  dateAdded?: string;
  lastModified?: string;
}

/** Everything of IndicatorInput except identity; for updates of an existing indicator. */
export type IndicatorPatch = Omit<IndicatorInput, 'type' | 'summary' | 'values'>;

/** How hashes of an incoming File meet an existing one (batch `fileMergeMode` / `hashCollisionMode`). */
export interface FileMergeOptions {
  fileMergeMode?: FileMergeMode;
  hashCollisionMode?: HashCollisionMode;
}

export interface UpsertResult {
  id: number;
  created: boolean;
  /** IgnoreIncoming collision: nothing was written */
  skipped?: boolean;
  /** Distribute: every existing File the incoming hashes matched (metadata goes to each) */
  ids?: number[];
}

export interface GroupRecord {
  id: number;
  ownerId: number;
  /** type name: `Incident`, `Task` */
  type: string;
  name: string;
  xid: string | null;
  createdBy: number | null;
  dateAdded: string;
  lastModified: string;
  /** type-specific fields by API name (eventDate, status, fileName, fileSize, subject, dueDate, ...); only set ones */
  fields: Record<string, string | number | boolean>;
}

/**
 * A group to create or update: `type` (name, branch or entity), `name`, optional `xid`, and any type-specific
 * field by API name (`eventDate`, `status`, `fileName`, `fileType`, `fileText`, `malware`, `password`, `subject`,
 * `header`, `body`, `from`, `to`, `publishDate`, `firstSeen`, `lastSeen`, `external*`, `eventType`, `insights`,
 * `aiProvider`, `aiLastRetrievalDate`; tasks: `dueDate`, `reminderDate`, `escalationDate`, `status`, `escalated`,
 * `reminded`). Fields that do not belong to the type are ignored.
 */
export interface GroupInput {
  type: string;
  name?: string;
  xid?: string | null;
  createdBy?: number | null;
  dateAdded?: string;
  lastModified?: string;
  [field: string]: unknown;
}

export interface AttributeRecord {
  id: number;
  type: string;
  value: string;
  displayed: boolean;
  source: string | null;
  pinned: boolean;
  dateAdded: string;
  lastModified: string;
}

export interface AttributeInput {
  type: string;
  value: string;
  displayed?: boolean;
  source?: string | null;
  pinned?: boolean;
  dateAdded?: string;
  lastModified?: string;
}

export interface AttributeTypeRecord {
  id: number;
  name: string;
  description: string;
  maxSize: number;
  allowMarkdown: boolean;
  errorMessage: string | null;
  validationRule: unknown;
}

export interface TagRecord {
  id: number;
  ownerId: number;
  name: string;
  description: string | null;
  dateAdded: string;
  /** number of items carrying the tag */
  weight?: number;
}

export interface LabelRecord {
  id: number;
  name: string;
  description: string | null;
  color: string | null;
  dateAdded: string;
}

export interface LabelInput {
  name: string;
  description?: string | null;
  color?: string | null;
}

export interface VictimRecord {
  id: number;
  ownerId: number;
  name: string;
  description: string | null;
  org: string | null;
  suborg: string | null;
  workLocation: string | null;
  nationality: string | null;
  dateAdded: string;
  lastModified: string;
}

export type VictimInput = Partial<Omit<VictimRecord, 'id' | 'ownerId'>>;

/** Victim asset types as v2 names them: `EmailAddress`, `NetworkAccount`, `Phone`, `SocialNetwork`, `WebSite`. */
export interface VictimAssetRecord {
  id: number;
  victimId: number;
  type: string;
  /** address / account / phoneType / webSite */
  value: string;
  /** addressType / network */
  detail: string | null;
}

export interface AdversaryAssetRecord {
  id: number;
  groupId: number;
  /** `Handle`, `PhoneNumber`, `URL` */
  type: string;
  value: string;
}

export interface FileOccurrenceRecord {
  id: number;
  fileName: string | null;
  path: string | null;
  date: string | null;
}

export interface FileOccurrenceInput {
  fileName?: string | null;
  path?: string | null;
  date?: string | null;
}

export interface DeletedIndicatorRecord {
  id: number;
  indicatorId: number;
  ownerId: number;
  type: string;
  summary: string;
  dateAdded: string;
  deletedAt: string;
}

/** Batch write types for metadata on an existing item (the batch contract's). */
export type { AttributeWriteType, ListWriteType };

export interface MetadataInput {
  attributes?: Array<AttributeInput & { securityLabels?: Array<string | LabelInput> }>;
  attributeWriteType?: AttributeWriteType;
  /** tag names */
  tags?: string[];
  tagWriteType?: ListWriteType;
  /** label names, or labels to create when missing (need description and color) */
  securityLabels?: Array<string | LabelInput>;
  securityLabelWriteType?: ListWriteType;
  /** whether a missing label may be created (only administrators create labels; they are shared system-wide) */
  allowNewLabels?: boolean;
  /**
   * When given, an attribute, tag or label the store refuses is left out and reported here, and the rest is
   * written (the batch API's partial loss); otherwise the first refusal throws and nothing is written.
   */
  onRefused?: (err: TiInputError) => void;
}

/**
 * One condition on an API field of a listing (`rating`, `summary`, `dateAdded`, `name`, `status`, ...).
 * Operators: `=`, `<`, `>`, `^` (starts with), `!` (not equal), plus `<=`, `>=`, `!=` for v3 callers.
 */
export interface Condition {
  field: string;
  op: '=' | '<' | '>' | '^' | '!' | '!=' | '<=' | '>=';
  value: string;
}

export interface ListQuery {
  /** restrict to one owner (v2 lists always do; association lists may span owners) */
  ownerId?: number;
  /** restrict to these owners (v3 lists over every owner of the user), in one query */
  ownerIds?: number[];
  /** restrict to one type (name, branch or entity) */
  type?: string;
  conditions?: Condition[];
  /** OR the conditions instead of AND (v2 `orParams=true`) */
  anyCondition?: boolean;
  /** items associated with this item (optionally through a custom association type) */
  associatedWith?: AssociationRef;
  associationType?: string;
  /** items carrying this tag / security label */
  tagId?: number;
  labelId?: number;
  start?: number;
  limit?: number;
  /** compute `total` (skip it on later pages: it costs a COUNT) */
  withTotal?: boolean;
}

export interface IndicatorListQuery extends ListQuery {
  /** `lastModified >= modifiedSince` */
  modifiedSince?: string;
  /** include inactive indicators even without an `active` condition */
  includeInactive?: boolean;
}

export interface ListResult<T> {
  items: T[];
  total?: number;
}
