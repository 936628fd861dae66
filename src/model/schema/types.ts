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
  /** allowed values per sub-type, when they differ by type (a group's `status`) */
  readonly valuesFor?: Readonly<Record<string, readonly string[]>>;
  /** read-only for these sub-types only (a Document's `status` is set by the platform, an Event's is written) */
  readonly readOnlyFor?: readonly string[];
  /** the `fields=` value that turns this opt-in field on when it is not the field's own name (`threatAssess`) */
  readonly fieldsValue?: string;
  /** an indicator value field's position in the summary (`md5` 1, `sha1` 2, `sha256` 3) */
  readonly summaryPosition?: 1 | 2 | 3;
  /** a create may leave it out: the platform then sets the current time (an Event's `eventDate`) */
  readonly nowIfMissing?: boolean;
  /** sub-types whose batch jobs may leave this required field out (a Report's `fileName`) */
  readonly optionalInBatchFor?: readonly string[];
  /**
   * platform storage column when the default does not apply: writable type-specific fields are stored in a column
   * named from the field (`eventType` → `event_type`); a read-only field is stored only when it names its column
   */
  readonly column?: string;
  /** written, never answered (a malware Document's zip password) */
  readonly writeOnly?: boolean;
  /** on every item answered, nested ones included (an indicator's `summary`): the SDK's item type has it required */
  readonly alwaysAnswered?: boolean;
}

/** A sub-type of an object (a group or indicator type): its v3 name and its v2 path branch and entity key. */
export interface SubTypeSpec {
  readonly name: string;
  /** v2 path branch: `adversaries` */
  readonly v2Branch: string;
  /** v2 entity key: `adversary` */
  readonly v2Entity: string;
  /** served apart from its siblings in v2 (a Task lives under `/v2/tasks`, not `/v2/groups`) */
  readonly v2Apart?: boolean;
  /** carries an uploaded file (`/upload`, `/download`; a batch builder's `fileContent`) */
  readonly carriesFile?: boolean;
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
  /** the sub-types (group types, indicator types) that `appliesTo` names */
  readonly subTypes?: readonly SubTypeSpec[];
}

/** Identity function that checks an object definition against the format (and keeps its literal types). */
export function defineObject<const S extends ObjectSchema>(schema: S): S {
  return schema;
}
