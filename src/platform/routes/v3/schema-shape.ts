import type { FieldKind, FieldSpec, ObjectSchema, TqlType } from '../../../model/schema/types.js';
import { fieldsValueOf } from '../../../model/schema/index.js';
import type { PlatformResponse } from '../../http/respond.js';
import type { Router } from '../../http/router.js';
import { v3, v3Failure } from './respond.js';
import type { TqlFieldKind, TqlFields } from './tql.js';

/**
 * What the platform takes from the one schema (src/model/schema) for a v3 object: the writable part of a body,
 * the shape of an answer, and the OPTIONS descriptions. Used by the metadata families (tags, labels, attribute types,
 * attributes); the keyword evaluators stay beside each family, and OPTIONS /tql names only keywords they evaluate.
 */

type Body = Record<string, unknown>;

/**
 * Refuses body keys the object does not have (a 400 naming them); read-only and create-only ones pass here and are
 * ignored by the writers, so an item exactly as a GET answered it can be written back.
 */
export function refuseUnknownFields(schema: ObjectSchema, body: Body): void {
  // ownerName picks the owner of a create (the routes read it) even where it is not a field of the object
  const unknown = Object.keys(body).filter((k) => k !== 'ownerName' && !schema.fields.some((f) => f.name === k));
  if (unknown.length) {
    throw v3Failure(400, `${unknown.join(', ')}: not a field of ${schema.name} (fields: ${schema.fields.map((f) => f.name).join(', ')})`);
  }
}

/**
 * The fields of a create or update body the caller may write. Read-only fields (and create-only ones on update) are
 * ignored, so a PUT of the object exactly as a GET returned it succeeds; unknown names, wrong kinds, overlong text
 * and, on create, missing required fields are a 400 naming field and value.
 */
export function writableBody(schema: ObjectSchema, body: Body, mode: 'create' | 'update'): Body {
  refuseUnknownFields(schema, body);
  const out: Body = {};
  for (const spec of schema.fields) {
    const value = body[spec.name];
    if (spec.readOnly || (mode === 'update' && spec.createOnly)) continue;
    if (value === undefined) {
      if (mode === 'create' && spec.required) throw v3Failure(400, `${spec.name}: ${schema.name} requires ${spec.name}`);
      continue;
    }
    checkKind(schema, spec, value);
    out[spec.name] = value;
  }
  return out;
}

function checkKind(schema: ObjectSchema, spec: FieldSpec, value: unknown): void {
  const bad = (expected: string) => v3Failure(400, `${spec.name}: expected ${expected}, got ${JSON.stringify(value)}`);
  if (value === null) {
    if (spec.required) throw bad('a value');
    return;
  }
  switch (kindName(spec.kind)) {
    case 'string':
    case 'date':
      if (typeof value !== 'string') throw bad('text');
      if (spec.required && !value.trim()) throw bad('non-empty text');
      if (spec.maxLength !== undefined && value.length > spec.maxLength) {
        throw v3Failure(400, `${spec.name}: ${schema.name} ${spec.name} may have at most ${spec.maxLength} characters, got ${value.length}`);
      }
      if (spec.values && !spec.values.includes(value)) throw bad(`one of ${spec.values.join(', ')}`);
      return;
    case 'integer':
      if (!Number.isInteger(value)) throw bad('an integer');
      return;
    case 'decimal':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw bad('a number');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') throw bad('true or false');
      return;
    case 'collection':
      if (typeof value !== 'object' || Array.isArray(value) || !Array.isArray((value as { data?: unknown }).data)) throw bad('{"data":[...],"mode":"append|replace|delete"}');
      return;
    default:
      return;
  }
}

function kindName(kind: FieldKind): string {
  if (typeof kind === 'string') return kind;
  return 'collection' in kind ? 'collection' : 'object';
}

/**
 * An item as the schema allows it: default fields, plus the opt-in ones asked for with `fields=`; absent values
 * are left out. Keeps renderers from answering a field the schema (and so the SDK) does not know.
 */
export function shapeItem(schema: ObjectSchema, item: Body, fields: readonly string[]): Body {
  const out: Body = {};
  for (const spec of schema.fields) {
    if (spec.optIn && !fields.includes(spec.name)) continue;
    const value = item[spec.name];
    if (value !== undefined && value !== null) out[spec.name] = value;
  }
  return out;
}

