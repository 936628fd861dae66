import { keyHash32, keyHash53 } from './key-hash.js';
import { eachStateLine, readHeader, splitStateLine } from './state-text.js';

/**
 * The previous run's state as fixed-width numbers, 16 bytes per item: a fingerprint of its key, and its 48-bit
 * digest with a "seen this run" flag, as two doubles side by side. Items are grouped by ranges of their key's
 * 53-bit hash, with an index of where each range starts (4 bytes per range, about four items each); within a
 * range the hash's top bits are implied, so the fingerprint holds its other bits and, in the room that frees,
 * as many bits of the key's second (32-bit) hash: 69 to 77 bits of key hash in all. An item is found in one or
 * two memory reads, where a binary search of a large array would take some twenty cache misses. The keys
 * themselves stay in the state's text (the results.tc value the app was given) and are read from there again
 * when needed, a slice at a time.
 *
 * Loading reads the text twice: to count the items per range, and to put each item in its range (a counting
 * sort). Nothing is held twice: memory is the arrays, about 17 bytes per item.
 */
export class PreviousState {
  private readonly span: number;
  private readonly checkScale: number;

  private constructor(
    private readonly hash: KeyHashes,
    readonly owner: string,
    /** the serialised state, kept to read the keys again */
    private readonly text: string,
    /** 2^bits ranges of hashes; also how many bits of the check hash a fingerprint holds */
    private readonly bits: number,
    /** per item: [fingerprint, digest * 2 + seen] */
    private readonly records: Float64Array,
    /** where each range starts in `records` (in items); one more entry than ranges */
    private readonly starts: Uint32Array,
  ) {
    this.span = 2 ** (53 - bits);
    this.checkScale = 2 ** (32 - bits);
  }

  static empty(owner: string): PreviousState {
    return new PreviousState(KEY_HASHES, owner, '', MIN_BITS, new Float64Array(0), new Uint32Array(2 ** MIN_BITS + 1));
  }

  /**
   * Reads a serialised state. An empty value, a state for another owner, or one that cannot be read gives an
   * empty state (so the run submits everything), with the reason.
   */
  static async load(text: string | undefined, owner: string, hash: KeyHashes = KEY_HASHES): Promise<{ state: PreviousState; note?: string }> {
    const empty = PreviousState.empty(owner);
    if (!text || !text.trim()) return { state: empty, note: 'no previous state: submitting everything' };
    // ranges of about four items: the item count is guessed from the text's length (a line compresses to about
    // 10 bytes, 13 in base64, URLs to more), as a wrong guess only makes ranges longer or shorter
    const bits = Math.min(MAX_BITS, Math.max(MIN_BITS, Math.ceil(Math.log2(text.length / 13 + 1)) - 2));
    const span = 2 ** (53 - bits);
    // first the count of each range, then (summed) where each range ends; placing an item moves its range's end
    // down by one, so once all are placed each entry is where its range starts
    const starts = new Uint32Array(2 ** bits + 1);
    let header: ReturnType<typeof readHeader> | undefined;
    let n = 0;
    try {
      await eachStateLine(text, (line) => {
        if (!header) {
          header = readHeader(line);
          return !('problem' in header) && header.owner === owner;
        }
        const parts = splitStateLine(line);
        if (!parts) return;
        starts[Math.floor(hash.primary(parts.key) / span)]++;
        n++;
      });
    } catch {
      return { state: empty, note: 'previous state unreadable: submitting everything' };
    }
    if (!header || 'problem' in header) return { state: empty, note: 'previous state has an unknown format: submitting everything' };
    if (header.owner !== owner) return { state: empty, note: `previous state was for owner ${JSON.stringify(header.owner)}: submitting everything` };

    for (let r = 1; r < starts.length; r++) starts[r] += starts[r - 1];
    const state = new PreviousState(hash, owner, text, bits, new Float64Array(n * 2), starts);
    await eachItemLine(text, (key, digest) => state.place(key, digest));
    return { state };
  }

  get size(): number {
    return this.records.length / 2;
  }

