import { TcApiError } from '../core/errors.js';

/**
 * The item inside a v2 `data` object: `data[entity]`, or the only item key when the server used another name
 * (asset endpoints name theirs by asset kind). An answer with no item is a protocol error, not an empty result.
 */
export function pickEntity<T>(data: Record<string, unknown> | undefined, entity: string): T {
  if (data && data[entity] !== undefined) return data[entity] as T;
  const keys = Object.keys(data ?? {}).filter((k) => k !== 'resultCount');
  if (data && keys.length === 1) return data[keys[0]] as T;
  throw new TcApiError(200, 'GET', '', `answer has no "${entity}" item (keys: ${keys.join(', ') || 'none'})`);
}
