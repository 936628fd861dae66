import { attributeTypeSchema } from './attribute-type.js';
import { EXCLUSION_LIST } from './exclusion-list.js';
import { groupSchema } from './group.js';
import { groupAttributeSchema } from './group-attribute.js';
import { indicatorSchema } from './indicator.js';
import { indicatorAttributeSchema } from './indicator-attribute.js';
import { OWNER } from './owner.js';
import { OWNER_ROLE } from './owner-role.js';
import { securityLabelSchema } from './security-label.js';
import { SYSTEM_ROLE } from './system-role.js';
import { tagSchema } from './tag.js';
import { USER } from './user.js';
import { USER_GROUP } from './user-group.js';
import { VICTIM } from './victim.js';
import { VICTIM_ASSET } from './victim-asset.js';
import { VICTIM_ATTRIBUTE } from './victim-attribute.js';
import type { FieldSpec, ObjectName, ObjectSchema } from './types.js';

export * from './types.js';
export { groupSchema, EVENT_STATUSES, INCIDENT_STATUSES, DOCUMENT_STATUSES, TASK_STATUSES, SIGNATURE_FILE_TYPES } from './group.js';
export { indicatorSchema } from './indicator.js';

/**
 * Every object of the one schema. A new object type: write `src/model/schema/<object>.ts`, add it to this list (one
 * line, kept in alphabetical order so parallel additions merge cleanly), run `npm run generate`.
 */
const ALL: readonly ObjectSchema[] = [
  attributeTypeSchema,
  EXCLUSION_LIST,
  groupAttributeSchema,
  groupSchema,
  indicatorAttributeSchema,
  indicatorSchema,
  OWNER,
  OWNER_ROLE,
  securityLabelSchema,
  SYSTEM_ROLE,
  tagSchema,
  USER,
  USER_GROUP,
  VICTIM,
  VICTIM_ASSET,
  VICTIM_ATTRIBUTE,
];

/** The schema of each object type, by name. */
export const SCHEMAS: Readonly<Partial<Record<ObjectName, ObjectSchema>>> = Object.fromEntries(ALL.map((s) => [s.name, s]));

const byPath = new Map(ALL.map((s) => [s.path.toLowerCase(), s]));

/** The object served at `/v3/<path>` (`indicators`, `security/owners`), if the schema has it. */
export function schemaByPath(path: string): ObjectSchema | undefined {
  return byPath.get(path.replace(/^\/+|\/+$/g, '').replace(/^v3\//i, '').toLowerCase());
}

/** Every schema object, in a stable order (by name). */
export function allSchemas(): readonly ObjectSchema[] {
  return [...ALL].sort((a, b) => a.name.localeCompare(b.name));
}

/** Whether a field belongs to a sub-type (fields without `appliesTo` belong to all). */
export function appliesTo(field: FieldSpec, subType: string): boolean {
  return !field.appliesTo || field.appliesTo.includes(subType);
}

/** Whether a field is answered-only for a sub-type (read-only for all, or for this one). */
export function readOnlyFor(field: FieldSpec, subType?: string): boolean {
  return field.readOnly === true || (subType !== undefined && (field.readOnlyFor?.includes(subType) ?? false));
}

/** The `fields=` value that turns a field on (its own name unless `fieldsValue` says otherwise). */
export function fieldsValueOf(field: FieldSpec): string {
  return field.fieldsValue ?? field.name;
}

/** The distinct `fields=` values of an object, sorted. */
export function optInValues(schema: ObjectSchema): string[] {
  return [...new Set(schema.fields.filter((f) => f.optIn).map(fieldsValueOf))].sort();
}

/** The fields of an object that apply to a sub-type, in schema order. */
export function fieldsOf(schema: ObjectSchema, subType?: string): FieldSpec[] {
  return schema.fields.filter((f) => subType === undefined || appliesTo(f, subType));
}

/** A field by its v3 name. */
export function fieldNamed(schema: ObjectSchema, name: string): FieldSpec | undefined {
  return schema.fields.find((f) => f.name === name);
}

/** snake_case of a field name, used for a storage column: `eventType` → `event_type`, `AS Number` → `as_number`. */
export function columnName(field: string): string {
  return field
    .replace(/\s+/g, '_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The names of an object's date fields (formatted to the wire form whoever sets them). */
export function dateFields(schema: ObjectSchema): string[] {
  return schema.fields.filter((f) => f.kind === 'date').map((f) => f.name);
}

/** The items of `OPTIONS /v3/<path>/fields`: each `fields=` value with what it adds. */
export function fieldsOptions(schema: ObjectSchema): Array<{ name: string; description: string; includedByDefault: boolean }> {
  return optInValues(schema).map((name) => {
    const own = schema.fields.find((f) => f.name === name && f.optIn) ?? schema.fields.find((f) => f.optIn && fieldsValueOf(f) === name);
    return { name, description: own?.description ?? name, includedByDefault: false };
  });
}

/** The items of `OPTIONS /v3/<path>/tql`: each keyword with its display name, type and description. */
export function tqlOptions(schema: ObjectSchema): Array<{ keyword: string; name: string; type: string; description: string }> {
  return schema.tql.map((k) => ({ keyword: k.keyword, name: k.name, type: k.type, description: k.description }));
}

/** The names a body may write for a sub-type: on create (with create-only ones) or on update. */
export function writableNames(schema: ObjectSchema, subType: string | undefined, creating: boolean): string[] {
  return fieldsOf(schema, subType)
    .filter((f) => !readOnlyFor(f, subType) && (creating || !f.createOnly))
    .map((f) => f.name);
}
