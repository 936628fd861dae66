import { ApiFailure, MESSAGES } from '../../http/errors.js';
import { pageParams } from '../../http/paging.js';
import type { PlatformRequest } from '../../http/request.js';
import type { Condition } from '../../store/index.js';

/** What to embed in returned items. */
export interface Includes {
  additional: boolean;
  attributes: boolean;
  tags: boolean;
  labels: boolean;
}

/** `includeAdditional=true`, `includeTags=true`, `includeAttributes=true` and `includes=additional,tags,...` (repeatable). */
export function includesOf(req: PlatformRequest): Includes {
  const words = new Set(
    req.query
      .getAll('includes')
      .flatMap((v) => v.split(','))
      .map((w) => w.trim().toLowerCase()),
  );
  return {
    additional: req.flag('includeAdditional') || words.has('additional'),
    attributes: req.flag('includeAttributes') || words.has('attributes'),
    tags: req.flag('includeTags') || words.has('tags'),
    labels: req.flag('includeLabels') || req.flag('includeSecurityLabels') || words.has('labels') || words.has('securitylabels'),
  };
}

const FILTER_START = /,(?=\s*[A-Za-z][A-Za-z0-9]*\s*[=<>^!])/;
const FILTER_PART = /^\s*([A-Za-z][A-Za-z0-9]*)\s*([=<>^!])([\s\S]*)$/;

/**
 * `filters=<name><op><value>,...` (already URL-decoded) with `orParams=true` to OR them. `!` is a task filter;
 * anything unparsable is a 400 naming the filter.
 */
export function filtersOf(req: PlatformRequest, allowNot = false): { conditions: Condition[]; any: boolean } {
  const conditions: Condition[] = [];
  for (const raw of req.query.getAll('filters')) {
    if (!raw.trim()) continue;
    for (const part of raw.split(FILTER_START)) {
      const m = FILTER_PART.exec(part);
      if (!m) {
        throw new ApiFailure(400, `filters: cannot read ${JSON.stringify(part)}; use <field><operator><value> with one of = < > ^${allowNot ? ' !' : ''}`);
      }
      const [, field, op, value] = m;
      if (op === '!' && !allowNot) throw new ApiFailure(400, `filters: the ! operator is only for tasks (in ${JSON.stringify(part)})`);
      conditions.push({ field, op: op as Condition['op'], value });
    }
  }
  return { conditions, any: req.flag('orParams') };
}

/** resultStart/resultLimit plus whether this page carries resultCount. */
export function paging(req: PlatformRequest): { start: number; limit: number; withTotal: boolean } {
  const { start, limit } = pageParams(req);
  return { start, limit, withTotal: start === 0 };
}

/** The body as a JSON object; arrays, scalars and bad JSON are 400s. An empty body is `{}`. */
export async function bodyObject(req: PlatformRequest): Promise<Record<string, any>> {
  const body = await req.json();
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiFailure(400, `${MESSAGES.malformed}: the body must be a JSON object`);
  }
  return body as Record<string, any>;
}

/** A positive integer path id, else 404 (a non-numeric id names nothing). */
export function numericId(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,15}$/.test(raw)) return undefined;
  return Number(raw);
}
