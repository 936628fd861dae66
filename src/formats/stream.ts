import { TcConfigError } from '../core/errors.js';
import { CSV_EOL } from './csv.js';
import { groupCsv, groupJson, groupKeyval, GROUP_CSV_HEADER } from './group.js';
import {
  indicatorCef,
  indicatorCsv,
  indicatorJson,
  indicatorKeyval,
  indicatorLeef,
  INDICATOR_CSV_HEADER,
  type FormatOptions,
} from './indicator.js';
import { sortedKeys } from './values.js';

export const OUTPUT_FORMATS = ['cef', 'leef', 'csv', 'kv', 'json'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export type RecordKind = 'indicator' | 'group';

/**
 * Turns a stream of API records into one text stream: `begin()` once, `record()` per item, `end()` once, each
 * returning the text to write (lines end with `\n`; CSV with CRLF as its dialect wants). JSON is one array with
 * one compact, key-sorted object per line, so the whole output is a single JSON document yet streams.
 */
export interface RecordFormatter {
  readonly format: OutputFormat;
  begin(): string;
  record(item: Record<string, unknown>): string;
  end(): string;
}

export function checkFormat(format: string, kind: RecordKind): OutputFormat {
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new TcConfigError('format', format, `must be one of ${OUTPUT_FORMATS.join(', ')}`);
  }
  if (kind === 'group' && (format === 'cef' || format === 'leef')) {
    throw new TcConfigError('format', format, 'CEF and LEEF exist for indicators only; use csv, kv or json for groups');
  }
  return format as OutputFormat;
}

export function createFormatter(format: string, kind: RecordKind, options: FormatOptions = {}): RecordFormatter {
  const fmt = checkFormat(format, kind);
  let count = 0;
  const line = (text: string) => (text ? `${text}\n` : '');
  const json = (obj: Record<string, unknown>) => {
    const sorted = Object.fromEntries(sortedKeys(Object.keys(obj)).map((k) => [k, obj[k]]));
    return `${count++ === 0 ? '' : ',\n'}${JSON.stringify(sorted)}`;
  };
  const byFormat: Record<OutputFormat, (item: Record<string, unknown>) => string> =
    kind === 'indicator'
      ? {
          cef: (i) => line(indicatorCef(i, options)),
          leef: (i) => line(indicatorLeef(i, options)),
          kv: (i) => line(indicatorKeyval(i, options)),
          csv: (i) => {
            const rows = indicatorCsv(i, options);
            return rows ? rows + CSV_EOL : '';
          },
          json: (i) => json(indicatorJson(i)),
        }
      : {
          cef: () => '',
          leef: () => '',
          kv: (g) => line(groupKeyval(g, options)),
          csv: (g) => groupCsv(g, options) + CSV_EOL,
          json: (g) => json(groupJson(g)),
        };
  return {
    format: fmt,
    begin: () => (fmt === 'csv' ? (kind === 'indicator' ? INDICATOR_CSV_HEADER : GROUP_CSV_HEADER) + CSV_EOL : fmt === 'json' ? '[\n' : ''),
    record: (item) => byFormat[fmt](item),
    end: () => (fmt === 'json' ? (count ? '\n]\n' : ']\n') : ''),
  };
}
