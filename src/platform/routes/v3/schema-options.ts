import type { FieldSpec, ObjectSchema, TqlType } from '../../../model/schema/types.js';
import type { PlatformRequest } from '../../http/request.js';
import type { PlatformResponse } from '../../http/respond.js';
import type { Router } from '../../http/router.js';
import { v3, v3Failure } from './respond.js';
import type { TqlFieldKind, TqlFields } from './tql.js';

/**
 * What a v3 collection takes from its schema entry (src/model/schema): the `fields=` names, the OPTIONS answers,
 * the TQL keywords (each with the getter the collection supplies), and which body fields a write may carry.
 */

/** The `fields=` values of an object: its opt-in fields. */
export function optInFields(schema: ObjectSchema): string[] {
  return schema.fields.filter((f) => f.optIn).map((f) => f.name);
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

const fieldType = (f: FieldSpec): string =>
  typeof f.kind === 'string' ? f.kind : 'collection' in f.kind ? `${f.kind.collection}s` : f.kind.object;

/** OPTIONS on the collection (`?show=readOnly` adds the read-only fields), `/fields` and `/tql`, from the schema. */
export function registerSchemaOptions(router: Router, base: string, schema: ObjectSchema): void {
  router.add('OPTIONS', base, v3((req) => describeObject(req, schema)));
  router.add(
    'OPTIONS',
    `${base}/fields`,
    v3(() => {
      const data = schema.fields.filter((f) => f.optIn).map((f) => ({ name: f.name, description: f.description, includedByDefault: false }));
      return { status: 200, body: { data, count: data.length, status: 'Success' } };
    }),
  );
  router.add(
    'OPTIONS',
    `${base}/tql`,
    v3(() => {
      const data = schema.tql.map((k) => ({ keyword: k.keyword, name: k.name, type: k.type, description: k.description }));
      return { status: 200, body: { data, count: data.length, status: 'Success' } };
    }),
  );
}

function describeObject(req: PlatformRequest, schema: ObjectSchema): PlatformResponse {
  const showReadOnly = (req.query.get('show') ?? '').toLowerCase() === 'readonly';
  const body: Record<string, unknown> = {};
  for (const f of schema.fields) {
    if (f.readOnly && !showReadOnly) continue;
    body[f.name] = {
      type: fieldType(f),
      description: f.description,
      ...(f.readOnly ? { readOnly: true } : {}),
      ...(f.required ? { required: true } : {}),
      ...(f.values ? { values: f.values } : {}),
      ...(f.appliesTo ? { appliesTo: f.appliesTo } : {}),
      ...(f.maxLength ? { maxLength: f.maxLength } : {}),
    };
  }
  return { status: 200, body };
}

/**
 * The fields of a write body the object lets this write change: read-only fields (and create-only ones on an
 * update) are dropped, as a PUT of a GET's answer must succeed; a name the object does not have is a 400.
 * `required` fields missing on a create are a 400 naming them.
 */
export function writableFields(schema: ObjectSchema, body: Record<string, unknown>, creating: boolean): Record<string, unknown> {
  const byName = new Map(schema.fields.map((f) => [f.name, f]));
  const unknown = Object.keys(body).filter((k) => !byName.has(k) && k !== 'ownerName');
  if (unknown.length) {
    throw v3Failure(400, `${unknown.join(', ')}: not a field of ${schema.name} (fields: ${schema.fields.map((f) => f.name).join(', ')})`);
  }
  if (creating) {
    const missing = schema.fields.filter((f) => f.required && (body[f.name] === undefined || body[f.name] === null || body[f.name] === ''));
    if (missing.length) throw v3Failure(400, `${missing.map((f) => f.name).join(', ')}: required to create a ${schema.name}`);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    const f = byName.get(k);
    if (!f || f.readOnly || (f.createOnly && !creating) || v === undefined) continue;
    out[k] = v;
  }
  return out;
}
