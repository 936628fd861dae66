import { csvRow, CSV_EOL } from './csv.js';
import { escapeHeader, escapeKey, escapeValue, legacyCefValue, pair } from './escape.js';
import { sortedJson } from './json.js';
import { toFormatIndicator, type FormatIndicator } from './record.js';
import { pyFloat, renderValue, sortedKeys, type EscapeMode } from './values.js';

/**
 * The legacy SDK's indicator output formats: CEF, LEEF, CSV, key/value and JSON. Field order and layout follow
 * the Python SDK (keys sorted, `k="v" ` pairs with a trailing space); `mode: 'spec'` (default) escapes what each
 * format needs, `mode: 'legacy'` reproduces the Python output byte for byte, breakage included.
 */
export interface FormatOptions {
  mode?: EscapeMode;
}

type Input = FormatIndicator | Record<string, unknown>;

const HASHES = ['md5', 'sha1', 'sha256'] as const;
const BASIC = ['confidence', 'dateAdded', 'description', 'id', 'indicator', 'lastModified', 'ownerName', 'rating', 'type', 'weblink'];
const TYPE_KEYS: Record<FormatIndicator['kind'], string[]> = {
  Address: ['ip'],
  EmailAddress: ['address'],
  File: ['md5', 'sha1', 'sha256', 'size'],
  Host: ['dnsActive', 'hostName', 'whoisActive'],
  URL: ['source', 'text'],
  custom: ['custom_fields'],
};

export const INDICATOR_CSV_HEADER = BASIC.join(',');

function view(input: Input): FormatIndicator {
  return isFormatIndicator(input) ? input : toFormatIndicator(input as Record<string, unknown>);
}

function isFormatIndicator(input: Input): input is FormatIndicator {
  return typeof (input as FormatIndicator).kind === 'string' && 'extras' in input && 'weblink' in input;
}

/** `_structure` keys in sorted order with their values (hash keys carry their hash). */
function structure(ind: FormatIndicator): Array<[string, unknown]> {
  const keys = [...BASIC.filter((k) => k !== 'indicator'), ...TYPE_KEYS[ind.kind]];
  return sortedKeys(keys).map((k) => [k, fieldValue(ind, k)]);
}

function fieldValue(ind: FormatIndicator, key: string): unknown {
  switch (key) {
    case 'ip':
    case 'address':
    case 'hostName':
    case 'text':
      return ind.value;
    case 'md5':
    case 'sha1':
    case 'sha256':
      return ind.hashes?.[key] ?? null;
    case 'custom_fields':
      return ind.customFields ?? [];
    default:
      if (key in ind.extras) return ind.extras[key];
      return (ind as unknown as Record<string, unknown>)[key];
  }
}

/** CEF: `CEF:0|threatconnect|threatconnect|2|id|description|severity|extension`, severity = rating × 2. */
export function indicatorCef(input: Input, options: FormatOptions = {}): string {
  const mode = options.mode ?? 'spec';
  const ind = view(input);
  const severity = ind.rating ? pyFloat(ind.rating * 2) : '0';
  const name = ind.description === null || ind.description === '' ? 'null' : ind.description;
  const header = ['CEF:0', 'threatconnect', 'threatconnect', '2', renderValue('id', ind.id), name, severity]
    .map((f, i) => (i === 0 ? f : escapeHeader(f, mode)))
    .join('|');
  let ext = '';
  for (const [key, value] of structure(ind)) {
    if (key === 'description' || key === 'id' || key === 'rating') continue;
    if (key === 'custom_fields') {
      for (const [label, v] of ind.customFields ?? []) ext += pair(escapeKey(label, mode), cefValue(label, v, mode, false));
      continue;
    }
    // the legacy code left hashes unescaped (they are hex anyway)
    ext += pair(key, cefValue(key, value, mode, !(HASHES as readonly string[]).includes(key)));
  }
  return `${header}|${ext}`;
}

