import { createHash } from 'node:crypto';
import { createGzip, gunzipSync } from 'node:zlib';
import { itemKey, type FeedItem } from './items.js';

/**
 * A short fingerprint of everything a run would submit for an item. Tags and attributes are sorted first so the
 * order a feed lists them in does not count as a change. 48 bits: a false "unchanged" needs a collision between
 * one item's old and new content, about one in 10^14.
 */
export function digest(item: FeedItem): number {
  const canonical = {
    ...item,
    tags: [...item.tags].sort(),
    attributes: [...item.attributes].sort((a, b) => (a.type === b.type ? (a.value < b.value ? -1 : 1) : a.type < b.type ? -1 : 1)),
    ...(item.kind === 'indicator' ? { groupXids: [...item.groupXids].sort() } : {}),
  };
  // a number, not a string: the state holds one per item, and numbers are the cheaper
  return createHash('sha256').update(stableJson(canonical)).digest().readUIntBE(0, 6);
}

/** JSON with object keys sorted at every level, so equal content always gives equal text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

// a digest that never matches: the item is submitted on the next run whatever its content
export const RESUBMIT = -1;

const HEADER = 'tcex-feed-state v1';

/**
 * What one run leaves for the next (carried in results.tc): for each item submitted, its key and the digest of
 * what was submitted, and the owner it went to. About 40 bytes per item before compression; in memory, the key
 * string and a number per item.
 */
export class FeedState {
  readonly entries = new Map<string, number>();

  constructor(readonly owner: string) {}

  /** `key` is `itemKey(item)`. */
  set(key: string, value: number): void {
    this.entries.set(key, value);
  }

  get size(): number {
    return this.entries.size;
  }

  /** gzip + base64: one line of text, safe for `results.tc`. Compressed as it is written, a slice at a time. */
  async serialise(): Promise<string> {
    const gzip = createGzip();
    const parts: Buffer[] = [];
    gzip.on('data', (b: Buffer) => parts.push(b));
    const ended = new Promise<void>((done, fail) => gzip.on('end', done).on('error', fail));
    let slice = `${HEADER}\t${this.owner}`;
    for (const [key, value] of this.entries) {
      slice += `\n${key}\t${value.toString(36)}`;
      if (slice.length > 65_536) {
        if (!gzip.write(slice)) await new Promise<void>((r) => gzip.once('drain', () => r()));
        slice = '';
      }
    }
    gzip.end(slice);
    await ended;
    return Buffer.concat(parts).toString('base64');
  }

  /**
   * Reads a serialised state. An empty value, a state for another owner, or one that cannot be read gives an
   * empty state (so the run submits everything), with the reason.
   */
  static parse(text: string | undefined, owner: string): { state: FeedState; note?: string } {
    const state = new FeedState(owner);
    if (!text || !text.trim()) return { state, note: 'no previous state: submitting everything' };
    let body: string;
    try {
      body = gunzipSync(Buffer.from(text.trim(), 'base64')).toString('utf8');
    } catch {
      return { state, note: 'previous state unreadable: submitting everything' };
    }
    const firstBreak = body.indexOf('\n');
    const [marker, stateOwner] = body.slice(0, firstBreak < 0 ? body.length : firstBreak).split('\t');
    if (marker !== HEADER) return { state, note: 'previous state has an unknown format: submitting everything' };
    if (stateOwner !== owner) return { state, note: `previous state was for owner ${JSON.stringify(stateOwner)}: submitting everything` };
    // walked line by line rather than split, so a large state is never held twice
    for (let at = firstBreak + 1; firstBreak >= 0 && at < body.length; ) {
      const end = body.indexOf('\n', at) < 0 ? body.length : body.indexOf('\n', at);
      const tab = body.lastIndexOf('\t', end);
      if (tab > at) state.entries.set(body.slice(at, tab), parseInt(body.slice(tab + 1, end), 36));
      at = end + 1;
    }
    return { state };
  }
}

/** Keys of the state split back into what a delete needs. */
export function parseKey(key: string): { kind: 'indicator' | 'group'; type: string; value: string } {
  const tab = key.indexOf('\t');
  const head = key.slice(0, tab);
  const value = key.slice(tab + 1);
  return head.startsWith('group:') ? { kind: 'group', type: head.slice(6), value } : { kind: 'indicator', type: head, value };
}

/**
 * Compares a run's items with the previous state as they stream by, recording this run's state in `next`:
 * `changed()` says whether an item must be submitted; `stale()` lists what the previous run had and this one did
 * not see. The keys are held once (in `next`), the only memory that grows with the feed.
 */
export class DeltaTracker {
  readonly next: FeedState;

  constructor(readonly previous: FeedState) {
    this.next = new FeedState(previous.owner);
  }

  /** Records the item in the next state; true when it is new or differs from what was last submitted. */
  changed(item: FeedItem): { key: string; digest: number; changed: boolean } {
    const key = itemKey(item);
    const d = digest(item);
    this.next.set(key, d);
    return { key, digest: d, changed: this.previous.entries.get(key) !== d };
  }

  stale(): string[] {
    const out: string[] = [];
    for (const key of this.previous.entries.keys()) if (!this.next.entries.has(key)) out.push(key);
    return out;
  }
}

export { itemKey };
