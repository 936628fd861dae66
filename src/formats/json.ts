import { isFloatField, sortedKeys, type EscapeMode } from './values.js';

/**
 * JSON as the legacy SDK's group/victim/task output printed it: keys sorted, four-space indent, floats such as
 * ratings with `.0`. `legacy` mode adds Python 2's item separator (`", "`, leaving a trailing space on every line
 * but the last) and escapes non-ASCII as `\uXXXX`; `spec` mode is plain JSON.
 */
export function sortedJson(value: unknown, mode: EscapeMode = 'spec', indent = 4): string {
  return write(value, '', ' '.repeat(indent), mode, undefined);
}

function write(value: unknown, pad: string, step: string, mode: EscapeMode, key: string | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'null';
    return key !== undefined && isFloatField(key) && Number.isInteger(value) ? `${value}.0` : String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return str(value, mode);
  const sep = mode === 'legacy' ? ', ' : ',';
  const inner = pad + step;
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return `[\n${value.map((v) => inner + write(v, inner, step, mode, undefined)).join(`${sep}\n`)}\n${pad}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = sortedKeys(Object.keys(obj).filter((k) => obj[k] !== undefined));
  if (!keys.length) return '{}';
  const items = keys.map((k) => `${inner}${str(k, mode)}: ${write(obj[k], inner, step, mode, k)}`);
  return `{\n${items.join(`${sep}\n`)}\n${pad}}`;
}

function str(s: string, mode: EscapeMode): string {
  const json = JSON.stringify(s);
  return mode === 'legacy' ? json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}
