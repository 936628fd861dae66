import type { EscapeMode } from './values.js';

/**
 * Escaping for the `key="value"` extensions of CEF, LEEF and key/value output, and for CEF/LEEF headers.
 * The legacy SDK escaped almost nothing, so a `|` in a description split the CEF header, a `"` ended a value early
 * and a newline split one record into two lines.
 */

/** A header field: backslash and pipe escaped; line breaks cannot appear in a header, so they become spaces. */
export function escapeHeader(value: string, mode: EscapeMode): string {
  if (mode === 'legacy') return value;
  return value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r\n|\r|\n/g, ' ');
}

/** A quoted extension value: backslash, quote and control characters escaped; `=` too when the format needs it. */
export function escapeValue(value: string, mode: EscapeMode, escapeEquals: boolean): string {
  if (mode === 'legacy') return value;
  let out = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t');
  if (escapeEquals) out = out.replace(/=/g, '\\=');
  return out;
}

/**
 * The legacy CEF value escaping: its first replacement was meant for `"` but searches for two quotes and puts a
 * single backslash in their place; the second escapes `=`. Kept only for byte-identical legacy output.
 */
export function legacyCefValue(value: string): string {
  return value.replace(/""/g, '\\').replace(/=/g, '\\=');
}

/** A key: the legacy output printed custom field labels such as `Key Name` as they are; spaces break parsers. */
export function escapeKey(key: string, mode: EscapeMode): string {
  if (mode === 'legacy') return key;
  const clean = key.replace(/[^A-Za-z0-9_.]/g, '');
  return clean || 'field';
}

/** One `key="value" ` pair, trailing space included (part of the legacy format). */
export function pair(key: string, value: string): string {
  return `${key}="${value}" `;
}
