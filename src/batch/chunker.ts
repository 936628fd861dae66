import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PartitionedSpool, readLines, type SealedSpool, type SpoolPartition } from './spool.js';
import { mergeWire } from './wire.js';
import type { FileStore } from './files.js';
import type { Logger } from '../core/logger.js';

/** How big one batch job may get. The platform refuses more than 25,000 indicators per job. */
export interface ChunkLimits {
  /** groups + indicators + associations per job (default 25,000) */
  maxItems: number;
  /** indicators per job (default 25,000, the platform's limit) */
  maxIndicators: number;
  /** UTF-8 bytes of the data JSON per job (default 50,000,000) */
  maxBytes: number;
}

export const DEFAULT_LIMITS: ChunkLimits = { maxItems: 25_000, maxIndicators: 25_000, maxBytes: 50_000_000 };

/** One job's worth of data: the JSON to upload (UTF-8 bytes) and what it holds. */
export interface BatchChunk {
  /** 1-based position among the chunks this batch produced */
  index: number;
  /** `{"group":[...],"indicator":[...],"association":[...]}` as UTF-8 */
  content: Buffer;
  bytes: number;
  groups: number;
  indicators: number;
  associations: number;
  /** xids of the documents and reports in this chunk whose contents are uploaded after the job */
  files: string[];
}

const OPEN = Buffer.from('{"group":[');
const MID = Buffer.from('],"indicator":[');
const ASSOC = Buffer.from('],"association":[');
const CLOSE = Buffer.from(']}');
const COMMA = 44;
const BASE_BYTES = OPEN.length + MID.length + CLOSE.length;
type Kind = 'group' | 'indicator' | 'association';

/**
 * Chunk buffers handed back after their upload (`Batch.release`) are reused for the next chunk, so serialising a
 * million objects does not leave hundreds of megabytes of dead buffers for the garbage collector to find.
 */
export class ChunkBufferPool {
  private readonly free: Buffer[] = [];
  private readonly owners = new WeakMap<BatchChunk, Buffer>();
  /** the size the next buffer should start at: the largest chunk seen, so a chunk rarely needs to grow */
  private hint = 256 * 1024;

  constructor(private readonly keep = 2) {}

  take(min: number): Buffer {
    const want = Math.max(min, this.hint);
    const index = this.free.findIndex((b) => b.length >= want);
    if (index >= 0) return this.free.splice(index, 1)[0];
    this.free.pop();
    return Buffer.allocUnsafeSlow(want);
  }

  /** @internal the builder outgrew a buffer */
  recycle(buf: Buffer): void {
    if (this.free.length < this.keep) this.free.push(buf);
  }

  adopt(chunk: BatchChunk, buf: Buffer): void {
    this.hint = Math.max(this.hint, Math.ceil(chunk.bytes * 1.05));
    this.owners.set(chunk, buf);
  }

  /** Takes a chunk's buffer back; its `content` must not be used afterwards. */
  release(chunk: BatchChunk): void {
    const buf = this.owners.get(chunk);
    if (!buf) return;
    this.owners.delete(chunk);
    this.recycle(buf);
  }
}

/**
 * Writes one chunk's JSON straight into a byte buffer as items arrive (groups, then indicators, then associations,
 * the order the drain produces), so item text never piles up as strings.
 */
class ChunkBuilder {
  readonly files: string[] = [];
  private buf: Buffer;
  private length = 0;
  private section = 0;
  private readonly counts = { group: 0, indicator: 0, association: 0 };
  private itemBytes = 0;

  constructor(
    private readonly limits: ChunkLimits,
    private readonly pool: ChunkBufferPool,
  ) {
    this.buf = pool.take(Math.min(limits.maxBytes + 64, 64 * 1024));
    this.put(OPEN, 0, OPEN.length);
  }

  get items(): number {
    return this.counts.group + this.counts.indicator + this.counts.association;
  }

  private total(g: number, i: number, a: number, itemBytes: number): number {
    return BASE_BYTES + itemBytes + Math.max(0, g - 1) + Math.max(0, i - 1) + (a > 0 ? ASSOC.length + a - 1 : 0);
  }

  /** Whether items can join; an empty chunk takes anything, so an oversized item still travels (and is reported). */
  fits(groups: number, indicators: number, associations: number, bytes: number): boolean {
    if (this.items === 0) return true;
    const g = this.counts.group + groups;
    const i = this.counts.indicator + indicators;
    const a = this.counts.association + associations;
    return g + i + a <= this.limits.maxItems && i <= this.limits.maxIndicators && this.total(g, i, a, this.itemBytes + bytes) <= this.limits.maxBytes;
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = this.pool.take(size);
    this.buf.copy(next, 0, 0, this.length);
    this.pool.recycle(this.buf);
    this.buf = next;
  }

