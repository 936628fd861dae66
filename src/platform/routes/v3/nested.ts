/**
 * The nested TQL keywords `hasIndicator(...)`, `hasGroup(...)`, `hasVictim(...)`, `hasTag(...)`,
 * `hasSecurityLabel(...)` and `hasAttribute(...)`: the inner query is full TQL over the associated or attached
 * objects, in their own keywords. Each is evaluated set-wise: the inner query selects objects (pushing simple
 * conditions to the store like a list does), the store maps them back to the outer items in one query per 500 ids,
 * and the outer test is a set lookup — never one query per outer row.
 */
import type { AttributeRecord, ItemKind, LabelRecord, TagRecord, TiStore, VictimRecord } from '../../store/index.js';
import type { PlatformRequest } from '../../http/request.js';
import { schemaByPath } from '../../../model/schema/index.js';
import { listOwners, matchingIds, type V3ListSource, type V3Row } from './listing.js';
import { compileNode, TqlError, type TqlFields, type TqlNestedField, type TqlNode } from './tql.js';
import { GROUP_ITEMS } from './groups.js';
import { INDICATOR_ITEMS } from './indicators.js';
import type { V3ItemSpec } from './routes.js';

type Outer = V3Row<{ id: number; ownerId: number }>;

/** Keywords of a tag inside `hasTag(...)` (TcEx 4 `TagFilter` names). */
export const TAG_ROW_KEYWORDS: TqlFields<TagRecord & { ownerName: string }> = {
  id: { kind: 'number', get: (t) => t.id },
  name: { kind: 'string', get: (t) => t.name },
  summary: { kind: 'string', get: (t) => t.name },
  description: { kind: 'string', get: (t) => t.description },
  owner: { kind: 'number', get: (t) => t.ownerId },
  ownerName: { kind: 'string', get: (t) => t.ownerName },
};

/** Keywords of a security label inside `hasSecurityLabel(...)`. */
export const LABEL_ROW_KEYWORDS: TqlFields<LabelRecord> = {
  id: { kind: 'number', get: (l) => l.id },
  name: { kind: 'string', get: (l) => l.name },
  summary: { kind: 'string', get: (l) => l.name },
  description: { kind: 'string', get: (l) => l.description },
  color: { kind: 'string', get: (l) => l.color },
  dateAdded: { kind: 'date', get: (l) => l.dateAdded },
};

/** Keywords of an attribute inside `hasAttribute(...)` (TcEx 4 `IndicatorAttributeFilter` names). */
export const ATTRIBUTE_ROW_KEYWORDS: TqlFields<AttributeRecord & { itemId: number; typeId?: number }> = {
  id: { kind: 'number', get: (a) => a.id },
  typeName: { kind: 'string', get: (a) => a.type },
  type: { kind: 'number', get: (a) => a.typeId },
  text: { kind: 'string', get: (a) => a.value },
  source: { kind: 'string', get: (a) => a.source },
  displayed: { kind: 'boolean', get: (a) => a.displayed },
  pinned: { kind: 'boolean', get: (a) => a.pinned },
  dateAdded: { kind: 'date', get: (a) => a.dateAdded },
  lastModified: { kind: 'date', get: (a) => a.lastModified },
};

/** Keywords of a victim inside `hasVictim(...)` (TcEx 4 `VictimFilter` names). */
export const VICTIM_ROW_KEYWORDS: TqlFields<VictimRecord & { ownerName: string }> = {
  id: { kind: 'number', get: (v) => v.id },
  name: { kind: 'string', get: (v) => v.name },
  summary: { kind: 'string', get: (v) => v.name },
  description: { kind: 'string', get: (v) => v.description },
  organization: { kind: 'string', get: (v) => v.org },
  subOrg: { kind: 'string', get: (v) => v.suborg },
  workLocation: { kind: 'string', get: (v) => v.workLocation },
  nationality: { kind: 'string', get: (v) => v.nationality },
  owner: { kind: 'number', get: (v) => v.ownerId },
  ownerName: { kind: 'string', get: (v) => v.ownerName },
};

/** The v3 list sources a nested query may run over; given by the caller so this module imports no family. */
export interface NestedSources {
  indicator?: V3ListSource<{ id: number; ownerId: number }>;
  group?: V3ListSource<{ id: number; ownerId: number }>;
}

const byIds = (ids: Set<number>): TqlNestedField<Outer> => ({ kind: 'nested', compile: () => (r) => ids.has(r.rec.id) });

