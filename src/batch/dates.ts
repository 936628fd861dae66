import { anyToDate, type AnyDate } from '../app/dates.js';
import { apiDate } from '../utils/api-date.js';

/**
 * Dates on the batch wire are `YYYY-MM-DDTHH:MM:SSZ` (UTC, seconds). Accepts whatever `anyToDate` reads (a Date,
 * epoch seconds or milliseconds, ISO-8601 with or without a time or offset, phrases such as `yesterday` or
 * `3 days ago`); undefined when it cannot.
 */
export function toWireDate(value: unknown, now: () => number = Date.now): string | undefined {
  if (!(value instanceof Date) && typeof value !== 'string' && typeof value !== 'number') return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  try {
    return apiDate(anyToDate(value as AnyDate, { now: new Date(now()) }));
  } catch {
    return undefined;
  }
}
