import type { Condition } from './types.js';
import { TiInputError, describe } from './errors.js';
import { dateField } from './values.js';

export type FieldKind = 'text' | 'number' | 'date' | 'bool';

export interface FieldSpec {
  /** SQL expression over the listed table's columns; `?now` is replaced by the current time parameter */
  sql: string;
  kind: FieldKind;
  /** membership fields (task assignee): a subquery with one `?` for the value, tested with EXISTS / NOT EXISTS */
  exists?: string;
}

export type FieldMap = Record<string, FieldSpec>;

export const f = (sql: string, kind: FieldKind): FieldSpec => ({ sql, kind });
export const member = (subquery: string): FieldSpec => ({ sql: 'NULL', kind: 'text', exists: subquery });

/**
 * Turns API-level conditions into one SQL boolean expression with its parameters. Field names match
 * case-insensitively; values are converted by field kind, so `rating>3` compares numbers and `dateAdded<2015-10-15`
 * compares stored dates. Unknown fields and unconvertible values are refused naming the field.
 */
export function conditionSql(
  fields: FieldMap,
  conditions: Condition[],
  any: boolean,
  now: string,
): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const lookup = new Map(Object.entries(fields).map(([k, v]) => [k.toLowerCase(), v]));
  for (const c of conditions) {
    const spec = lookup.get(c.field.toLowerCase());
    if (!spec) {
      throw new TiInputError('filters', `filters: unknown filter field ${describe(c.field)}; known fields: ${Object.keys(fields).join(', ')}`);
    }
    const expr = spec.sql.includes('?now') ? spec.sql.replaceAll('?now', '?') : spec.sql;
    const nowParams = spec.sql.includes('?now') ? Array(spec.sql.split('?now').length - 1).fill(now) : [];
    const value = convert(c, spec);
    if (spec.exists) {
      if (c.op !== '=' && c.op !== '!' && c.op !== '!=') throw new TiInputError('filters', `filters: ${c.field} supports = and ! only`);
      parts.push(`${c.op === '=' ? '' : 'NOT '}EXISTS (${spec.exists})`);
      params.push(value);
      continue;
    }
    switch (c.op) {
      case '=':
        if (spec.kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(c.value.trim())) {
          parts.push(`substr(${expr}, 1, 10) = ?`);
        } else if (spec.kind === 'text') {
          parts.push(`${expr} = ? COLLATE NOCASE`);
        } else {
          parts.push(`${expr} = ?`);
        }
        params.push(...nowParams, spec.kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(c.value.trim()) ? c.value.trim() : value);
        break;
      case '!':
      case '!=':
        parts.push(spec.kind === 'text' ? `(${expr} IS NULL OR ${expr} <> ? COLLATE NOCASE)` : `(${expr} IS NULL OR ${expr} <> ?)`);
        params.push(...nowParams, ...nowParams, value);
        break;
      case '<':
      case '>':
      case '<=':
      case '>=':
        parts.push(`${expr} ${c.op} ?`);
        params.push(...nowParams, value);
        break;
      case '^':
        parts.push(`${expr} LIKE ? ESCAPE '\\'`);
        params.push(...nowParams, `${String(value).replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
        break;
      default:
        throw new TiInputError('filters', `filters: unknown operator ${describe(c.op)} for ${c.field}`);
    }
  }
  if (parts.length === 0) return { sql: '1', params };
  return { sql: `(${parts.join(any ? ' OR ' : ' AND ')})`, params };
}

function convert(c: Condition, spec: FieldSpec): unknown {
  const raw = c.value;
  switch (spec.kind) {
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw new TiInputError('filters', `filters: ${c.field} needs a number, got ${describe(raw)}`);
      return n;
    }
    case 'bool': {
      const v = raw.trim().toLowerCase();
      if (v !== 'true' && v !== 'false') throw new TiInputError('filters', `filters: ${c.field} needs true or false, got ${describe(raw)}`);
      return v === 'true' ? 1 : 0;
    }
    case 'date': {
      try {
        return dateField(c.field, raw);
      } catch {
        throw new TiInputError('filters', `filters: ${c.field} needs a date such as 2017-07-13 or 2017-07-13T00:00, got ${describe(raw)}`);
      }
    }
    default:
      return raw;
  }
}
