// The batch data JSON's shapes are the contract the SDK and the platform's engine share.
import type { WireAssociatedIndicator, WireAssociation, WireAttribute, WireFileOccurrence, WireSecurityLabel, WireTag } from '../contract/batch-wire.js';

export type {
  WireAssociatedIndicator,
  WireAssociation,
  WireAttribute,
  WireData,
  WireFileOccurrence,
  WireGroup,
  WireIndicator,
  WireSecurityLabel,
  WireTag,
} from '../contract/batch-wire.js';

type Keyed<T> = (item: T) => string;

/** How each list field is de-duplicated when two records of one object merge; later values win within an entry. */
const LIST_KEYS: Record<string, Keyed<any>> = {
  attribute: (a: WireAttribute) => `${a.type}\u0000${a.value}`,
  tag: (t: WireTag) => t.name,
  securityLabel: (l: WireSecurityLabel) => l.name,
  fileOccurrence: (o: WireFileOccurrence) => `${o.fileName ?? ''}\u0000${o.path ?? ''}\u0000${o.date ?? ''}`,
  associatedGroups: (a: { groupXid: string }) => a.groupXid,
  associatedGroupXid: (x: string) => x,
  associatedIndicators: (a: WireAssociatedIndicator) => `${a.indicatorType}\u0000${a.summary}`,
};

function mergeList(key: Keyed<any>, a: unknown[], b: unknown[]): unknown[] {
  const out = new Map<string, unknown>();
  for (const item of a) out.set(key(item), item);
  for (const item of b) {
    const k = key(item);
    const prev = out.get(k);
    out.set(k, prev && typeof prev === 'object' && typeof item === 'object' ? { ...prev, ...item } : item);
  }
  return [...out.values()];
}

/**
 * Merges two records of the same object (same group xid, or same indicator type and summary). Metadata lists are
 * united (attributes by type and value, tags and labels by name, occurrences, associations); scalar fields take
 * the later value; the first xid is kept, because other objects may already reference it.
 */
export function mergeWire<T extends Record<string, unknown>>(first: T, later: T): T {
  const out: Record<string, unknown> = { ...first };
  for (const [field, value] of Object.entries(later)) {
    if (value === undefined) continue;
    const listKey = LIST_KEYS[field];
    const prev = out[field];
    if (listKey && Array.isArray(prev) && Array.isArray(value)) out[field] = mergeList(listKey, prev, value);
    else if (field === 'xid' && prev !== undefined) continue;
    else out[field] = value;
  }
  return out as T;
}

/** An order-independent identity for a top-level association, so A→B and B→A de-duplicate. */
export function associationKey(a: WireAssociation): string {
  const end1 = `${a.id_1 ?? ''}\u0000${a.ref_1 ?? ''}\u0000${a.type_1 ?? ''}`;
  const end2 = `${a.id_2 ?? ''}\u0000${a.ref_2 ?? ''}\u0000${a.type_2 ?? ''}`;
  const [x, y] = end1 <= end2 ? [end1, end2] : [end2, end1];
  return `${x}\u0001${y}\u0001${a.associationType ?? ''}`;
}
