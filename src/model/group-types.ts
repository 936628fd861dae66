import { groupSchema as literalSchema } from './schema/group.js';
import { fieldNamed, readOnlyFor, type ObjectSchema } from './schema/index.js';

// the schema seen through its format (the literal type's unions are too narrow to filter over)
const groupSchema: ObjectSchema = literalSchema;
const SUB_TYPES = groupSchema.subTypes ?? [];

/**
 * The group types: names, v2 branches and entities, and their type-specific fields, all derived from the one schema
 * (`schema/group.ts`): a field added there shows up here. Shared by the SDK and the local platform.
 */
export interface GroupTypeInfo {
  name: string;
  branch: string;
  entity: string;
  /** writable type-specific fields beyond name and the common dates */
  fields: string[];
  /** fields required on create (besides name) */
  required: string[];
  /** date fields a create may leave out: the platform then sets them to the current time (Event, Incident) */
  nowIfMissing?: string[];
  /** required fields a batch job may leave out (a Report's fileName: required by v2, optional in batch) */
  optionalInBatch?: string[];
  /** allowed `status` values, when the type has a status */
  statuses?: readonly string[];
}

export { EVENT_STATUSES, INCIDENT_STATUSES, DOCUMENT_STATUSES, SIGNATURE_FILE_TYPES, TASK_STATUSES } from './schema/group.js';

const SCALAR = new Set(['string', 'integer', 'decimal', 'boolean', 'date', 'json']);

/** Dates every group type may carry (batch and v2): the schema's writable dates that apply to every type. */
export const COMMON_GROUP_DATES = groupSchema.fields
  .filter((f) => f.kind === 'date' && !f.appliesTo && !f.readOnly && !f.createOnly)
  .map((f) => f.name) as readonly string[] as readonly ('firstSeen' | 'lastSeen' | 'externalDateAdded' | 'externalDateExpires' | 'externalLastModified')[];

/** A group type's catalogue entry, built from the schema's sub-type and the fields that apply to it. */
export function groupTypeFromSchema(name: string): GroupTypeInfo | undefined {
  const sub = SUB_TYPES.find((t) => t.name === name);
  if (!sub) return undefined;
  const own = groupSchema.fields.filter((f) => f.appliesTo?.includes(name) === true);
  const writable = own.filter((f) => SCALAR.has(f.kind as string) && !readOnlyFor(f, name) && !f.optIn);
  const info: GroupTypeInfo = {
    name: sub.name,
    branch: sub.v2Branch,
    entity: sub.v2Entity,
    fields: writable.map((f) => f.name),
    required: writable.filter((f) => f.required).map((f) => f.name),
  };
  const statuses = fieldNamed(groupSchema, 'status')?.valuesFor?.[name];
  if (statuses && writable.some((f) => f.name === 'status')) info.statuses = statuses;
  const now = writable.filter((f) => f.nowIfMissing).map((f) => f.name);
  if (now.length) info.nowIfMissing = now;
  const optional = writable.filter((f) => f.required && f.optionalInBatchFor?.includes(name)).map((f) => f.name);
  if (optional.length) info.optionalInBatch = optional;
  return info;
}

/** The group types v2 serves under `/v2/groups` (tasks live apart, under `/v2/tasks`). */
export const GROUP_TYPES: readonly GroupTypeInfo[] = SUB_TYPES.filter((t) => !t.v2Apart).map((t) => groupTypeFromSchema(t.name) as GroupTypeInfo);

const byKey = new Map<string, GroupTypeInfo>();
for (const info of GROUP_TYPES) {
  for (const key of [info.name, info.branch, info.entity, info.name.replace(/\s+/g, '')]) byKey.set(key.toLowerCase(), info);
}

/** Finds a group type by name, branch or entity, case-insensitively. */
export function groupType(key: string): GroupTypeInfo | undefined {
  return byKey.get(key.trim().toLowerCase());
}
