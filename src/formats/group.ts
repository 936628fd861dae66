import { csvRow } from './csv.js';
import { escapeValue, pair } from './escape.js';
import { sortedJson } from './json.js';
import { toFormatGroup, type FormatGroup } from './record.js';
import { renderValue, sortedKeys } from './values.js';
import type { FormatOptions } from './indicator.js';

/** The legacy SDK's group formats: CSV (`_basic_structure`), key/value and JSON (`_structure`). */

type Input = FormatGroup | Record<string, unknown>;

const BASIC = ['dateAdded', 'id', 'name', 'ownerName', 'type', 'weblink'];
export const GROUP_CSV_HEADER = BASIC.join(',');

function view(input: Input): FormatGroup {
  const g = input as FormatGroup;
  return typeof g.type === 'string' && 'extras' in g && 'weblink' in g ? g : toFormatGroup(input as Record<string, unknown>);
}

function structure(g: FormatGroup): Array<[string, unknown]> {
  const all: Record<string, unknown> = { ...g.extras };
  for (const k of BASIC) all[k] = (g as unknown as Record<string, unknown>)[k];
  return sortedKeys(Object.keys(all)).map((k) => [k, all[k]]);
}

export function groupCsvHeader(): string {
  return GROUP_CSV_HEADER;
}

/** One CSV row over the basic fields (no line end). */
export function groupCsv(input: Input, options: FormatOptions = {}): string {
  const mode = options.mode ?? 'spec';
  const g = view(input);
  const row = csvRow(
    BASIC.map((k) => {
      const v = (g as unknown as Record<string, unknown>)[k];
      return v === null || v === undefined ? null : renderValue(k, v);
    }),
    mode,
  );
  return mode === 'legacy' ? row.replace(/\s+$/, '') : row;
}

export function groupKeyval(input: Input, options: FormatOptions = {}): string {
  const mode = options.mode ?? 'spec';
  return structure(view(input))
    .map(([k, v]) => pair(k, escapeValue(renderValue(k, v), mode, false)))
    .join('');
}

/** The `_structure` fields as an object. */
export function groupJson(input: Input): Record<string, unknown> {
  return Object.fromEntries(structure(view(input)).map(([k, v]) => [k, v ?? null]));
}

/** JSON text: keys sorted, four-space indent (legacy mode: Python 2's `", "` line ends and ASCII escapes). */
export function groupJsonText(input: Input, options: FormatOptions = {}): string {
  return sortedJson(groupJson(input), options.mode ?? 'spec');
}
