/**
 * The batch data JSON as TcEx sends it (ThreatConnect Batch API V2): `{"group":[...],"indicator":[...],
 * "association":[...]}`. Builders produce these objects; the spool stores them one per line; chunks are made of them.
 */
export interface WireAttribute {
  type: string;
  value: string;
  displayed?: boolean;
  source?: string;
  pinned?: boolean;
  securityLabel?: WireSecurityLabel[];
}

export interface WireSecurityLabel {
  name: string;
  description?: string;
  color?: string;
}

export interface WireTag {
  name: string;
}

export interface WireFileOccurrence {
  fileName?: string;
  path?: string;
  date?: string;
}

export interface WireAssociatedIndicator {
  summary: string;
  indicatorType: string;
}

export interface WireGroup {
  name: string;
  type: string;
  xid: string;
  attribute?: WireAttribute[];
  securityLabel?: WireSecurityLabel[];
  tag?: WireTag[];
  associatedGroupXid?: string[];
  associatedIndicators?: WireAssociatedIndicator[];
  [field: string]: unknown;
}

export interface WireIndicator {
  summary: string;
  type: string;
  xid?: string;
  rating?: number;
  confidence?: number;
  attribute?: WireAttribute[];
  securityLabel?: WireSecurityLabel[];
  tag?: WireTag[];
  associatedGroups?: Array<{ groupXid: string }>;
  fileOccurrence?: WireFileOccurrence[];
  [field: string]: unknown;
}

export interface WireAssociation {
  ref_1?: string;
  type_1?: string;
  id_1?: number;
  ref_2?: string;
  type_2?: string;
  id_2?: number;
  associationType?: string;
}

export interface WireData {
  group?: WireGroup[];
  indicator?: WireIndicator[];
  association?: WireAssociation[];
}

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