/** The names `fields=` accepts for the object: its opt-in fields, under their `fieldsValue` when one groups several. */
export function optInFields(schema: ObjectSchema): string[] {
  return [...new Set(schema.fields.filter((f) => f.optIn).map(fieldsValueOf))];
}

/** `OPTIONS /v3/<path>/fields`: one entry per `fields=` value (`threatAssess` stands for its five fields). */
export function describeSchemaFields(schema: ObjectSchema): PlatformResponse {
  const data = optInFields(schema).map((name) => {
    const members = schema.fields.filter((f) => f.optIn && fieldsValueOf(f) === name);
    const description = members.find((f) => f.name === name)?.description ?? `Adds ${members.map((f) => f.name).join(', ')}.`;
    return { name, description, includedByDefault: false };
  });
  return { status: 200, body: { data, count: data.length, status: 'Success' } };
}

/**
 * `OPTIONS /v3/<path>/tql`: every keyword of the schema under its real name, as the real API lists them; a keyword
 * the local platform cannot evaluate is refused by name when a query uses it (routes/v3/tql.ts), not hidden here.
 */
export function describeSchemaKeywords(schema: ObjectSchema): PlatformResponse {
  const data = schema.tql.map((k) => ({ keyword: k.keyword, name: k.name, type: k.type, description: k.description }));
  return { status: 200, body: { data, count: data.length, status: 'Success' } };
}

/** `OPTIONS /v3/<path>` (`?show=readOnly` adds read-only fields): every field with its kind and flags. */
export function describeSchemaObject(schema: ObjectSchema, showReadOnly: boolean): PlatformResponse {
  const data: Body = {};
  for (const f of schema.fields) {
    if (f.readOnly && !showReadOnly) continue;
    data[f.name] = {
      type: kindName(f.kind) === 'collection' || kindName(f.kind) === 'object' ? Object.values(f.kind as object)[0] : f.kind,
      description: f.description,
      ...(f.required ? { required: true } : {}),
      ...(f.readOnly ? { readOnly: true } : {}),
      ...(f.createOnly ? { updatable: false } : {}),
      ...(f.maxLength !== undefined ? { maxLength: f.maxLength } : {}),
    };
  }
  return { status: 200, body: { data, status: 'Success' } };
}

const KIND_OF: Record<TqlType, TqlFieldKind> = {
  String: 'string',
  StringLower: 'string',
  Enum: 'string',
  Assoc: 'string',
  Integer: 'number',
  BigInteger: 'number',
  BigDecimal: 'number',
  Boolean: 'boolean',
  Date: 'date',
};

/** TQL keywords of the schema, each read by the getter given for it; a keyword without a getter is a startup error. */
export function schemaKeywords<R>(schema: ObjectSchema, getters: Record<string, (row: R) => unknown>): TqlFields<R> {
  const out: TqlFields<R> = {};
  for (const k of schema.tql) {
    if (k.nested) continue;
    const get = getters[k.keyword];
    if (!get) throw new Error(`${schema.name}: TQL keyword ${k.keyword} has no getter`);
    out[k.keyword] = { kind: KIND_OF[k.type], get };
  }
  return out;
}

/**
 * The keywords a collection evaluates, by name and kind, for what describes a collection without a store at hand
 * (a V3ItemSpec's `keywords`); the list itself evaluates the getters its `collection(store)` supplies.
 */
export function describedKeywords<R>(schema: ObjectSchema): TqlFields<R> {
  return Object.fromEntries(schema.tql.filter((k) => !k.nested).map((k) => [k.keyword, { kind: KIND_OF[k.type], get: () => undefined }]));
}

/** OPTIONS on the collection (`?show=readOnly` adds the read-only fields), `/fields` and `/tql`, from the schema. */
export function registerSchemaOptions(router: Router, base: string, schema: ObjectSchema): void {
  router.add('OPTIONS', base, v3((req) => describeSchemaObject(schema, /^readonly$/i.test(req.query.get('show') ?? ''))));
  router.add('OPTIONS', `${base}/tql`, v3(() => describeSchemaKeywords(schema)));
  router.add('OPTIONS', `${base}/fields`, v3(() => describeSchemaFields(schema)));
}