function cefValue(key: string, value: unknown, mode: EscapeMode, legacyEscapes: boolean): string {
  const text = renderValue(key, value);
  if (mode === 'legacy') return legacyEscapes && typeof value === 'string' ? legacyCefValue(text) : text;
  return escapeValue(text, mode, true);
}

/** LEEF in the legacy layout: five header fields, then `k="v" ` pairs; dateAdded → devTime, rating → severity. */
export function indicatorLeef(input: Input, options: FormatOptions = {}): string {
  const mode = options.mode ?? 'spec';
  const ind = view(input);
  const header = ['LEEF:0', 'threatconnect', 'threatconnect', '2', escapeHeader(renderValue('id', ind.id), mode)].join('|');
  let ext = '';
  for (const [label, v] of ind.customFields ?? []) ext += pair(escapeKey(label, mode), escapeValue(renderValue(label, v), mode, false));
  for (const [key, value] of structure(ind)) {
    if (key === 'custom_fields') {
      // legacy quirk: the field map itself was printed as its Python repr
      if (mode === 'legacy') ext += pair(key, pyOrderedDict(ind.customFields ?? []));
      continue;
    }
    const out = key === 'dateAdded' ? 'devTime' : key === 'rating' ? 'severity' : key;
    ext += pair(out, escapeValue(renderValue(out, value), mode, false));
  }
  return `${header}|${ext}`;
}

/** Key/value: custom fields first, then every `_structure` key sorted, as `k="v" `. */
export function indicatorKeyval(input: Input, options: FormatOptions = {}): string {
  const mode = options.mode ?? 'spec';
  const ind = view(input);
  let out = '';
  for (const [label, v] of ind.customFields ?? []) out += pair(escapeKey(label, mode), escapeValue(renderValue(label, v), mode, false));
  for (const [key, value] of structure(ind)) {
    if (key === 'custom_fields') continue;
    out += pair(key, escapeValue(renderValue(key, value), mode, false));
  }
  return out;
}

/** The CSV header line (no line end): the sorted `_basic_structure` keys. */
export function indicatorCsvHeader(): string {
  return INDICATOR_CSV_HEADER;
}

/**
 * CSV rows (CRLF between rows, none after the last): one row, or for a File one row per hash present (md5, sha1,
 * sha256). Legacy mode also splits custom indicators into one row per field and right-strips the text.
 */
export function indicatorCsv(input: Input, options: FormatOptions = {}): string {
  const mode = options.mode ?? 'spec';
  const ind = view(input);
  let values: Array<string | null>;
  if (ind.kind === 'File') values = HASHES.map((h) => ind.hashes?.[h] ?? null).filter((h): h is string => h !== null);
  else if (ind.kind === 'custom' && mode === 'legacy') values = (ind.customFields ?? []).map(([, v]) => v).filter((v): v is string => v !== null);
  else values = [ind.value];
  const rows = values.map((indicator) =>
    csvRow(
      BASIC.map((k) => {
        const v = k === 'indicator' ? indicator : fieldValue(ind, k);
        return v === null || v === undefined ? null : renderValue(k, v);
      }),
      mode,
    ),
  );
  const text = rows.join(CSV_EOL);
  return mode === 'legacy' ? text.replace(/\s+$/, '') : text;
}

/** JSON as an object (as the legacy SDK returned it since 2016): custom fields, then `_structure` keys. */
export function indicatorJson(input: Input): Record<string, unknown> {
  const ind = view(input);
  const out: Record<string, unknown> = {};
  for (const [label, v] of ind.customFields ?? []) out[label] = v;
  for (const [key, value] of structure(ind)) if (key !== 'custom_fields') out[key] = value ?? null;
  return out;
}

/** The JSON object as text: keys sorted, four-space indent. */
export function indicatorJsonText(input: Input, options: FormatOptions = {}): string {
  return sortedJson(indicatorJson(input), options.mode ?? 'spec');
}

function pyOrderedDict(fields: Array<[string, string | null]>): string {
  return `OrderedDict([${fields.map(([k, v]) => `(${pyRepr(k)}, ${v === null ? 'None' : pyRepr(v)})`).join(', ')}])`;
}

function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote;
}
