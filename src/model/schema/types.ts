/**
 * The format of the one schema: every threat-intelligence object type the SDK and the platform share is described
 * once, as an `ObjectSchema`, in its own file beside this one (`indicator.ts`, `group.ts`, `tag.ts`, ...). From it:
 * - the SDK's v3 types, typed builders and factory methods are generated (`npm run generate`, output checked in CI);
 * - the platform validates bodies (read-only fields ignored, unknown ones refused), stores, renders items, and
 *   answers `OPTIONS /v3/<path>`, `/fields` and `/tql`.
 * A field or TQL keyword is added by adding one entry here and running the generator; nothing else is written by
 * hand for it.
 */

/** The object types of the schema (v3 names, singular). */
export type ObjectName =
  | 'Indicator'
  | 'Group'
  | 'Tag'
  | 'SecurityLabel'
  | 'AttributeType'
  | 'IndicatorAttribute'
  | 'GroupAttribute'
  | 'VictimAttribute'
  | 'Victim'
  | 'VictimAsset'
  | 'FileAction'
  | 'FileOccurrence'
  | 'Owner'
  | 'User'
  | 'UserGroup'
  | 'OwnerRole'
  | 'SystemRole'
  | 'ExclusionList';

/** A value's kind on the wire (v3 JSON). */
export type FieldKind =
  | 'string'
  | 'integer'
  | 'decimal'
  | 'boolean'
  | 'date'
  | 'stringList'
  | 'integerList'
  | 'json'
  /** a nested collection, wrapped as `{"data":[...]}` and written with a `mode` (append, replace, delete) */
  | { collection: ObjectName }
  /** one nested object */
  | { object: ObjectName };

export interface FieldSpec {
  /** the v3 wire name: `summary`, `associatedGroups`, `"AS Number"` */
  readonly name: string;
  readonly kind: FieldKind;
  /** what it holds, in our own words (OPTIONS answers) */
  readonly description: string;
  /** answered, never written: a PUT or POST carrying it is not refused, the value is ignored */
  readonly readOnly?: boolean;
  /** writable on create only (an indicator's value fields); later writes are ignored like read-only ones */
  readonly createOnly?: boolean;
  /** a create without it is a 400 naming the field */
  readonly required?: boolean;
  /** only for these sub-types (group, indicator or victim asset type names); absent: every sub-type */
  readonly appliesTo?: readonly string[];
  /** answered only when `fields=` names it (the `fields=` value is the field's name) */
  readonly optIn?: boolean;
  /** v2 name when it differs; `false` when v2 does not have the field */
  readonly v2?: string | false;
  /** allowed values (statuses, file types) */
  readonly values?: readonly string[];
  readonly maxLength?: number;
}

/** TQL value types as `OPTIONS /v3/<path>/tql` names them. */
export type TqlType = 'String' | 'StringLower' | 'Integer' | 'BigInteger' | 'BigDecimal' | 'Boolean' | 'Date' | 'Enum' | 'Assoc';

export interface TqlKeywordSpec {
  /** `summary`, `typeName`, `hasGroup` */
  readonly keyword: string;
  /** display name: `Summary` */
  readonly name: string;
  readonly type: TqlType;
  readonly description: string;
  /** `has<Type>(...)` keywords: the object type the nested query runs over */
  readonly nested?: ObjectName;
}

export type V3Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ObjectSchema {
  readonly name: ObjectName;
  /** path below `/v3/`: `indicators`, `security/owners` */
  readonly path: string;
  readonly description: string;
  /** methods the real API allows on the collection and its items */
  readonly methods: readonly V3Method[];
  readonly fields: readonly FieldSpec[];
  readonly tql: readonly TqlKeywordSpec[];
}

/** Identity function that checks an object definition against the format (and keeps its literal types). */
export function defineObject<const S extends ObjectSchema>(schema: S): S {
  return schema;
}
