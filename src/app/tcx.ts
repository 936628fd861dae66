import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { loadInstallJson, type InstallJson } from './install-json.js';

export interface ExtractedApp {
  /** the app folder: `<destDir>/<app_name>_v<major>` */
  appDir: string;
  /** the single top folder's name (the app's key across versions) */
  folder: string;
  installJson: InstallJson;
  files: number;
}

/** What a package may unpack to; beyond any of these the package is refused (a zip bomb, or not an app). */
export interface TcxLimits {
  /** all entries together, uncompressed (default 200 MB) */
  maxUnpackedBytes: number;
  /** files and folders in the archive (default 5,000) */
  maxEntries: number;
  /** uncompressed ÷ compressed size of one entry, checked for entries above 1 MiB (default 200) */
  maxCompressionRatio: number;
}

export const DEFAULT_TCX_LIMITS: TcxLimits = { maxUnpackedBytes: 200 * 1024 * 1024, maxEntries: 5000, maxCompressionRatio: 200 };

// Small files (a JSON of blanks, an empty-ish bundle) legitimately compress far beyond any bomb-worthy ratio and
// cannot hurt anyone; the ratio only matters once an entry is big.
const RATIO_FLOOR_BYTES = 1024 * 1024;

/** A package refused while unpacking; `entry` names the archive entry at fault, when there is one. */
export class TcxError extends Error {
  constructor(
    message: string,
    readonly entry?: string,
  ) {
    super(message);
  }
}

/** Reads a number limit, refusing anything but a positive number (a misconfigured limit would disable the check). */
export function checkTcxLimits(given: Partial<TcxLimits> | undefined, prefix: string): TcxLimits {
  const out = { ...DEFAULT_TCX_LIMITS, ...(given ?? {}) };
  for (const key of Object.keys(DEFAULT_TCX_LIMITS) as Array<keyof TcxLimits>) {
    if (typeof out[key] !== 'number' || !(out[key] > 0)) throw new Error(`${prefix}${key}: must be a positive number, got ${JSON.stringify(out[key])}`);
  }
  return out;
}

/**
 * Unpacks a .tcx into `destDir`, checking that every entry sits under one top folder and none escapes it, that the
 * archive stays within `limits` (by the sizes its headers declare, and again by the bytes really inflated, since
 * headers can lie), then validates the install.json inside. Every failure rejects with a TcxError naming the entry;
 * nothing is thrown out of a zip callback. The caller removes `destDir` on failure.
 */
