import type { FeedAttribute, FeedItem } from './items.js';

const earliest = (a?: string, b?: string): string | undefined => (!a ? b : !b ? a : a < b ? a : b);
const latest = (a?: string, b?: string): string | undefined => (!a ? b : !b ? a : a > b ? a : b);
const highest = (a?: number, b?: number): number | undefined => (a === undefined ? b : b === undefined ? a : Math.max(a, b));

function unionTags(a: string[], b: string[]): string[] {
  const seen = new Set(a.map((t) => t.toLowerCase()));
  return [...a, ...b.filter((t) => !seen.has(t.toLowerCase()) && seen.add(t.toLowerCase()))];
}

/** One attribute per type; distinct values of the same type are joined, sorted, one per line. */
function mergeAttributes(a: FeedAttribute[], b: FeedAttribute[]): FeedAttribute[] {
  const byType = new Map<string, { values: Set<string>; displayed?: boolean }>();
  for (const attr of [...a, ...b]) {
    const entry = byType.get(attr.type) ?? { values: new Set<string>(), displayed: attr.displayed };
    for (const v of attr.value.split('\n')) if (v) entry.values.add(v);
    byType.set(attr.type, entry);
  }
  return [...byType].map(([type, { values, displayed }]) => ({ type, value: [...values].sort().join('\n'), displayed }));
}

/**
 * Merges two descriptions of the same item (a feed may list one address once per port): tags, groups and
 * attribute values are united; the highest rating and confidence, earliest first-seen and latest last-seen win.
 */
export function mergeItems<T extends FeedItem>(a: T, b: T): T {
  const merged = {
    ...a,
    tags: unionTags(a.tags, b.tags),
    attributes: mergeAttributes(a.attributes, b.attributes),
    firstSeen: earliest(a.firstSeen, b.firstSeen),
    lastSeen: latest(a.lastSeen, b.lastSeen),
  } as T;
  const labels = [...new Set([...(a.securityLabels ?? []), ...(b.securityLabels ?? [])])];
  if (labels.length) merged.securityLabels = labels;
  if (a.kind === 'group' && b.kind === 'group' && merged.kind === 'group') {
    const linked = [...new Set([...(a.groupXids ?? []), ...(b.groupXids ?? [])])];
    if (linked.length) merged.groupXids = linked;
  }
  if (merged.kind === 'indicator' && b.kind === 'indicator' && a.kind === 'indicator') {
    merged.groupXids = [...new Set([...a.groupXids, ...b.groupXids])];
    merged.rating = highest(a.rating, b.rating);
    merged.confidence = highest(a.confidence, b.confidence);
  }
  const loose = merged as unknown as Record<string, unknown>;
  for (const key of ['firstSeen', 'lastSeen', 'rating', 'confidence']) if (loose[key] === undefined) delete loose[key];
  return merged;
}