  private put(src: Buffer, start: number, end: number): void {
    this.room(end - start);
    this.length += src.copy(this.buf, this.length, start, end);
  }

  private enter(kind: Kind): void {
    const target = kind === 'group' ? 0 : kind === 'indicator' ? 1 : 2;
    if (target < this.section) throw new Error(`batch chunk: ${kind} after a later section`);
    if (this.section === 0 && target > 0) {
      this.put(MID, 0, MID.length);
      this.section = 1;
    }
    if (this.section === 1 && target === 2) {
      this.put(ASSOC, 0, ASSOC.length);
      this.section = 2;
    }
    if (this.counts[kind] > 0) {
      this.room(1);
      this.buf[this.length++] = COMMA;
    }
    this.counts[kind]++;
  }

  addBytes(kind: Kind, src: Buffer, start: number, end: number): void {
    this.enter(kind);
    this.itemBytes += end - start;
    this.put(src, start, end);
  }

  addText(kind: Kind, json: string, bytes: number): void {
    this.enter(kind);
    this.itemBytes += bytes;
    this.room(bytes);
    this.length += this.buf.write(json, this.length);
  }

  build(index: number): BatchChunk {
    if (this.section === 0) this.put(MID, 0, MID.length);
    this.put(CLOSE, 0, CLOSE.length);
    const chunk: BatchChunk = {
      index,
      content: this.buf.subarray(0, this.length),
      bytes: this.length,
      groups: this.counts.group,
      indicators: this.counts.indicator,
      associations: this.counts.association,
      files: this.files,
    };
    this.pool.adopt(chunk, this.buf);
    return chunk;
  }
}

/** A record that met another of the same key and was merged (so it is an object now, not bytes in the partition). */
class Merged {
  constructor(readonly value: Record<string, unknown>) {}
}

/**
 * One partition merged by key: for each key, in the order keys first appeared, the index of its first record
 * (`first`) and its value (`values`): that record's index while the key occurred once, else the merged object.
 */
export interface MergedPartition {
  first: number[];
  values: Array<number | Merged>;
}

/**
 * Merges the records of one partition by key, parsing only keys that occur more than once. Keys are told apart by
 * a hash of their bytes, then compared byte for byte; keys whose hash another key holds go through a map of key
 * strings, so a collision costs a string and never merges two different keys.
 */
export function mergePartition(part: SpoolPartition, merge: (a: any, b: any) => any = mergeWire): MergedPartition {
  const parse = (v: number | Merged) => (v instanceof Merged ? v.value : JSON.parse(part.json(v)));
  const first: number[] = [];
  const values: Array<number | Merged> = [];
  const byHash = new Map<number, number>();
  let collided: Map<string, number> | undefined;
  for (let i = 0; i < part.count; i++) {
    const hash = part.keyHash(i);
    let slot = byHash.get(hash);
    if (slot === undefined) {
      byHash.set(hash, values.length);
    } else if (!part.sameKey(first[slot], i)) {
      const key = part.key(i);
      collided ??= new Map();
      slot = collided.get(key);
      if (slot === undefined) collided.set(key, values.length);
    }
    if (slot === undefined) {
      first.push(i);
      values.push(i);
    } else {
      values[slot] = new Merged(merge(parse(values[slot]), parse(i)));
    }
  }
  return { first, values };
}

