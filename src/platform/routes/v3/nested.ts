/**
 * The nested TQL keywords `hasIndicator(...)`, `hasGroup(...)`, `hasVictim(...)`, `hasVictimAsset(...)`,
 * `hasTag(...)`, `hasAllTags(...)`, `hasSecurityLabel(...)` and `hasAttribute(...)`: the inner query is full TQL
 * over the associated or attached objects, run exactly as `?tql=` on that object's own v3 list would run it (its
 * family's keyword evaluators, checked against its schema), so each keyword set is defined once, beside its family.
 * Each is evaluated set-wise: the inner query selects objects (pushing simple conditions to the store like a list
 * does), the store maps them back to the outer items in one query per 500 ids, and the outer test is a set lookup —
 * never one query per outer row.
 */
import type { ItemKind, TiStore } from '../../store/index.js';
import type { PlatformRequest } from '../../http/request.js';
import { matchingRecords, type V3ListSource, type V3Row } from './listing.js';
import { TqlError, type TqlFields, type TqlNestedField, type TqlNode } from './tql.js';
import { GROUP_ITEMS } from './groups.js';
import { INDICATOR_ITEMS } from './indicators.js';
import { GROUP_ATTRIBUTE_ITEMS, INDICATOR_ATTRIBUTE_ITEMS } from './item-attributes.js';
import type { V3ItemSpec } from './routes.js';
import { SECURITY_LABEL_ITEMS } from './security-labels.js';
import { TAG_ITEMS } from './tags.js';
import { VICTIM_ASSET_ITEMS, VICTIM_ATTRIBUTE_ITEMS, VICTIM_ITEMS } from './victims.js';

type Keyed = { id: number; ownerId: number };
type Outer = V3Row<Keyed>;

/** A family's list as a query runs over it: its evaluators, its name in messages, and the schema's keywords. */
function searchable<R extends Keyed>(spec: V3ItemSpec<R>, store: TiStore): V3ListSource<R> {
  return { ...spec.collection(store), object: spec.base.replace(/^\/v3\//, ''), known: spec.schema?.tql.map((k) => k.keyword) };
}

const byIds = (ids: Set<number>): TqlNestedField<Outer> => ({ kind: 'nested', compile: () => (r) => ids.has(r.rec.id) });

/** A nested keyword whose inner query is compiled eagerly (errors surface before any row is read). */
function nested(select: (inner: TqlNode) => Set<number>): TqlNestedField<Outer> {
  return { kind: 'nested', compile: (inner) => byIds(select(inner)).compile(inner) };
}

/**
 * The `has...()` keywords of one item kind, for one request. Every inner query runs over the caller's owners'
 * objects of its family, as a list of that family would answer it.
 */
export function nestedKeywords(req: PlatformRequest, store: TiStore, kind: ItemKind): TqlFields<Outer> {
  const select = <R extends Keyed>(spec: V3ItemSpec<R>, inner: TqlNode): R[] => matchingRecords(req, searchable(spec, store), inner);
  const ids = <R extends Keyed>(spec: V3ItemSpec<R>, inner: TqlNode): number[] => select(spec, inner).map((r) => r.id);

  return {
    hasIndicator: nested((inner) => store.associations.linkedToAny('indicator', ids(NESTED_INDICATORS, inner), kind)),
    hasGroup: nested((inner) => store.associations.linkedToAny('group', ids(NESTED_GROUPS, inner), kind)),
    hasVictim: nested((inner) => store.associations.linkedToAny('victim', ids(VICTIM_ITEMS, inner), kind)),
    hasVictimAsset: nested((inner) => {
      const assets = select(VICTIM_ASSET_ITEMS, inner);
      // a victim's assets are its own; groups and indicators are linked to assets like to any other object
      if (kind === 'victim') return new Set(assets.map((a) => a.victimId));
      return store.associations.linkedToAny('victimAsset', assets.map((a) => a.id), kind);
    }),
    hasTag: nested((inner) => store.meta.itemsWith(kind, 'tag', ids(TAG_ITEMS, inner))),
    hasAllTags: nested((inner) => itemsWithAllTags(store, kind, select(TAG_ITEMS, inner))),
    hasSecurityLabel: nested((inner) => store.meta.itemsWith(kind, 'label', ids(SECURITY_LABEL_ITEMS, inner))),
    hasAttribute: nested((inner) => {
      if (kind === 'victim') return new Set(select(VICTIM_ATTRIBUTE_ITEMS, inner).map((a) => a.victimId));
      return new Set(select(kind === 'indicator' ? INDICATOR_ATTRIBUTE_ITEMS : GROUP_ATTRIBUTE_ITEMS, inner).map((a) => a.itemId));
    }),
  };
}

/**
 * Items carrying every tag the inner query selects. Tags belong to owners and an item carries its own owner's, so
 * the tags are taken by name (case-insensitive, as tag names compare): an item matches when, for each selected name,
 * it carries a tag of that name. A query selecting no tag matches nothing (guess; docs/platform.md).
 */
function itemsWithAllTags(store: TiStore, kind: ItemKind, tags: Array<{ id: number; name: string }>): Set<number> {
  const byName = new Map<string, number[]>();
  for (const t of tags) {
    const key = t.name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), t.id]);
  }
  let out: Set<number> | undefined;
  for (const sameName of byName.values()) {
    const carrying = store.meta.itemsWith(kind, 'tag', sameName);
    out = out ? new Set([...out].filter((id) => carrying.has(id))) : carrying;
    if (!out.size) break;
  }
  return out ?? new Set();
}

/**
 * A v3 collection whose TQL also takes the `has...()` keywords. hasIndicator / hasGroup run over the indicator and
 * group lists with their own nested keywords, so `hasGroup(hasTag(name = "x"))` nests further.
 */
export function withNested<R extends Keyed>(spec: V3ItemSpec<R>, kind: ItemKind): V3ItemSpec<R> {
  // the spec's keyword names (OPTIONS /tql lists the schema's keywords found here) include the nested ones
  const names = Object.fromEntries(NESTED_NAMES.map((n) => [n, { kind: 'nested', compile: unbound } as TqlNestedField<V3Row<R>>]));
  return {
    ...spec,
    keywords: { ...spec.keywords, ...names },
    collection: (store) => ({
      ...searchable(spec, store),
      nested: (req) => nestedKeywords(req, store, kind) as TqlFields<V3Row<R>>,
    }),
  };
}

const NESTED_NAMES = ['hasIndicator', 'hasGroup', 'hasVictim', 'hasVictimAsset', 'hasTag', 'hasAllTags', 'hasSecurityLabel', 'hasAttribute'] as const;

/** Nested keywords are bound to a request in `collection().nested`; the spec's copies only carry the names. */
const unbound = (): never => {
  throw new TqlError('nested queries are evaluated only in a v3 list');
};

export const NESTED_INDICATORS = withNested(INDICATOR_ITEMS, 'indicator');
export const NESTED_GROUPS = withNested(GROUP_ITEMS, 'group');
