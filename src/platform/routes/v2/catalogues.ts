import { GROUP_TYPES, INDICATOR_TYPES, REGISTRY_VALUE_TYPES, indicatorType, type IndicatorTypeInfo } from '../../../model/index.js';
import type { PlatformContext } from '../../context.js';
import { ApiFailure, notFound } from '../../http/errors.js';
import type { PlatformRequest } from '../../http/request.js';
import { list, ok } from '../../http/respond.js';
import type { Router } from '../../http/router.js';
import { INDICATOR_ASSOCIATION_TYPES, type AttributeTypeRecord } from '../../store/index.js';
import { filtersOf, includesOf, paging } from './params.js';
import { storeOf } from './items.js';

/** Regular expressions a client may use to recognise each type's values (includeAdditional). */
const REGEXES: Record<string, string[]> = {
  Address: ['\\b(?:\\d{1,3}\\.){3}\\d{1,3}\\b', '(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}'],
  EmailAddress: ['[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}'],
  File: ['\\b[0-9a-fA-F]{32}\\b', '\\b[0-9a-fA-F]{40}\\b', '\\b[0-9a-fA-F]{64}\\b'],
  Host: ['\\b(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,}\\b'],
  URL: ['\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s]+'],
  ASN: ['^ASN\\d+$'],
  CIDR: ['^(?:\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}$', '^[0-9a-fA-F:]+/\\d{1,3}$'],
  Mutex: ['.+'],
  'Registry Key': ['^HKEY_.+$', '.*', `^(?:${REGISTRY_VALUE_TYPES.join('|')})$`],
  'User Agent': ['.+'],
  'Email Subject': ['.+'],
  Hashtag: ['.+'],
};

/** v2 shows these booleans as strings. */
function indicatorTypeJson(info: IndicatorTypeInfo, additional: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: info.name,
    custom: String(info.custom),
    parsable: 'true',
    apiBranch: info.branch,
    apiEntity: info.entity,
  };
  if (info.casePreference) out.casePreference = info.casePreference;
  if (info.custom) {
    info.fields.forEach((label, i) => {
      out[`value${i + 1}Label`] = label;
      out[`value${i + 1}Type`] = info.name === 'Registry Key' && i === 2 ? 'selectone' : 'text';
    });
    if (info.name === 'Registry Key') out.value3Option = REGISTRY_VALUE_TYPES.join('|');
  }
  if (additional) {
    out.regexes = REGEXES[info.name] ?? ['.+'];
    out.keys = Object.fromEntries(info.fields.map((f, i) => [`key${i + 1}`, f]));
  }
  return out;
}

interface AssociationTypeJson {
  name: string;
  custom: string;
  fileAction: string;
  apiBranch: string;
}

const ASSOCIATION_TYPES: AssociationTypeJson[] = [
  ...GROUP_TYPES.map((g) => ({ name: g.name, custom: 'false', fileAction: 'false', apiBranch: g.branch })),
  { name: 'Task', custom: 'false', fileAction: 'false', apiBranch: 'tasks' },
  { name: 'Victim', custom: 'false', fileAction: 'false', apiBranch: 'victims' },
  ...INDICATOR_TYPES.filter((i) => !i.custom).map((i) => ({ name: i.name, custom: 'false', fileAction: 'false', apiBranch: i.branch })),
  ...INDICATOR_ASSOCIATION_TYPES.map((a) => ({ name: a.name, custom: 'true', fileAction: 'false', apiBranch: a.branch })),
];

const squash = (s: string) => s.replace(/\s+/g, '').toLowerCase();

function attributeTypeJson(t: AttributeTypeRecord, withRule: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { id: t.id, name: t.name, description: t.description, maxSize: t.maxSize, allowMarkdown: t.allowMarkdown };
  if (t.errorMessage) out.errorMessage = t.errorMessage;
  if (withRule && t.validationRule) out.validationRule = t.validationRule;
  return out;
}

/** The few attribute type filters the docs list (name, maxSize, allowMarkdown, system), applied in memory. */
function attributeTypeMatches(req: PlatformRequest, t: AttributeTypeRecord): boolean {
  const { conditions, any } = filtersOf(req);
  if (conditions.length === 0) return true;
  const results = conditions.map((c) => {
    const field = c.field.toLowerCase();
    const value: unknown =
      field === 'name' ? t.name : field === 'maxsize' ? t.maxSize : field === 'allowmarkdown' ? t.allowMarkdown : field === 'system' ? true : field === 'owner' ? 'System' : undefined;
    if (value === undefined) throw new ApiFailure(400, `filters: unknown filter field ${JSON.stringify(c.field)}; known fields: name, maxSize, allowMarkdown, system, owner`);
    if (typeof value === 'number') {
      const n = Number(c.value);
      return c.op === '<' ? value < n : c.op === '>' ? value > n : value === n;
    }
    if (typeof value === 'boolean') return String(value) === c.value.toLowerCase();
    return c.op === '^' ? String(value).toLowerCase().startsWith(c.value.toLowerCase()) : String(value).toLowerCase() === c.value.toLowerCase();
  });
  return any ? results.some(Boolean) : results.every(Boolean);
}

export function register(router: Router, _ctx: PlatformContext): void {
  router.get('/v2/types/indicatorTypes', (req) => {
    const additional = includesOf(req).additional;
    const page = paging(req);
    const items = INDICATOR_TYPES.map((t) => indicatorTypeJson(t, additional));
    return list('indicatorType', items.slice(page.start, page.start + page.limit), items.length, page.start);
  });
  router.get('/v2/types/indicatorTypes/:entity', (req) => {
    const info = indicatorType(req.params.entity);
    if (!info) throw notFound();
    return ok({ indicatorType: indicatorTypeJson(info, includesOf(req).additional) });
  });

  router.get('/v2/types/groupTypes', (req) => {
    const page = paging(req);
    const items = GROUP_TYPES.map((g) => ({ name: g.name, apiBranch: g.branch, apiEntity: g.entity }));
    return list('groupType', items.slice(page.start, page.start + page.limit), items.length, page.start);
  });

  router.get('/v2/types/associationTypes', (req) => {
    const page = paging(req);
    return list('associationType', ASSOCIATION_TYPES.slice(page.start, page.start + page.limit), ASSOCIATION_TYPES.length, page.start);
  });
  router.get('/v2/types/associationTypes/:name', (req) => {
    const k = squash(req.params.name);
    const found = ASSOCIATION_TYPES.find((a) => squash(a.name) === k || squash(a.apiBranch) === k);
    if (!found) throw notFound();
    return ok({ associationType: found });
  });

  router.get('/v2/types/attributeTypes', (req) => {
    const withRule = req.query.getAll('includes').some((v) => v.split(',').some((w) => w.trim().toLowerCase() === 'validationrule'));
    const page = paging(req);
    const items = storeOf(req).meta.attributeTypes().filter((t) => attributeTypeMatches(req, t));
    return list('attributeType', items.slice(page.start, page.start + page.limit).map((t) => attributeTypeJson(t, withRule)), items.length, page.start);
  });
  router.get('/v2/types/attributeTypes/:name', (req) => {
    const t = storeOf(req).meta.attributeType(req.params.name);
    if (!t) throw notFound();
    return ok({ attributeType: attributeTypeJson(t, true) });
  });
}
