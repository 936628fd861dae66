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

// ---- writing records as JSON text ---------------------------------------------------------------------------
// Builders write their records straight to JSON text, in exactly the bytes `JSON.stringify(toWire())` gives (a test
// holds them to that): building a wire object only to stringify it was a third of the cost of adding an indicator.

/** Characters JSON.stringify escapes: quote, backslash, control characters, and (lone) surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as JSON text; strings with nothing to escape (nearly all) skip JSON.stringify. */
export function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/**
 * `jsonString` remembering its last answer: for texts that repeat from one object to the next (tag names,
 * attribute types, type names), the same string is usually passed again and needs no new scan.
 */
export function lastJsonString(): (text: string) => string {
  let lastText: string | undefined;
  let lastJson = '';
  return (text) => {
    if (text !== lastText) {
      lastJson = jsonString(text);
      lastText = text;
    }
    return lastJson;
  };
}

/** A value as JSON text, undefined where JSON.stringify leaves the property out (undefined, functions, symbols). */
export function jsonValue(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return jsonString(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return JSON.stringify(value);
  }
}

/** An array index key, which JavaScript objects (and so JSON.stringify) put before every other key. */
export const INDEX_KEY = /^(?:0|[1-9]\d*)$/;

/** Field names as `,"name":` (the same few on every record), so each is escaped once. */
const FIELD_PREFIX = new Map<string, string>();

/** The `,"key":value` pairs of a plain record, in its own key order; undefined when it has an array-index key. */
export function jsonFields(values: Record<string, unknown>): string | undefined {
  let out = '';
  for (const key in values) {
    let prefix = FIELD_PREFIX.get(key);
    if (prefix === undefined) {
      if (INDEX_KEY.test(key)) return undefined;
      prefix = `,${jsonString(key)}:`;
      // field names are few; a cap keeps made-up ones (validate: false) from growing the map without bound
      if (FIELD_PREFIX.size < 1000) FIELD_PREFIX.set(key, prefix);
    }
    const text = jsonValue(values[key]);
    if (text !== undefined) out += prefix + text;
  }
  return out;
}