export async function extractTcx(tcxFile: string, destDir: string, limits: TcxLimits = DEFAULT_TCX_LIMITS): Promise<ExtractedApp> {
  const dest = resolve(destDir);
  const zip = await new Promise<yauzl.ZipFile>((ok, fail) =>
    yauzl.open(tcxFile, { lazyEntries: true, autoClose: true }, (err, z) => (err ? fail(new TcxError(`${tcxFile}: not a zip archive (${err.message})`)) : ok(z))),
  );
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new TcxError(`the package has ${zip.entryCount} entries; the limit (maxEntries) is ${limits.maxEntries}`);
  }
  let folder: string | undefined;
  let files = 0;
  let entries = 0;
  let declaredTotal = 0;
  let inflatedTotal = 0;
  await new Promise<void>((done, fail) => {
    let failed = false;
    const stop = (err: Error, entry?: string) => {
      if (failed) return;
      failed = true;
      try {
        zip.close();
      } catch {
        // already closed (autoClose after the last entry)
      }
      fail(err instanceof TcxError ? err : new TcxError(entry ? `entry ${JSON.stringify(entry)}: ${err.message}` : err.message, entry));
    };
    zip.on('error', (err: Error) => stop(err));
    zip.on('end', () => {
      if (!failed) done();
    });
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName;
      try {
        unpackEntry(entry, name);
      } catch (err) {
        stop(err as Error, name);
      }
    });

    const unpackEntry = (entry: yauzl.Entry, name: string) => {
      if (++entries > limits.maxEntries) throw new TcxError(`the package has more than ${limits.maxEntries} entries (maxEntries)`, name);
      const top = name.split('/')[0];
      if (folder === undefined) folder = top;
      if (!top || top !== folder || name.includes('\\')) throw new TcxError(`entries must share one top folder (found ${JSON.stringify(name)})`, name);
      const target = resolve(dest, name);
      if (target !== join(dest, top) && !target.startsWith(join(dest, top) + sep)) {
        throw new TcxError(`entry ${JSON.stringify(name)} points outside the app folder`, name);
      }
      declaredTotal += entry.uncompressedSize;
      if (declaredTotal > limits.maxUnpackedBytes) {
        throw new TcxError(`entry ${JSON.stringify(name)}: the package unpacks to more than ${limits.maxUnpackedBytes} bytes (maxUnpackedBytes)`, name);
      }
      const ratioOf = (bytes: number) => (bytes > RATIO_FLOOR_BYTES ? bytes / Math.max(entry.compressedSize, 1) : 0);
      if (ratioOf(entry.uncompressedSize) > limits.maxCompressionRatio) {
        throw new TcxError(`entry ${JSON.stringify(name)}: compressed ${Math.round(ratioOf(entry.uncompressedSize))}:1; the limit (maxCompressionRatio) is ${limits.maxCompressionRatio}:1`, name);
      }
      if (name.endsWith('/')) {
        mkdirSync(target, { recursive: true });
        zip.readEntry();
        return;
      }
      mkdirSync(dirname(target), { recursive: true });
      zip.openReadStream(entry, (err, stream) => {
        if (err) return stop(err, name);
        let written = 0;
        // counts what inflating really yields: a header that understates sizes is caught here, mid-stream
        const meter = new Transform({
          transform(chunk: Buffer, _enc, next) {
            written += chunk.length;
            inflatedTotal += chunk.length;
            if (written > entry.uncompressedSize) return next(new TcxError(`entry ${JSON.stringify(name)}: inflates to more than the ${entry.uncompressedSize} bytes its header declares (a forged header)`, name));
            if (inflatedTotal > limits.maxUnpackedBytes) return next(new TcxError(`entry ${JSON.stringify(name)}: the package unpacks to more than ${limits.maxUnpackedBytes} bytes (maxUnpackedBytes)`, name));
            if (ratioOf(written) > limits.maxCompressionRatio) return next(new TcxError(`entry ${JSON.stringify(name)}: inflates beyond ${limits.maxCompressionRatio}:1 (maxCompressionRatio)`, name));
            next(null, chunk);
          },
        });
        const mode = (entry.externalFileAttributes >>> 16) & 0o777;
        pipeline(stream, meter, createWriteStream(target, mode ? { mode: mode | 0o600 } : {}))
          .then(() => {
            files++;
            zip.readEntry();
          })
          .catch((e: Error) =>
            // yauzl counts the inflated bytes against the header too: say plainly what that means
            stop(/too many bytes in the stream/.test(e.message) ? new TcxError(`entry ${JSON.stringify(name)}: inflates to more than the ${entry.uncompressedSize} bytes its header declares (a forged header)`, name) : e, name),
          );
      });
    };
    zip.readEntry();
  });
  if (!folder) throw new TcxError(`${tcxFile}: the archive is empty`);
  const appDir = join(dest, folder);
  return { appDir, folder, installJson: loadInstallJson(appDir), files };
}

/** The file a runner starts with `node`: programMain, with `.js` added when it has no extension. */
export function programMainFile(appDir: string, installJson: Pick<InstallJson, 'programMain'>): string {
  const main = /\.[cm]?js$/.test(installJson.programMain) ? installJson.programMain : `${installJson.programMain}.js`;
  return join(appDir, main);
}
