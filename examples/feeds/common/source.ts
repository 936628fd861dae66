import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import type { JobApp } from './sdk.js';
import type { ByteSource } from './lines.js';

export interface FeedSource {
  /** where the bytes came from, for logs and messages */
  label: string;
  /** a local file holding the feed (downloads are saved first, so the feed can be read twice) */
  file: string;
  bytes: number;
  open(): ByteSource;
}

export class SourceError extends Error {}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/**
 * Gets the feed: an http(s) URL is downloaded through the app's external session (proxy, retries, user agent)
 * into the temp path; a file path or file:// URL is read where it is.
 */
export async function fetchSource(app: JobApp, source: string, tempPath: string, timeoutMs = 10 * 60_000): Promise<FeedSource> {
  if (isUrl(source)) {
    const res = await app.external.get(source, { timeout: timeoutMs, signal: app.signal });
    if (!res.ok) {
      res.body.resume();
      throw new SourceError(`Failed to download the feed from ${source} (HTTP ${res.status}).`);
    }
    const file = join(tempPath, 'feed-download');
    await pipeline(res.body, createWriteStream(file));
    return local(file, source);
  }
  const path = source.startsWith('file://') ? fileURLToPath(source) : resolve(source);
  if (!existsSync(path) || !statSync(path).isFile()) throw new SourceError(`source: no feed file at ${path}`);
  return local(path, path);
}

// 64 KB reads: a larger chunk (and the text decoded from it) outlives young-generation collections while its
// lines are parsed, and each one promoted is old-generation garbage until the next full collection
function local(file: string, label: string): FeedSource {
  return { label, file, bytes: statSync(file).size, open: () => createReadStream(file, { highWaterMark: 64 * 1024 }) };
}