class UnionFind {
  private readonly parent = new Map<string, string>();
  get size(): number {
    return this.parent.size;
  }
  has(x: string): boolean {
    return this.parent.has(x);
  }
  find(x: string): string {
    let root = x;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    if (!this.parent.has(x)) this.parent.set(x, x);
    // path compression keeps later finds short
    for (let cur = x; cur !== root; ) {
      const next = this.parent.get(cur) as string;
      this.parent.set(cur, root);
      cur = next;
    }
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

export interface DrainSources {
  groups: SealedSpool;
  indicators: SealedSpool;
  associations: SealedSpool;
}

const keyText = (latin1Key: string): string => JSON.parse(Buffer.from(latin1Key, 'latin1').toString('utf8')) as string;

/**
 * Turns sealed spools into chunks: groups first (groups linked by associatedGroupXid kept in one chunk where the
 * limits allow), then indicators, then top-level associations, each merged by identity. Partition files are
 * removed as they are read.
 */
export function* drainChunks(
  sources: DrainSources,
  limits: ChunkLimits,
  files: FileStore,
  workDir: string,
  firstIndex: number,
  log: Logger,
  pool: ChunkBufferPool = new ChunkBufferPool(),
): Generator<BatchChunk> {
  let index = firstIndex;
  let chunk = new ChunkBuilder(limits, pool);

  // Groups, pass 1: merge each partition, note which xids are linked, and park merged groups in one file.
  const mergedPath = join(workDir, `groups-merged-${firstIndex}.jsonl`);
  const links = new UnionFind();
  let mergedCount = 0;
  if (sources.groups.count) {
    const fd = openSync(mergedPath, 'w');
    try {
      for (const part of sources.groups.partitions()) {
        const out: Buffer[] = [];
        const { first, values } = mergePartition(part);
        for (let slot = 0; slot < values.length; slot++) {
          const value = values[slot];
          const text = value instanceof Merged ? JSON.stringify(value.value) : undefined;
          const hasLinks = text ? text.includes('"associatedGroupXid"') : part.bytes.subarray(part.start(value as number), part.end(value as number)).includes('"associatedGroupXid"');
          if (hasLinks) {
            const group = value instanceof Merged ? value.value : JSON.parse(part.json(value as number));
            const xid = keyText(part.key(first[slot]));
            for (const other of (group.associatedGroupXid as string[] | undefined) ?? []) links.union(xid, String(other));
          }
          // the spool wrote a newline after every record, so `end + 1` takes the line with its newline
          if (text === undefined) out.push(part.bytes.subarray(part.line(value as number), part.end(value as number) + 1));
          else out.push(Buffer.from(part.key(first[slot]), 'latin1'), Buffer.from(`\t${text}\n`));
          mergedCount++;
        }
        const bytes = Buffer.concat(out);
        for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
      }
    } finally {
      closeSync(fd);
    }
  }

  // Groups, pass 2: unlinked groups go straight into chunks; linked ones are regrouped by cluster.
  const clusters = new PartitionedSpool(() => workDir, `clusters-${firstIndex}`, 64);
  if (mergedCount) {
    for (const line of readLines(mergedPath)) {
      const tab = line.indexOf('\t');
      if (tab < 0) continue;
      const xid = JSON.parse(line.slice(0, tab)) as string;
      if (links.size && links.has(xid)) {
        clusters.append(links.find(xid), line);
        continue;
      }
      const json = line.slice(tab + 1);
      const bytes = Buffer.byteLength(json);
      if (!chunk.fits(1, 0, 0, bytes)) {
        yield chunk.build(index++);
        chunk = new ChunkBuilder(limits, pool);
      }
      chunk.addText('group', json, bytes);
      if (files.has(xid)) chunk.files.push(xid);
    }
    rmSync(mergedPath, { force: true });
  }

  // Groups, pass 3: each cluster as a unit.
  for (const part of clusters.seal().partitions()) {
    const byRoot = new Map<string, Array<{ xid: string; json: string; bytes: number }>>();
    for (let i = 0; i < part.count; i++) {
      // the stored record is the merged-file line: `<JSON xid>\t<JSON group>`
      const line = part.json(i);
      const tab = line.indexOf('\t');
      const json = line.slice(tab + 1);
      const member = { xid: JSON.parse(line.slice(0, tab)) as string, json, bytes: Buffer.byteLength(json) };
      const root = part.key(i);
      const list = byRoot.get(root);
      if (list) list.push(member);
      else byRoot.set(root, [member]);
    }
    for (const members of byRoot.values()) {
      const total = members.reduce((n, m) => n + m.bytes + 1, 0);
      if (!chunk.fits(members.length, 0, 0, total)) {
        yield chunk.build(index++);
        chunk = new ChunkBuilder(limits, pool);
      }
      let split = false;
      for (const m of members) {
        if (!chunk.fits(1, 0, 0, m.bytes)) {
          split = true;
          yield chunk.build(index++);
          chunk = new ChunkBuilder(limits, pool);
        }
        chunk.addText('group', m.json, m.bytes);
        if (files.has(m.xid)) chunk.files.push(m.xid);
      }
      if (split) log.warn(`batch: ${members.length} associated groups exceed one job's limits and were split over several jobs`);
    }
  }

  const emit = function* (kind: 'indicator' | 'association', part: SpoolPartition, merged: MergedPartition): Generator<BatchChunk> {
    const [g, i, a] = kind === 'indicator' ? [0, 1, 0] : [0, 0, 1];
    for (const value of merged.values) {
      if (value instanceof Merged) {
        const json = JSON.stringify(value.value);
        const bytes = Buffer.byteLength(json);
        if (!chunk.fits(g, i, a, bytes)) {
          yield chunk.build(index++);
          chunk = new ChunkBuilder(limits, pool);
        }
        chunk.addText(kind, json, bytes);
      } else {
        const start = part.start(value);
        const end = part.end(value);
        if (!chunk.fits(g, i, a, end - start)) {
          yield chunk.build(index++);
          chunk = new ChunkBuilder(limits, pool);
        }
        chunk.addBytes(kind, part.bytes, start, end);
      }
    }
  };
  for (const part of sources.indicators.partitions()) yield* emit('indicator', part, mergePartition(part));
  for (const part of sources.associations.partitions()) yield* emit('association', part, mergePartition(part, (first) => first));

  if (chunk.items > 0) yield chunk.build(index++);
}
