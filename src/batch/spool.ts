import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { jsonString } from './wire.js';

const TAB = 9;
const NEWLINE = 10;

/** 32-bit FNV-1a over UTF-16 code units: cheap, stable, and spreads keys evenly enough for partitioning. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * An append-only store of keyed records split over a fixed number of partitions by the hash of the key, so all
 * records of one key land in one partition and a partition can be merged in memory on its own. Memory stays flat
 * whatever the record count: each partition has one small, reused byte buffer (records are encoded into it at once,
 * so no string outlives its append). Each line is `<JSON key>\t<JSON record>\n`.
 *
 * All partitions share one file per generation: a full buffer is appended to it as a segment, and each partition
 * keeps the offsets and lengths of its segments (a few numbers per 32 KB). A file per partition cost 256 file
 * creations and removals per batch, which was a tenth of the time of a 100,000-indicator batch.
 */
export class PartitionedSpool {
  private readonly buffers: Array<Buffer | undefined>;
  private readonly used: number[];
  /** per partition: offset, length, offset, length, ... of its segments in the file, in the order written */
  private segments: number[][];
  private fdOpen?: number;
  private path?: string;
  /** bytes written to the file so far */
  private size = 0;
  private generation = 0;
  /** records appended to the current generation */
  count = 0;

  constructor(
    private readonly dir: () => string,
    private readonly name: string,
    readonly partitions = 256,
    private readonly bufferBytes = 32 * 1024,
  ) {
    this.buffers = new Array(partitions).fill(undefined);
    this.used = new Array(partitions).fill(0);
    this.segments = Array.from({ length: partitions }, () => []);
  }

  /** Adds a record under its key; `keyJson` is the key as JSON text when the caller has it already. */
  append(key: string, record: string, keyJson = jsonString(key)): void {
    const p = fnv1a(key) % this.partitions;
    this.count++;
    // the record is usually a rope of many pieces that is flattened once to be encoded; the line around it costs
    // no extra copy, and one write call per record is cheaper than three
    const line = `${keyJson}\t${record}\n`;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: room for that bound saves measuring the line before writing it
    const most = line.length * 3;
    if (most > this.bufferBytes) {
      this.write(p);
      const bytes = Buffer.from(line);
      this.segment(p, bytes, bytes.length);
      return;
    }
    if (this.used[p] + most > this.bufferBytes) this.write(p);
    const buf = (this.buffers[p] ??= Buffer.allocUnsafe(this.bufferBytes));
    this.used[p] += buf.write(line, this.used[p]);
  }

  private write(p: number): void {
    if (this.used[p] === 0) return;
    this.segment(p, this.buffers[p] as Buffer, this.used[p]);
    this.used[p] = 0;
  }

  /** Appends bytes to the file as a segment of partition p. */
  private segment(p: number, bytes: Buffer, length: number): void {
    if (this.fdOpen === undefined) {
      this.path = join(this.dir(), `${this.name}-${this.generation}.spool`);
      this.fdOpen = openSync(this.path, 'w');
      this.size = 0;
    }
    for (let off = 0; off < length; ) off += writeSync(this.fdOpen, bytes, off, length - off, this.size + off);
    this.segments[p].push(this.size, length);
    this.size += length;
  }

  /** Writes everything out and hands over the current file; later appends start a new generation. */
  seal(): SealedSpool {
    for (let p = 0; p < this.partitions; p++) {
      this.write(p);
      // buffers come back on the next append; meanwhile the drain has the memory
      this.buffers[p] = undefined;
    }
    if (this.fdOpen !== undefined) closeSync(this.fdOpen);
    const sealed = new SealedSpool(this.path, this.segments.filter((s) => s.length > 0), this.count);
    this.fdOpen = undefined;
    this.path = undefined;
    this.segments = Array.from({ length: this.partitions }, () => []);
    this.generation++;
    this.count = 0;
    return sealed;
  }

  /** Closes the open file and drops buffered records (the batch is being thrown away). */
  discard(): void {
    if (this.fdOpen !== undefined) closeSync(this.fdOpen);
    this.fdOpen = undefined;
    for (let p = 0; p < this.partitions; p++) {
      this.used[p] = 0;
      this.buffers[p] = undefined;
    }
  }
}

/** 32-bit FNV-1a over bytes [from, to), cut to 30 bits so that it stays a small integer in V8. */
export function bytesHash(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let at = from; at < to; at++) {
    h ^= bytes[at];
    h = Math.imul(h, 0x01000193);
  }
  return h & 0x3fffffff;
}

/**
 * A partition read back: its bytes and its records in append order. A record is three offsets in one typed array,
 * not an object with a key string: a million records made as many objects and strings, which lived through the
 * merge of their partition and so reached the old generation, and the heap's size at 1,000,000 came from them.
 */
