import { indicatorType } from '../../model/index.js';
import { BATCH_CODES, MESSAGES, type BatchErrorEntry } from './codes.js';
import { jsonTooDeepAt, MAX_JSON_DEPTH } from '../http/json-body.js';

/** One end of an association step. */
export type AssociationEnd =
  | { kind: 'group'; xid: string }
  | { kind: 'indicator'; type: string; summary: string }
  | { kind: 'id'; id: number; type?: string };

export interface AssociationStep {
  a: AssociationEnd;
  b: AssociationEnd;
  /** indicator-to-indicator association type (name or branch) */
  type?: string;
  /** where it came from, for error messages */
  source: string;
}

/**
 * A job's work in processing order: groups, then indicators, then associations (those declared on groups and
 * indicators, then the top-level `association` list). Step `i` means the same thing every time the content is
 * parsed, which is what lets an interrupted job resume at its committed step count.
 */
export interface JobPlan {
  groups: unknown[];
  indicators: unknown[];
  associations: AssociationStep[];
  total: number;
}

export type ParseResult = { ok: true; plan: JobPlan } | { ok: false; error: BatchErrorEntry };

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/**
 * Reads uploaded data: the V2 object `{group, indicator, association}`, the same wrapped in a one-element array
 * (old docs), or a bare V1 array of indicators. Anything else is one JSON-syntax error for the whole job.
 */
export function parseContent(bytes: Buffer): ParseResult {
  let data: unknown;
  const tooDeepAt = jsonTooDeepAt(bytes);
  if (tooDeepAt >= 0) {
    return syntax(`JsonSyntaxException: nested deeper than ${MAX_JSON_DEPTH} levels at byte ${tooDeepAt}`, 'the uploaded data nests too deep');
  }
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    return syntax(`JsonSyntaxException: ${(err as Error).message}`, 'the uploaded data is not valid JSON');
  }
  if (Array.isArray(data) && data.length === 1 && isObject(data[0]) && ('indicator' in data[0] || 'group' in data[0])) data = data[0];
  let groups: unknown[] = [];
  let indicators: unknown[];
  let topLevel: unknown[] = [];
  if (Array.isArray(data)) {
    indicators = data;
  } else if (isObject(data)) {
    for (const key of ['group', 'indicator', 'association'] as const) {
      if (data[key] !== undefined && !Array.isArray(data[key])) return syntax(`JsonSyntaxException: "${key}" must be a list`, `$.${key}`);
    }
    groups = data.group ?? [];
    indicators = data.indicator ?? [];
    topLevel = data.association ?? [];
  } else {
    return syntax('JsonSyntaxException: expected an object with group/indicator/association lists, or a list of indicators', '$');
  }
  const associations: AssociationStep[] = [];
  groups.forEach((g, i) => {
    if (!isObject(g)) return;
    const from: AssociationEnd = { kind: 'group', xid: String(g.xid ?? '') };
    for (const xid of list(g.associatedGroupXid)) associations.push({ a: from, b: { kind: 'group', xid: String(xid) }, source: `group[${i}].associatedGroupXid` });
    for (const ind of list(g.associatedIndicators)) {
      const r = ind as Record<string, unknown>;
      associations.push({
        a: from,
        b: { kind: 'indicator', type: String(r?.indicatorType ?? r?.type ?? ''), summary: String(r?.summary ?? '') },
        source: `group[${i}].associatedIndicators`,
      });
    }
  });
  indicators.forEach((d, i) => {
    // most indicators have no associations: their summary (a type lookup and a join) is not worked out for nothing
    if (!isObject(d) || (d.associatedGroups === undefined && d.associatedIndicators === undefined)) return;
    const from: AssociationEnd = { kind: 'indicator', type: String(d.type ?? ''), summary: indicatorSummary(d) };
    for (const g of list(d.associatedGroups)) {
      const xid = isObject(g) ? g.groupXid : g;
      associations.push({ a: from, b: { kind: 'group', xid: String(xid ?? '') }, source: `indicator[${i}].associatedGroups` });
    }
    for (const ind of list(d.associatedIndicators)) {
      const r = ind as Record<string, unknown>;
      associations.push({
        a: from,
        b: { kind: 'indicator', type: String(r?.indicatorType ?? r?.type ?? ''), summary: String(r?.summary ?? '') },
        type: typeof r?.associationType === 'string' ? r.associationType : undefined,
        source: `indicator[${i}].associatedIndicators`,
      });
    }
  });
  topLevel.forEach((raw, i) => {
    const r = isObject(raw) ? raw : {};
    associations.push({ a: topLevelEnd(r, 1), b: topLevelEnd(r, 2), type: r.associationType ?? r.association_type, source: `association[${i}]` });
  });
  return { ok: true, plan: { groups, indicators, associations, total: groups.length + indicators.length + associations.length } };
}

/** An indicator's summary from `summary` or its value fields (hash fields win over summary, as documented). */
export function indicatorSummary(d: Record<string, any>): string {
  const info = typeof d.type === 'string' ? indicatorType(d.type) : undefined;
  if (info) {
    const values = info.fields.map((f) => d[f]);
    if (values.some((v) => v !== undefined && v !== null && v !== '')) {
      return values.filter((v) => v !== undefined && v !== null && v !== '').map(String).join(' : ');
    }
  }
  return typeof d.summary === 'string' ? d.summary : String(d.summary ?? '');
}

function topLevelEnd(r: Record<string, any>, n: 1 | 2): AssociationEnd {
  const id = r[`id_${n}`];
  const type = r[`type_${n}`];
  if (id !== undefined && id !== null && id !== '') return { kind: 'id', id: Number(id), type: type === undefined ? undefined : String(type) };
  const ref = String(r[`ref_${n}`] ?? '');
  if (typeof type === 'string' && indicatorType(type)) return { kind: 'indicator', type, summary: ref };
  return { kind: 'group', xid: ref };
}

function syntax(reason: string, source: string): ParseResult {
  return {
    ok: false,
    error: { code: BATCH_CODES.jsonSyntax, severity: 'Error', errorReason: reason, errorSource: source, errorMessage: `${MESSAGES.unexpected}.` },
  };
}