  private place(key: string, digest: string): void {
    const h = this.hash.primary(key);
    const at = --this.starts[Math.floor(h / this.span)] * 2;
    this.records[at] = this.fingerprint(key, h);
    const d = parseInt(digest, 36);
    // anything but a 48-bit digest (RESUBMIT, or a damaged line) matches nothing; kept small so the flag bit fits
    this.records[at + 1] = (d >= 0 && d < 2 ** 48 ? d : -1) * 2;
  }

  /** The hash's bits below the range, then the top `bits` bits of the check hash: below 2^53, exact in a double. */
  private fingerprint(key: string, h: number): number {
    return (h % this.span) * 2 ** this.bits + Math.floor(this.hash.check(key) / this.checkScale);
  }

  /** The key's fingerprint and where in `records` its range starts and ends. */
  private locate(key: string): { print: number; from: number; to: number } {
    const h = this.hash.primary(key);
    const r = Math.floor(h / this.span);
    return { print: this.fingerprint(key, h), from: this.starts[r] * 2, to: this.starts[r + 1] * 2 };
  }

  /**
   * Marks every entry whose key hashes like `key` as seen this run, and says whether one of them has this
   * digest. Since the digest covers the key as well as the content, a match on hash and digest is the same item
   * unchanged but for a 48-bit digest collision.
   */
  see(key: string, digest: number): boolean {
    if (this.records.length === 0) return false;
    const { print, from, to } = this.locate(key);
    const r = this.records;
    let same = false;
    for (let at = from; at < to; at += 2) {
      if (r[at] !== print) continue;
      const doubled = 2 * Math.floor(r[at + 1] / 2);
      r[at + 1] = doubled + 1;
      if (doubled === digest * 2) same = true;
    }
    return same;
  }

  /** How many items of the previous run nothing this run has marked as seen (so far): what would leave the feed. */
  unseenCount(): number {
    const r = this.records;
    let n = 0;
    for (let at = 1; at < r.length; at += 2) if (r[at] === 2 * Math.floor(r[at] / 2)) n++;
    return n;
  }

  /** Whether an item hashing like `key` was seen this run; and whether another entry hashes like it too. */
  private lookUp(key: string): { seen: boolean; shared: boolean } {
    const { print, from, to } = this.locate(key);
    const r = this.records;
    let seen = false;
    let matches = 0;
    for (let at = from; at < to; at += 2) {
      if (r[at] !== print) continue;
      matches++;
      if (r[at + 1] !== 2 * Math.floor(r[at + 1] / 2)) seen = true;
    }
    return { seen, shared: matches > 1 };
  }

  /**
   * Calls `onKey` for each key of the previous state that nothing this run hashed like, each once, in the
   * state's order. Reads the keys from the state's text again.
   */
  async eachUnseen(onKey: (key: string, digest: string) => void): Promise<void> {
    if (this.records.length === 0) return;
    // a key the state lists twice (only a hand-edited state would) is reported once
    const reported = new Set<string>();
    await eachItemLine(this.text, (key, digest) => {
      const { seen, shared } = this.lookUp(key);
      if (seen) return;
      if (shared) {
        if (reported.has(key)) return;
        reported.add(key);
      }
      onKey(key, digest);
    });
  }
}

// at least 2^16 ranges (256 KB of index), so a fingerprint always keeps 16 bits of the check hash; at most 2^24
const MIN_BITS = 16;
const MAX_BITS = 24;

/** The two hashes of a key: `primary` (an integer below 2^53) orders the arrays, `check` (32 bits) confirms. */
export interface KeyHashes {
  primary(key: string): number;
  check(key: string): number;
}

export const KEY_HASHES: KeyHashes = { primary: keyHash53, check: keyHash32 };

/** Each item line of a state (after the header) with a key and a digest. */
async function eachItemLine(text: string, onItem: (key: string, digest: string) => void): Promise<void> {
  let header = true;
  await eachStateLine(text, (line) => {
    if (header) {
      header = false;
      return;
    }
    const parts = splitStateLine(line);
    if (parts) onItem(parts.key, parts.digest);
  });
}
