// Shared by the feed tests: where the real feed excerpts are, and small stream helpers.
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import type { ByteSource, FeedOutput, FeedReader } from '../../src/feed/index.js';

/** A real feed file: the excerpts shipped in examples/feeds/data (see its README for sources and licences). */
export function feedFile(name: string): string {
  return resolve('examples', 'feeds', 'data', name);
}

export function exampleFile(app: string, name: string): string {
  return resolve('examples', 'feeds', app, 'sample', name);
}

/** The file's bytes in small chunks (so parsers meet values split across chunk boundaries), then `extra` lines. */
export async function* fileThen(path: string, extra = ''): ByteSource {
  yield* createReadStream(path, { highWaterMark: 4096 });
  if (extra) yield Buffer.from(`\n${extra}`);
}

export interface Tally {
  byType: Record<string, number>;
  invalid: Array<{ where: string; reason: string }>;
  skipped: number;
  items: FeedOutput[];
}

export async function tally(outputs: AsyncIterable<FeedOutput>, keep = false): Promise<Tally> {
  const t: Tally = { byType: {}, invalid: [], skipped: 0, items: [] };
  for await (const o of outputs) {
    if (keep) t.items.push(o);
    if (o.kind === 'invalid') t.invalid.push(o);
    else if (o.kind === 'skipped') t.skipped += 1;
    else t.byType[o.type] = (t.byType[o.type] ?? 0) + 1;
  }
  return t;
}

export function readWith(reader: FeedReader, path: string, extra = ''): AsyncIterable<FeedOutput> {
  return reader(fileThen(path, extra));
}
