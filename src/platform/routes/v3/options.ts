import { fieldsValueOf, optInValues, type FieldKind, type FieldSpec, type ObjectSchema } from '../../../model/schema/index.js';
import type { PlatformResponse } from '../../http/respond.js';

/**
 * The v3 OPTIONS answers, all from the one schema (`src/model/schema`): `OPTIONS /v3/<path>` (the fields a body
 * may carry; `?show=readOnly` adds the answered-only ones), `/fields` (the `fields=` values) and `/tql` (the TQL
 * keywords under their real names).
 */

const listing = (data: unknown[]): PlatformResponse => ({ status: 200, body: { data, count: data.length, status: 'Success' } });

/** A field kind as OPTIONS names it (the Java-flavoured type names the real answers use). */
function typeName(kind: FieldKind): string {
  if (typeof kind === 'object') return 'collection' in kind ? `${kind.collection}s` : kind.object;
  const names: Record<string, string> = {
    string: 'String',
    integer: 'Integer',
    decimal: 'BigDecimal',
    boolean: 'Boolean',
    date: 'Date',
    stringList: 'List<String>',
    integerList: 'List<Integer>',
    json: 'Object',
  };
  return names[kind] ?? String(kind);
}

function fieldJson(f: FieldSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { name: f.name, type: typeName(f.kind), description: f.description };
  if (f.required) out.required = true;
  if (f.readOnly) out.readOnly = true;
  if (f.createOnly) out.updatable = false;
  if (f.appliesTo) out.appliesTo = [...f.appliesTo];
  if (f.readOnlyFor) out.readOnlyFor = [...f.readOnlyFor];
  if (f.values) out.values = [...f.values];
  if (f.maxLength) out.maxLength = f.maxLength;
  return out;
}

/** `OPTIONS /v3/<path>`: writable fields by default, every field with `show=readOnly` (any case). */
export function describeObject(schema: ObjectSchema, showReadOnly: boolean): PlatformResponse {
  return listing(schema.fields.filter((f) => showReadOnly || !f.readOnly).map(fieldJson));
}

/** `OPTIONS /v3/<path>/fields`: each `fields=` value with what it adds. */
export function describeFields(schema: ObjectSchema): PlatformResponse {
  const data = optInValues(schema).map((name) => {
    const members = schema.fields.filter((f) => f.optIn && fieldsValueOf(f) === name);
    const own = members.find((f) => f.name === name);
    const description = own?.description ?? `Adds ${members.map((f) => f.name).join(', ')}.`;
    return { name, description, includedByDefault: false };
  });
  return listing(data);
}

/** `OPTIONS /v3/<path>/tql`: the TQL keywords of the object. */
export function describeKeywords(schema: ObjectSchema): PlatformResponse {
  return listing(schema.tql.map((k) => ({ keyword: k.keyword, name: k.name, type: k.type, description: k.description })));
}

/** `OPTIONS /v3/<path>/tql` for a collection without a schema object yet: its evaluator's keywords. */
export function describeKeywordNames(keywords: Record<string, { kind: string }>): PlatformResponse {
  const types: Record<string, string> = { string: 'StringLower', number: 'Integer', date: 'Date', boolean: 'Boolean', nested: 'Assoc' };
  return listing(
    Object.entries(keywords).map(([keyword, f]) => ({
      keyword,
      name: keyword.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase()),
      type: types[f.kind] ?? 'String',
    })),
  );
}

/** `OPTIONS /v3/<path>/fields` for a collection without a schema object yet. */
export function describeFieldNames(fields: readonly string[]): PlatformResponse {
  return listing(fields.map((name) => ({ name, includedByDefault: false })));
}
