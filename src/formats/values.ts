/**
 * How the legacy formats print values. The Python SDK printed through `str()`: `None` for missing values and
 * floats with a trailing `.0` (ratings arrive as floats, so `3` prints as `3.0`).
 */

/** Output mode: `spec` escapes what each format needs; `legacy` reproduces the Python SDK byte for byte. */
export type EscapeMode = 'spec' | 'legacy';

/** Fields the API sends as floats. */
const FLOAT_FIELDS = new Set(['rating', 'severity', 'threatAssessRating', 'threatAssessConfidence']);

export function pyFloat(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

/** A field value as text: `None` for null/undefined, booleans as the API spells them, floats with `.0`. */
export function renderValue(key: string, value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'number') return FLOAT_FIELDS.has(key) ? pyFloat(value) : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Sorted keys, by UTF-16 code unit (the same as Python's `sorted` for the ASCII keys used here). */
export function sortedKeys(keys: Iterable<string>): string[] {
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function isFloatField(key: string): boolean {
  return FLOAT_FIELDS.has(key);
}
