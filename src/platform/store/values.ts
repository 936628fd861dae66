import { TiInputError, describe } from './errors.js';
import { apiDate, parseIsoUtc } from '../../core/dates.js';

/** `2017-07-13T17:50:17Z`: the stored and returned form of every date. */
export function isoSeconds(ms: number): string {
  return apiDate(ms);
}

/**
 * Any ISO-8601 date (bare date, offsets, fractions, no zone = UTC) or epoch seconds/ms → stored form.
 * undefined stays undefined (field untouched); null and '' clear.
 */
export function dateField(field: string, value: unknown): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  let ms: number;
  if (typeof value === 'number' && Number.isFinite(value)) {
    ms = value < 1e11 ? value * 1000 : value;
  } else if (typeof value === 'string') {
    ms = parseIsoUtc(value) ?? NaN;
  } else {
    ms = NaN;
  }
  if (!Number.isFinite(ms)) throw new TiInputError(field, `${field}: ${describe(value)} is not a valid date (use ISO-8601, e.g. 2017-07-13T17:50:17Z)`);
  return isoSeconds(ms);
}

/** Booleans arrive as true/false, "true"/"false" (v2 strings) or 1/0 (tcex). */
export function boolField(field: string, value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
  }
  throw new TiInputError(field, `${field}: ${describe(value)} is not a boolean (true or false)`);
}

export function nullableBoolField(field: string, value: unknown): boolean | null | undefined {
  if (value === null || value === '') return null;
  return boolField(field, value);
}

/** A number in [min, max] (integer when asked); numeric strings are accepted, anything else is refused. */
export function numberField(
  field: string,
  entity: string,
  value: unknown,
  min: number,
  max: number,
  integer = false,
): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
    throw new TiInputError(
      field,
      `The ${field} for this ${entity} is invalid, please enter ${integer ? 'a whole number' : 'a number'} between ${min}-${max} (got ${describe(value)})`,
    );
  }
  return n;
}

/** Optional text with a maximum length; non-strings are refused rather than coerced. */
export function textField(field: string, value: unknown, max = 65_500): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value === 'number' || typeof value === 'boolean') value = String(value);
  if (typeof value !== 'string') throw new TiInputError(field, `${field}: ${describe(value)} is not text`);
  if (value.length > max) throw new TiInputError(field, `${field}: ${value.length} characters is longer than the maximum of ${max}`);
  return value;
}

export const bit = (b: boolean | null | undefined): number | null | undefined => (b === undefined ? undefined : b === null ? null : b ? 1 : 0);
