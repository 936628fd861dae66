import { closeSync, fstatSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
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
 * An append-only store of keyed records split over a fixed number of partition files by the hash of the key, so
 * all records of one key land in one partition and a partition can be merged in memory on its own. Memory stays
 * flat whatever the record count: each partition has one small, reused byte buffer (records are encoded into it at
 * once, so no string outlives its append). Each line is `<JSON key>\t<JSON record>\n`; a JSON-encoded key never
 * contains a raw tab.
 */
export class PartitionedSpool {
  private readonly fds: Array<number | undefined>;
  private readonly buffers: Array<Buffer | undefined>;
  private readonly used: number[];
  private generation = 0;
  private paths: Array<string | undefined>;
  /** records appended to the current generation */
  count = 0;

  constructor(
    private readonly dir: () => string,
    private readonly name: string,
    readonly partitions = 256,
    private readonly bufferBytes = 32 * 1024,
  ) {
    this.fds = new Array(partitions).fill(undefined);
    this.paths = new Array(partitions).fill(undefined);
    this.buffers = new Array(partitions).fill(undefined);
    this.used = new Array(partitions).fill(0);
  }

  /** Adds a record; `keyJson` is the key as JSON text when the caller has it already. */
  append(key: string, record: string, keyJson = jsonString(key)): void {
    const p = fnv1a(key) % this.partitions;
    this.count++;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: room for that bound saves measuring the line before writing it
    const most = (keyJson.length + record.length) * 3 + 2;
    if (most > this.bufferBytes) {
      this.write(p);
      writeSync(this.fd(p), `${keyJson}\t${record}\n`);
      return;
    }
    if (this.used[p] + most > this.bufferBytes) this.write(p);
    const buf = (this.buffers[p] ??= Buffer.allocUnsafe(this.bufferBytes));
    // key and record written one after the other: no joined copy of the line is made
    let at = this.used[p];
    at += buf.write(keyJson, at);
    buf[at++] = TAB;
    at += buf.write(record, at);
    buf[at++] = NEWLINE;
    this.used[p] = at;
  }

  private fd(p: number): number {
    if (this.fds[p] === undefined) {
      const path = join(this.dir(), `${this.name}-${this.generation}-${p}.jsonl`);
      this.paths[p] = path;
      this.fds[p] = openSync(path, 'a');
    }
    return this.fds[p] as number;
  }

  private write(p: number): void {
    if (this.used[p] === 0) return;
    const fd = this.fd(p);
    const buf = this.buffers[p] as Buffer;
    for (let off = 0; off < this.used[p]; ) off += writeSync(fd, buf, off, this.used[p] - off);
    this.used[p] = 0;
  }

  /** Writes everything out and hands over the current files; later appends start a new generation. */
  seal(): SealedSpool {
    for (let p = 0; p < this.partitions; p++) {
      this.write(p);
      if (this.fds[p] !== undefined) closeSync(this.fds[p] as number);
      this.fds[p] = undefined;
      // buffers come back on the next append; meanwhile the drain has the memory
      this.buffers[p] = undefined;
    }
    const sealed = new SealedSpool(this.paths.filter((p): p is string => p !== undefined), this.count);
    this.paths = new Array(this.partitions).fill(undefined);
    this.generation++;
    this.count = 0;
    return sealed;
  }

  /** Closes open files and drops buffered records (the batch is being thrown away). */
  discard(): void {
    for (let p = 0; p < this.partitions; p++) {
      if (this.fds[p] !== undefined) closeSync(this.fds[p] as number);
      this.fds[p] = undefined;
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

/** The files of one spool generation, read back a partition at a time and removed as they are consumed. */
export class SealedSpool {
  constructor(
    readonly files: string[],
    readonly count: number,
  ) {}

  /**
   * Yields each partition in turn. The bytes live in one buffer reused for every partition: a partition's records
   * must be used before the next one is asked for.
   */
  *partitions(): Generator<SpoolPartition> {
    let buffer = Buffer.alloc(0);
    for (const file of this.files) {
      const fd = openSync(file, 'r');
      let size: number;
      try {
        size = fstatSync(fd).size;
        if (buffer.length < size) buffer = Buffer.allocUnsafeSlow(Math.max(size, Math.ceil(buffer.length * 1.5)));
        for (let off = 0; off < size; ) {
          const n = readSync(fd, buffer, off, size - off, off);
          if (n === 0) break;
          off += n;
        }
      } finally {
        closeSync(fd);
      }
      rmSync(file, { force: true });
      const bytes = buffer.subarray(0, size);
      const records: SpoolRecord[] = [];
      let start = 0;
      while (start < bytes.length) {
        let end = bytes.indexOf(10, start);
        if (end < 0) end = bytes.length;
        const tab = bytes.indexOf(9, start);
        if (tab > start && tab < end) records.push({ key: bytes.toString('latin1', start, tab), line: start, start: tab + 1, end });
        start = end + 1;
      }
      yield { bytes, records };
    }
  }

  remove(): void {
    for (const file of this.files) rmSync(file, { force: true });
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
