import { parseIsoUtc } from '../core/dates.js';
import { TcConfigError } from '../core/errors.js';
import type { PostFilterField } from './resources.js';

/** Client-side comparison operators of post filters. */
export const POST_OPERATORS = ['EQ', 'NE', 'GT', 'GE', 'LT', 'LE'] as const;
export type PostOperator = (typeof POST_OPERATORS)[number];

type Kind = 'number' | 'date' | 'string' | 'list';

/** How each post filter reads an item and compares. Lists (attribute types, tag names) match when any entry does. */
const FIELDS: Record<PostFilterField, { kind: Kind; read: (item: Record<string, any>) => unknown }> = {
  confidence: { kind: 'number', read: (i) => i.confidence },
  rating: { kind: 'number', read: (i) => i.rating },
  threatAssessConfidence: { kind: 'number', read: (i) => i.threatAssessConfidence },
  threatAssessRating: { kind: 'number', read: (i) => i.threatAssessRating },
  dateAdded: { kind: 'date', read: (i) => i.dateAdded },
  lastModified: { kind: 'date', read: (i) => i.lastModified },
  name: { kind: 'string', read: (i) => i.name },
  type: { kind: 'string', read: (i) => i.type },
  fileType: { kind: 'string', read: (i) => i.fileType },
  attribute: { kind: 'list', read: (i) => (Array.isArray(i.attribute) ? i.attribute.map((a: any) => a?.type) : undefined) },
  tag: { kind: 'list', read: (i) => (Array.isArray(i.tag) ? i.tag.map((t: any) => t?.name) : undefined) },
};

/** A post filter ready to run: its description for reports and a predicate over API items. */
export interface PostFilter {
  field: PostFilterField;
  operator: PostOperator;
  value: string | number;
  description: string;
  /** what the API must embed for this filter to see anything (`includeAttributes`, `includeTags`) */
  needs?: 'includeAttributes' | 'includeTags';
  matches(item: Record<string, unknown>): boolean;
}

/**
 * Milliseconds since the epoch of an ISO date or a Date. A date or time without a zone is read as UTC, so results
 * do not depend on the machine's time zone (the legacy SDK read wall-clock times as local time on both sides).
 */
export function epochMs(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  return typeof value === 'string' ? parseIsoUtc(value) : undefined;
}

function compare(op: PostOperator, a: number | string, b: number | string): boolean {
  switch (op) {
    case 'EQ':
      return a === b;
    case 'NE':
      return a !== b;
    case 'GT':
      return a > b;
    case 'GE':
      return a >= b;
    case 'LT':
      return a < b;
    case 'LE':
      return a <= b;
  }
}

/**
 * Builds a post filter; an unknown operator, or a value of the wrong kind, is a TcConfigError naming the field.
 * Number fields need numbers, date fields dates; names, types, tags and attribute types compare with EQ and NE
 * (case-sensitive, as the API spells them).
 */
export function postFilter(field: PostFilterField, value: unknown, operator: string = 'EQ'): PostFilter {
  const spec = FIELDS[field];
  const label = `postFilter.${field}`;
  const op = String(operator ?? '').toUpperCase() as PostOperator;
  if (!(POST_OPERATORS as readonly string[]).includes(op)) {
    throw new TcConfigError(`${label}.operator`, operator, `must be one of ${POST_OPERATORS.join(', ')}`);
  }
  const base = { field, operator: op };
  switch (spec.kind) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new TcConfigError(label, value, 'must be a finite number');
      return {
        ...base,
        value,
        description: `post filter by ${field} ${op} ${value}`,
        matches: (item) => {
          const v = spec.read(item);
          const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
          return Number.isFinite(n) && compare(op, n, value);
        },
      };
    }
    case 'date': {
      const ms = epochMs(value);
      if (ms === undefined) throw new TcConfigError(label, value instanceof Date ? String(value) : value, 'must be an ISO-8601 date or a Date');
      const iso = new Date(ms).toISOString();
      return {
        ...base,
        value: iso,
        description: `post filter by ${field} ${op} ${iso}`,
        matches: (item) => {
          const v = epochMs(spec.read(item));
          return v !== undefined && compare(op, v, ms);
        },
      };
    }
    default: {
      if (typeof value !== 'string' || value === '') throw new TcConfigError(label, value, 'must be a non-empty string');
      if (op !== 'EQ' && op !== 'NE') throw new TcConfigError(`${label}.operator`, op, `must be EQ or NE for a text field`);
      const needs = field === 'attribute' ? 'includeAttributes' : field === 'tag' ? 'includeTags' : undefined;
      return {
        ...base,
        value,
        needs,
        description: `post filter by ${field} ${op} ${JSON.stringify(value)}`,
        matches: (item) => {
          const v = spec.read(item);
          if (spec.kind === 'list') {
            if (!Array.isArray(v)) return false;
            return op === 'EQ' ? v.includes(value) : !v.includes(value);
          }
          return typeof v === 'string' && compare(op, v, value);
        },
      };
    }
  }
}
