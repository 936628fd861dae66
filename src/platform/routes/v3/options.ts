import type { PlatformResponse } from '../../http/respond.js';
import type { TqlFields } from './tql.js';

const TYPE_NAMES = { string: 'StringLower', number: 'Integer', date: 'Date', boolean: 'Boolean' } as const;

/** `OPTIONS /v3/<collection>/tql`: the keywords the platform's TQL understands for a collection. */
export function describeKeywords(keywords: TqlFields<never>): PlatformResponse {
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
