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

/** One record of a partition: its key (latin1-decoded bytes: equal keys give equal strings) and where its JSON is. */
export interface SpoolRecord {
  key: string;
  /** where the line (key included) starts */
  line: number;
  /** where the JSON starts and ends */
  start: number;
  end: number;
}

/** A partition read back: its bytes and the records in them, in the order they were appended. */
export interface SpoolPartition {
  bytes: Buffer;
  records: SpoolRecord[];
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
   * Yields each partition in turn. The bytes live in one buffer reused for every partition: a partition's records
   * must be used before the next one is asked for.
   */
  *partitions(): Generator<SpoolPartition> {
    if (this.file === undefined) return;
    let buffer = Buffer.alloc(0);
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
        const records: SpoolRecord[] = [];
        let start = 0;
        while (start < bytes.length) {
          let end = bytes.indexOf(NEWLINE, start);
          if (end < 0) end = bytes.length;
          const tab = bytes.indexOf(TAB, start);
          if (tab > start && tab < end) records.push({ key: bytes.toString('latin1', start, tab), line: start, start: tab + 1, end });
          start = end + 1;
        }
        yield { bytes, records };
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
