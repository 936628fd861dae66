import { schemaByPath } from '../../../model/schema/index.js';
import type { PlatformResponse } from '../../http/respond.js';
import type { TqlFields } from './tql.js';

const TYPE_NAMES = { string: 'StringLower', number: 'Integer', date: 'Date', boolean: 'Boolean', nested: 'Assoc' } as const;

/**
 * `OPTIONS /v3/<collection>/tql`: the real API's keywords of the object, from the one schema (src/model/schema),
 * with their display names and types; collections the schema lacks list what the platform evaluates.
 */
export function describeKeywords(keywords: TqlFields<never>, base?: string): PlatformResponse {
  const schema = base ? schemaByPath(base) : undefined;
  if (schema) {
    const data = schema.tql.map((k) => ({ keyword: k.keyword, name: k.name, type: k.type, description: k.description }));
    return { status: 200, body: { data, count: data.length, status: 'Success' } };
  }
  const data = Object.entries(keywords).map(([keyword, f]) => ({
    keyword,
    name: keyword.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase()),
    type: TYPE_NAMES[f.kind],
  }));
  return { status: 200, body: { data, count: data.length, status: 'Success' } };
}

/** `OPTIONS /v3/<collection>/fields`: the opt-in fields `fields=` accepts. */
export function describeFields(fields: readonly string[]): PlatformResponse {
  return { status: 200, body: { data: fields.map((name) => ({ name, includedByDefault: false })), count: fields.length, status: 'Success' } };
}
