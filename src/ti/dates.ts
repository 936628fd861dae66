import { TcConfigError } from '../core/errors.js';
import type { DateInput } from './types.js';
import { apiDate, parseIsoUtc } from '../core/dates.js';

/**
 * A date for the wire: a Date becomes `2017-07-13T17:50:17Z`; an ISO-8601 string is kept as written (the API
 * accepts bare dates and offsets). Anything else → TcConfigError naming the field.
 */
export function isoDate(field: string, value: DateInput): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TcConfigError(field, String(value), 'must be a valid date');
    return apiDate(value);
  }
  if (typeof value !== 'string' || parseIsoUtc(value) === undefined) {
    throw new TcConfigError(field, value, 'must be an ISO-8601 date such as 2017-07-13 or 2017-07-13T13:36:53-04:00, or a Date');
  }
  return value.trim();
}
