/**
 * The Batch API V2 wire format, as the SDK sends it and the platform's batch engine reads it: the job settings
 * (`POST /v2/batch` config), the batch data JSON (`{"group":[...],"indicator":[...],"association":[...]}`), and what
 * the server answers (`data.batchStatus`, the errors file). The SDK builds these shapes; the engine validates raw JSON
 * against the same names and value lists, so a new setting or write type is added here once.
 */

// ---- job settings ----

export const BATCH_VERSIONS = ['V1', 'V2'] as const;
export const BATCH_ACTIONS = ['Create', 'Delete'] as const;
export const ATTRIBUTE_WRITE_TYPES = ['Append', 'Replace', 'Singleton', 'Static'] as const;
/** how tags and security labels of an existing item are written */
export const LIST_WRITE_TYPES = ['Append', 'Replace'] as const;
export const HASH_COLLISION_MODES = ['Split', 'IgnoreIncoming', 'IgnoreExisting', 'FavorIncoming', 'FavorExisting'] as const;
export const FILE_MERGE_MODES = ['Distribute', 'Merge'] as const;

export type BatchVersion = (typeof BATCH_VERSIONS)[number];
export type BatchAction = (typeof BATCH_ACTIONS)[number];
export type AttributeWriteType = (typeof ATTRIBUTE_WRITE_TYPES)[number];
export type ListWriteType = (typeof LIST_WRITE_TYPES)[number];
export type HashCollisionMode = (typeof HASH_COLLISION_MODES)[number];
export type FileMergeMode = (typeof FILE_MERGE_MODES)[number];

/** A job's settings with every value decided (what the engine stores with the job). */
export interface BatchJobConfig {
  version: BatchVersion;
  /** Organization, Community or Source to write into */
  owner: string;
  haltOnError: boolean;
  action: BatchAction;
  attributeWriteType: AttributeWriteType;
  tagWriteType: ListWriteType;
  securityLabelWriteType: ListWriteType;
  fileMergeMode: FileMergeMode;
  hashCollisionMode: HashCollisionMode;
  playbookTriggersEnabled: boolean;
}

/**
 * The settings as they travel: TcEx sends every value as a string (booleans as `"true"`/`"false"`); the engine also
 * takes JSON booleans. Only `owner` is always present.
 */
export type BatchJobConfigWire = { owner: string } & Partial<Record<Exclude<keyof BatchJobConfig, 'owner'>, string>>;

// ---- the batch data JSON ----

export interface WireSecurityLabel {
  name: string;
  description?: string;
  color?: string;
}

export interface WireTag {
  name: string;
}

export interface WireAttribute {
  type: string;
  value: string;
  displayed?: boolean;
  source?: string;
  pinned?: boolean;
  securityLabel?: WireSecurityLabel[];
}

export interface WireFileOccurrence {
  fileName?: string;
  path?: string;
  date?: string;
}

export interface WireAssociatedIndicator {
  summary: string;
  indicatorType: string;
}

export interface WireGroup {
  name: string;
  type: string;
  xid: string;
  attribute?: WireAttribute[];
  securityLabel?: WireSecurityLabel[];
  tag?: WireTag[];
  associatedGroupXid?: string[];
  associatedIndicators?: WireAssociatedIndicator[];
  /** the type's own fields: `eventDate`, `status`, `fileName`, ... */
  [field: string]: unknown;
}

export interface WireIndicator {
  summary: string;
  type: string;
  xid?: string;
  rating?: number;
  confidence?: number;
  attribute?: WireAttribute[];
  securityLabel?: WireSecurityLabel[];
  tag?: WireTag[];
  associatedGroups?: Array<{ groupXid: string }>;
  fileOccurrence?: WireFileOccurrence[];
  /** the type's value fields and flags: `dnsActive` (`flag1`), `size` (`intValue1`), ... */
  [field: string]: unknown;
}

/** A top-level association: each end by xid (`ref`) or id, with its type. */
export interface WireAssociation {
  ref_1?: string;
  type_1?: string;
  id_1?: number;
  ref_2?: string;
  type_2?: string;
  id_2?: number;
  associationType?: string;
}

export interface WireData {
  group?: WireGroup[];
  indicator?: WireIndicator[];
  association?: WireAssociation[];
}

// ---- answers ----

export type BatchJobStatus = 'Created' | 'Queued' | 'Running' | 'Completed';

/** `data.batchStatus`; the per-kind counts and the echoed settings come with `includeAdditional=true`. */
export interface BatchStatusWire {
  id: number;
  status: BatchJobStatus;
  errorCount: number;
  /** groups and indicators saved (associations are counted apart) */
  successCount: number;
  unprocessCount: number;
  successGroupCount?: number;
  errorGroupCount?: number;
  unprocessGroupCount?: number;
  successIndicatorCount?: number;
  errorIndicatorCount?: number;
  unprocessIndicatorCount?: number;
  successAssociationCount?: number;
  errorAssociationCount?: number;
  unprocessAssociationCount?: number;
  action?: BatchAction;
  haltOnError?: boolean;
}

/** One entry of `GET /v2/batch/{id}/errors`: TcEx reads errorReason and errorSource; code and severity as `/results`. */
export interface BatchErrorWire {
  code: string;
  severity: 'Error' | 'Warning';
  errorReason: string;
  errorSource: string;
  errorMessage?: string;
}
