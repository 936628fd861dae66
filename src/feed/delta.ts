import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { itemKey, type FeedItem } from './items.js';
import { LineSink } from './line-sink.js';
import { eachCompleteLine } from './lines.js';
import { PreviousState, type KeyHashes } from './previous-state.js';
import { splitStateLine, StateWriter } from './state-text.js';

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
    ...(item.groupXids ? { groupXids: [...item.groupXids].sort() } : {}),
    ...(item.securityLabels ? { securityLabels: [...item.securityLabels].sort() } : {}),
  };
  // 48 bits: a number that fits a Float64Array slot exactly
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

/** A digest that never matches: the item is submitted on the next run whatever its content. */
export const RESUBMIT = -1;

/** Keys of the state split back into what a delete needs. */
export function parseKey(key: string): { kind: 'indicator' | 'group'; type: string; value: string } {
  const tab = key.indexOf('\t');
  const head = key.slice(0, tab);
  const value = key.slice(tab + 1);
  return head.startsWith('group:') ? { kind: 'group', type: head.slice(6), value } : { kind: 'indicator', type: head, value };
}

// next-state spool lines start with one of these: the item was sent this run, or left out as unchanged
const SENT = '+';
const KEPT = '=';
const SPOOL_SLICE = 65_536;

let spools = 0;

export interface NextStateOptions {
  /** the items sent this run did not all go in: record them so the next run sends them again */
  resendSubmitted?: boolean;
  /** the removal of what left the feed failed: keep those keys so the next run tries again */
  retryStale?: boolean;
}

/**
 * Compares a run's items with the previous run's state as they stream by, and writes this run's state.
 *
 * Memory does not grow with this run's items: the previous state is fixed-width numbers (`PreviousState`, about 17
 * bytes per item it had), and this run's keys and digests go straight to a spool file in the temp path, read
 * back once to write the serialised state. What left the feed is found by reading the previous state's text
 * again for the keys nothing this run hashed like.
 *
 * Hash collisions err on the safe side. An item is left out as unchanged only when an entry of the previous
 * state has its key's hash (69 bits or more) and its digest, and the digest covers the key and everything submitted, so a
 * changed item is skipped only on a 48-bit digest collision (about one in 2.8 × 10^14 per changed item, as
 * before). A key present this run always marks its own previous entry as seen, so it is never removed; two keys
 * sharing that hash (under one chance in a billion with a million items) would at worst leave in place one item
 * that left the feed.
 */
export class DeltaTracker {
  submitted = 0;
  unchanged = 0;
  private readonly spoolFile: string;
  private readonly fd: number;
  private readonly sink: LineSink;
  private closed = false;

  private constructor(
    readonly previous: PreviousState,
    tempDir: string,
  ) {
    mkdirSync(tempDir, { recursive: true });
    this.spoolFile = join(tempDir, `feed-state-${process.pid}-${++spools}.spool`);
    this.fd = openSync(this.spoolFile, 'w');
    this.sink = new LineSink((bytes) => writeSync(this.fd, bytes), SPOOL_SLICE);
  }

  /**
   * Reads the previous state (`feed_state` as the platform passed it back) for `owner`; `tempDir` takes the
   * spool. A missing, unreadable or other owner's state gives a tracker that finds everything new, with why.
   * `hashes` replaces the key hashes (tests force collisions with it).
   */
  static async start(previousText: string | undefined, owner: string, tempDir: string, hashes?: KeyHashes): Promise<{ tracker: DeltaTracker; note?: string }> {
    const { state, note } = await PreviousState.load(previousText, owner, hashes);
    return { tracker: new DeltaTracker(state, tempDir), note };
  }

  get owner(): string {
    return this.previous.owner;
  }

  /** Records the item in this run's state; true when it is new or differs from what was last submitted. */
  changed(item: FeedItem): boolean {
    const key = itemKey(item);
    const d = digest(item);
    const same = this.previous.see(key, d);
    if (same) this.unchanged++;
    else this.submitted++;
    this.sink.write(`${same ? KEPT : SENT}${key}\t${d.toString(36)}\n`);
    return !same;
  }

  /** Calls `onKey` for each key the previous run had and this one did not see, each once. */
  async eachStale(onKey: (key: string) => void): Promise<number> {
    let count = 0;
    await this.previous.eachUnseen((key) => {
      count++;
      onKey(key);
    });
    return count;
  }

  /**
   * This run's state as one line of text for results.tc: every item seen this run with its digest (or
   * `RESUBMIT`), then, when asked, the stale keys whose removal failed. Streams the spool through gzip.
   */
  async serialise(options: NextStateOptions = {}): Promise<string> {
    this.sink.flush();
    const writer = new StateWriter(this.owner, `${this.spoolFile}.gz`);
    try {
      eachFileLine(this.spoolFile, (line) => {
        const parts = splitStateLine(line.slice(1));
        if (parts) writer.add(parts.key, options.resendSubmitted && line[0] === SENT ? RESUBMIT : parts.digest);
      });
      if (options.retryStale) await this.previous.eachUnseen((key) => writer.add(key, RESUBMIT));
      return writer.finish();
    } catch (err) {
      writer.abandon();
      throw err;
    }
  }

  /** Removes the spool. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    rmSync(this.spoolFile, { force: true });
  }

}

/** Calls `onLine` for each line of a text file, reading it a slice at a time. */
function eachFileLine(path: string, onLine: (line: string) => void): void {
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(SPOOL_SLICE);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for (let got = readSync(fd, buffer); got > 0; got = readSync(fd, buffer)) {
      rest = eachCompleteLine(rest + decoder.write(buffer.subarray(0, got)), onLine) ?? '';
    }
    rest += decoder.end();
    if (rest) onLine(rest);
  } finally {
    closeSync(fd);
  }
}

export { itemKey };
