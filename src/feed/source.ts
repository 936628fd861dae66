import { closeSync, createReadStream, createWriteStream, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import yauzl from 'yauzl';
import type { JobApp } from '../app/index.js';
import type { ByteSource } from './lines.js';

export interface FeedSource {
  /** where the bytes came from, for logs and messages */
  label: string;
  /** a local file holding the feed (downloads are saved first, so the feed can be read twice) */
  file: string;
  /** size of that file (compressed, when the feed is gzip) */
  bytes: number;
  /** how the file is stored: `gzip` sources are decompressed as they are read, zip entries extracted first */
  compression: 'none' | 'gzip' | 'zip';
  /** the feed's bytes, decompressed, from the start; can be called again */
  open(): ByteSource;
  /**
   * Set when the source holds only what changed since the last run (a TAXII collection read with `added_after`):
   * items it does not list are kept, and only the keys in `removals` (`itemKey` form: revoked objects) are removed.
   */
  partial?: { removals: string[] };
}

/** The feed could not be fetched or opened (a download failure, a missing file, an empty zip). */
export class SourceError extends Error {}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/**
 * Gets the feed: an http(s) URL is downloaded through the app's external session (proxy, retries, user agent)
 * into the temp path; a file path or file:// URL is read where it is. Gzip files (by their magic bytes) are
 * decompressed as they are read; a zip archive's feed file (its only file, else its largest) is extracted into
 * the temp path.
 */
export async function fetchSource(app: JobApp, source: string, tempPath: string, timeoutMs = 10 * 60_000): Promise<FeedSource> {
  if (isUrl(source)) {
    let res;
    try {
      res = await app.external.get(source, { timeout: timeoutMs, signal: app.signal });
    } catch (err) {
      throw new SourceError(`Failed to download the feed from ${source}: ${(err as Error).message}`);
    }
    if (!res.ok) {
      res.body.resume();
      throw new SourceError(`Failed to download the feed from ${source} (HTTP ${res.status}).`);
    }
    const file = join(tempPath, 'feed-download');
    try {
      await pipeline(res.body, createWriteStream(file));
    } catch (err) {
      throw new SourceError(`Failed to download the feed from ${source}: the connection broke off (${(err as Error).message}).`);
    }
    return openLocal(file, source, tempPath);
  }
  const path = source.startsWith('file://') ? fileURLToPath(source) : resolve(source);
  if (!existsSync(path) || !statSync(path).isFile()) throw new SourceError(`source: no feed file at ${path}`);
  return openLocal(path, path, tempPath);
}

/** A local feed file as a source, its compression told by its first bytes. */
export async function openLocal(file: string, label: string, tempPath: string): Promise<FeedSource> {
  const magic = readHead(file, 4);
  if (magic[0] === 0x1f && magic[1] === 0x8b) {
    return { label, file, bytes: statSync(file).size, compression: 'gzip', open: () => createReadStream(file, { highWaterMark: READ }).pipe(createGunzip({ chunkSize: READ })) };
  }
  if (magic.readUInt32LE(0) === 0x04034b50) {
    const extracted = await extractZipFeed(file, tempPath);
    return { ...plain(extracted.file, `${label} (${extracted.entry})`), compression: 'zip' };
  }
  return plain(file, label);
}

// 64 KB reads: a larger chunk (and the text decoded from it) outlives young-generation collections while its
// lines are parsed, and each one promoted is old-generation garbage until the next full collection
const READ = 64 * 1024;

function plain(file: string, label: string): FeedSource {
  return { label, file, bytes: statSync(file).size, compression: 'none', open: () => createReadStream(file, { highWaterMark: READ }) };
}

function readHead(file: string, n: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    readSync(fd, buf, 0, n, 0);
    return buf;
  } finally {
    closeSync(fd);
  }
}

/** Extracts the feed file of a zip archive (its only file, or the largest) into `tempPath`. */
async function extractZipFeed(zipFile: string, tempPath: string): Promise<{ file: string; entry: string }> {
  const zip = await new Promise<yauzl.ZipFile>((ok, fail) =>
    yauzl.open(zipFile, { lazyEntries: true, autoClose: false }, (err, z) => (err ? fail(new SourceError(`The feed is not a readable zip archive: ${err.message}`)) : ok(z))),
  );
  try {
    const entries: yauzl.Entry[] = [];
    await new Promise<void>((ok, fail) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.endsWith('/')) entries.push(entry);
        zip.readEntry();
      });
      zip.on('end', () => ok());
      zip.on('error', (err: Error) => fail(new SourceError(`The feed's zip archive is damaged: ${err.message}`)));
      zip.readEntry();
    });
    if (entries.length === 0) throw new SourceError('The feed is a zip archive with no file in it.');
    const entry = entries.reduce((a, b) => (b.uncompressedSize > a.uncompressedSize ? b : a));
    const out = join(tempPath, `feed-unzipped-${basename(entry.fileName).replace(/[^\w.-]+/g, '_')}`);
    const stream = await new Promise<NodeJS.ReadableStream>((ok, fail) =>
      zip.openReadStream(entry, (err, s) => (err ? fail(new SourceError(`The feed's zip entry ${entry.fileName} cannot be read: ${err.message}`)) : ok(s))),
    );
    try {
      await pipeline(stream, createWriteStream(out));
    } catch (err) {
      throw new SourceError(`The feed's zip entry ${entry.fileName} is damaged: ${(err as Error).message}`);
    }
    return { file: out, entry: entry.fileName };
  } finally {
    zip.close();
  }
}