export class SpoolPartition {
  constructor(
    readonly bytes: Buffer,
    readonly count: number,
    /** per record: where its line starts, where its key ends (the tab), where its JSON ends */
    private readonly offsets: Int32Array,
  ) {}

  /** where record i's line (key included) starts */
  line(i: number): number {
    return this.offsets[3 * i];
  }
  /** where record i's JSON starts */
  start(i: number): number {
    return this.offsets[3 * i + 1] + 1;
  }
  /** where record i's JSON ends */
  end(i: number): number {
    return this.offsets[3 * i + 2];
  }
  /** record i's JSON as text */
  json(i: number): string {
    return this.bytes.toString('utf8', this.start(i), this.end(i));
  }
  /** record i's key as latin1-decoded bytes of its JSON (equal keys give equal strings) */
  key(i: number): string {
    return this.bytes.toString('latin1', this.offsets[3 * i], this.offsets[3 * i + 1]);
  }
  /** a 30-bit hash of record i's key bytes (a small integer, so a Map keyed by it stores no boxed number) */
  keyHash(i: number): number {
    return bytesHash(this.bytes, this.offsets[3 * i], this.offsets[3 * i + 1]);
  }
  /** whether records i and j have the same key */
  sameKey(i: number, j: number): boolean {
    const o = this.offsets;
    return this.bytes.compare(this.bytes, o[3 * j], o[3 * j + 1], o[3 * i], o[3 * i + 1]) === 0;
  }
}

/** One spool generation's file, read back a partition at a time and removed once read. */
export class SealedSpool {
  constructor(
    /** the file, undefined when nothing was written */
    readonly file: string | undefined,
    /** the segments (offset, length pairs) of each partition that has records */
    private readonly segments: number[][],
    readonly count: number,
  ) {}

  /**
   * Yields each partition in turn. The bytes and the record offsets live in buffers reused for every partition: a
   * partition must be used before the next one is asked for.
   */
  *partitions(): Generator<SpoolPartition> {
    if (this.file === undefined) return;
    let buffer = Buffer.alloc(0);
    let offsets = new Int32Array(0);
    const fd = openSync(this.file, 'r');
    try {
      for (const segs of this.segments) {
        let size = 0;
        for (let i = 1; i < segs.length; i += 2) size += segs[i];
        if (buffer.length < size) buffer = Buffer.allocUnsafeSlow(Math.max(size, Math.ceil(buffer.length * 1.5)));
        let at = 0;
        for (let i = 0; i < segs.length; i += 2) {
          for (let off = 0; off < segs[i + 1]; ) {
            const n = readSync(fd, buffer, at + off, segs[i + 1] - off, segs[i] + off);
            if (n === 0) throw new Error(`batch spool ${this.file}: file ended early`);
            off += n;
          }
          at += segs[i + 1];
        }
        const bytes = buffer.subarray(0, size);
        let count = 0;
        let start = 0;
        while (start < bytes.length) {
          let end = bytes.indexOf(NEWLINE, start);
          if (end < 0) end = bytes.length;
          const tab = bytes.indexOf(TAB, start);
          if (tab > start && tab < end) {
            if (offsets.length < 3 * (count + 1)) {
              const grown = new Int32Array(Math.max(3 * 1024, offsets.length * 2));
              grown.set(offsets);
              offsets = grown;
            }
            offsets[3 * count] = start;
            offsets[3 * count + 1] = tab;
            offsets[3 * count + 2] = end;
            count++;
          }
          start = end + 1;
        }
        yield new SpoolPartition(bytes, count, offsets);
      }
    } finally {
      closeSync(fd);
      this.remove();
    }
  }

  remove(): void {
    if (this.file !== undefined) rmSync(this.file, { force: true });
  }
}

/** Reads a file line by line with a fixed buffer, so a large file never sits in memory whole. */
export function* readLines(file: string, bufferSize = 1 << 20): Generator<string> {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(bufferSize);
    let rest: Buffer = Buffer.alloc(0);
    for (;;) {
      const n = readSync(fd, buf, 0, bufferSize, null);
      if (n === 0) break;
      // a newline byte never occurs inside a multi-byte UTF-8 sequence, so splitting bytes on it is safe
      const data = rest.length ? Buffer.concat([rest, buf.subarray(0, n)]) : buf.subarray(0, n);
      let start = 0;
      for (let i = data.indexOf(10, start); i >= 0; i = data.indexOf(10, start)) {
        if (i > start) yield data.toString('utf8', start, i);
        start = i + 1;
      }
      rest = Buffer.from(data.subarray(start));
    }
    if (rest.length) yield rest.toString('utf8');
  } finally {
    closeSync(fd);
  }
}