/** A nested keyword whose inner query is compiled eagerly (errors surface before any row is read). */
function nested(select: (inner: TqlNode) => Set<number>): TqlNestedField<Outer> {
  return { kind: 'nested', compile: (inner) => byIds(select(inner)).compile(inner) };
}

/**
 * The `has...()` keywords of one item kind, for one request. `sources` are the v3 lists of indicators and groups
 * (hasIndicator / hasGroup run their inner query exactly as `?tql=` on those lists would).
 */
export function nestedKeywords(req: PlatformRequest, store: TiStore, kind: ItemKind, sources: NestedSources): TqlFields<Outer> {
  const owners = listOwners(req);
  const ownerName = new Map(owners.map((o) => [o.id, o.name]));
  const out: TqlFields<Outer> = {};

  for (const [keyword, other] of [
    ['hasIndicator', 'indicator'],
    ['hasGroup', 'group'],
  ] as const) {
    const source = sources[other];
    if (!source) continue;
    out[keyword] = nested((inner) => store.associations.linkedToAny(other, matchingIds(req, source, inner), kind));
  }

  out.hasVictim = nested((inner) => {
    const test = compileNode(inner, VICTIM_ROW_KEYWORDS, { object: 'victims' });
    const ids = owners
      .flatMap((o) => store.victims.list({ ownerId: o.id, limit: -1 }).items)
      .filter((v) => test({ ...v, ownerName: ownerName.get(v.ownerId) ?? '' }))
      .map((v) => v.id);
    return store.associations.linkedToAny('victim', ids, kind);
  });

  out.hasTag = nested((inner) => {
    const test = compileNode(inner, TAG_ROW_KEYWORDS, { object: 'tags' });
    const ids = owners
      .flatMap((o) => store.meta.listTags({ ownerId: o.id, limit: -1 }).items)
      .filter((t) => test({ ...t, ownerName: ownerName.get(t.ownerId) ?? '' }))
      .map((t) => t.id);
    return store.meta.itemsWith(kind, 'tag', ids);
  });

  out.hasSecurityLabel = nested((inner) => {
    const test = compileNode(inner, LABEL_ROW_KEYWORDS, { object: 'securityLabels' });
    return store.meta.itemsWith(kind, 'label', store.meta.listLabels().items.filter(test).map((l) => l.id));
  });

  out.hasAttribute = nested((inner) => {
    const test = compileNode(inner, ATTRIBUTE_ROW_KEYWORDS, { object: 'attributes' });
    const typeIds = new Map(store.meta.attributeTypes().map((t) => [t.name.toLowerCase(), t.id]));
    const items = new Set<number>();
    for (const a of store.meta.attributesOfKind(kind)) {
      if (test({ ...a, typeId: typeIds.get(a.type.toLowerCase()) })) items.add(a.itemId);
    }
    return items;
  });

  return out;
}

/**
 * A v3 collection whose TQL also takes the `has...()` keywords. hasIndicator / hasGroup run over the indicator and
 * group lists with their own nested keywords, so `hasGroup(hasTag(name = "x"))` nests further.
 */
export function withNested<R extends { id: number; ownerId: number }>(spec: V3ItemSpec<R>, kind: ItemKind): V3ItemSpec<R> {
  // the spec's keyword names (OPTIONS /tql lists the schema's keywords found here) include the nested ones
  const names = Object.fromEntries(NESTED_NAMES.map((n) => [n, { kind: 'nested', compile: unbound } as TqlNestedField<V3Row<R>>]));
  return {
    ...spec,
    keywords: { ...spec.keywords, ...names },
    collection: (store) => ({
      ...spec.collection(store),
      object: spec.base.replace(/^\/v3\//, ''),
      known: schemaByPath(spec.base)?.tql.map((k) => k.keyword),
      nested: (req) => nestedKeywords(req, store, kind, sourcesOf(store)) as TqlFields<V3Row<R>>,
    }),
  };
}

const NESTED_NAMES = ['hasIndicator', 'hasGroup', 'hasVictim', 'hasTag', 'hasSecurityLabel', 'hasAttribute'] as const;

/** Nested keywords are bound to a request in `collection().nested`; the spec's copies only carry the names. */
const unbound = (): never => {
  throw new TqlError('nested queries are evaluated only in a v3 list');
};

function sourcesOf(store: TiStore): NestedSources {
  return {
    indicator: NESTED_INDICATORS.collection(store) as unknown as NestedSources['indicator'],
    group: NESTED_GROUPS.collection(store) as unknown as NestedSources['group'],
  };
}

export const NESTED_INDICATORS = withNested(INDICATOR_ITEMS, 'indicator');
export const NESTED_GROUPS = withNested(GROUP_ITEMS, 'group');
