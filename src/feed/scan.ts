import type { ByteSource } from './lines.js';
import { itemKey, type FeedItem, type FeedOutput, type InvalidRow } from './items.js';
import { RECORD_START } from './values.js';
import { mergeItems } from './merge.js';
import { HashTally } from './hash-tally.js';
import { keyHash53 } from './key-hash.js';
import { printable } from '../utils/printable.js';

/** Turns a feed's bytes into items, invalid rows and skipped rows (each app's parse + map). */
export type FeedReader = (source: ByteSource) => AsyncIterable<FeedOutput>;

export interface ScanReport {
  /**
   * records read from the source (rows of a CSV or text feed, elements of a JSON one), valid or not; counted by
   * `mapRecords`' marks, else (a reader that does not mark) the item rows plus the invalid and skipped ones
   */
  records: number;
  /** item rows the feed produced, before duplicates were merged (a record may give several: an indicator and its group) */
  rows: number;
  /** distinct items by type (indicator or group type name) */
  byType: Record<string, number>;
  /** rows describing an item already seen, merged into it */
  merged: number;
  invalid: number;
  /** the first few invalid rows, for the log and the exit message */
  invalidSamples: InvalidRow[];
  /** rows left out by the app's settings, by reason */
  skipped: Record<string, number>;
  /** bytes read in the first pass (after decompression) */
  bytes: number;
  /**
   * Set when the source ends mid-record: its last row was invalid and its last byte is not a line break, as when
   * a download is cut short. The row's place and problem.
   */
  endsMidRecord?: InvalidRow;
}

export interface ScanOptions {
  /** how many invalid rows to keep as examples (default 20) */
  samples?: number;
  /** called every `progressEvery` rows of each pass */
  onProgress?: (pass: 1 | 2, rows: number) => void;
  progressEvery?: number;
}

/**
 * Reads a feed twice to hand each distinct item to `onItem` exactly once, duplicates merged, while holding only
 * a hash per item (first pass) and the repeated items in memory: the first pass finds which keys repeat, the
 * second emits every unique item as it streams by and each repeated one once its last occurrence has been read.
 * `open` must give the same bytes each time (a downloaded file). A source that cannot be read or parsed throws from the first
 * pass, before anything was handed on.
 */
export async function scanFeed(
  open: () => ByteSource,
  read: FeedReader,
  onItem: (item: FeedItem) => void | Promise<void>,
  options: ScanOptions = {},
): Promise<ScanReport> {
  const report: ScanReport = { records: 0, rows: 0, byType: {}, merged: 0, invalid: 0, invalidSamples: [], skipped: {}, bytes: 0 };
  const maxSamples = options.samples ?? 20;
  const every = options.progressEvery ?? 10_000;
  // Keys seen so far, as 53-bit hashes in a typed array: 8 bytes per item. Which hashes repeat is known once the
  // pass ends. A collision only makes the scan wait for a repeat that never comes; such items are handed on at
  // the end, unchanged.
  const tally = new HashTally();
  let n = 0;
  const tail = { bytes: 0, last: -1 };
  let lastInvalid: InvalidRow | undefined;
  let marked = 0;
  for await (const out of read(tap(open(), tail))) {
    if (++n % every === 0) options.onProgress?.(1, n);
    if ((out as { [RECORD_START]?: boolean })[RECORD_START]) marked++;
    lastInvalid = undefined;
    if (out.kind === 'invalid') {
      report.invalid += 1;
      // invalid rows of a broken source may hold any bytes: kept escaped and short
      const shown: InvalidRow = { kind: 'invalid', where: printable(out.where, 60), reason: printable(out.reason, 200) };
      if (report.invalidSamples.length < maxSamples) report.invalidSamples.push(shown);
      lastInvalid = shown;
      continue;
    }
    if (out.kind === 'skipped') {
      report.skipped[out.reason] = (report.skipped[out.reason] ?? 0) + 1;
      continue;
    }
    report.rows += 1;
    tally.add(keyHash53(itemKey(out)));
  }
  report.bytes = tail.bytes;
  report.records = marked || report.rows + report.invalid + Object.values(report.skipped).reduce((a, b) => a + b, 0);
  if (lastInvalid && tail.last !== 0x0a && tail.last !== 0x0d) report.endsMidRecord = lastInvalid;
  const repeats = tally.repeats();

  const pending = new Map<string, { item: FeedItem; left: number }>();
  n = 0;
  const emit = async (item: FeedItem) => {
    report.byType[item.type] = (report.byType[item.type] ?? 0) + 1;
    await onItem(item);
  };
  for await (const out of read(open())) {
    if (++n % every === 0) options.onProgress?.(2, n);
    if (out.kind !== 'indicator' && out.kind !== 'group') continue;
    const total = repeats.size ? repeats.get(keyHash53(itemKey(out))) : undefined;
    if (total === undefined) {
      await emit(out);
      continue;
    }
    const key = itemKey(out);
    const entry = pending.get(key);
    if (!entry) {
      pending.set(key, { item: out, left: total - 1 });
      continue;
    }
    entry.item = mergeItems(entry.item, out);
    entry.left -= 1;
    report.merged += 1;
    if (entry.left === 0) {
      pending.delete(key);
      await emit(entry.item);
    }
  }
  // repeats that never completed (a hash collision, or a source that changed between the passes): hand them on
  for (const { item } of pending.values()) await emit(item);
  return report;
}

/** Passes the bytes through, counting them and remembering the last one. */
async function* tap(source: ByteSource, tail: { bytes: number; last: number }): AsyncGenerator<Buffer | string> {
  for await (const chunk of source) {
    if (chunk.length) {
      tail.bytes += chunk.length;
      tail.last = typeof chunk === 'string' ? chunk.charCodeAt(chunk.length - 1) : chunk[chunk.length - 1];
    }
    yield chunk;
  }
}
