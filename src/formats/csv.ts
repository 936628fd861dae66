import type { EscapeMode } from './values.js';

/**
 * CSV per the Excel dialect the legacy SDK used (Python's csv module): comma delimiter, `"` quotes doubled, rows
 * ended by CRLF, fields quoted only when they need it. In `spec` mode fields with leading or trailing whitespace
 * are quoted too: the legacy SDK right-stripped its text, silently cutting such whitespace off the last field.
 */
export function csvField(value: string | null | undefined, mode: EscapeMode = 'spec'): string {
  if (value === null || value === undefined) return '';
  const needs = /[",\r\n]/.test(value) || (mode === 'spec' && value !== value.trim());
  return needs ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRow(values: Array<string | null | undefined>, mode: EscapeMode = 'spec'): string {
  return values.map((v) => csvField(v, mode)).join(',');
}

export const CSV_EOL = '\r\n';
