import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, gzipSync } from 'node:zlib';
import { LineSink } from './line-sink.js';
import { eachCompleteLine } from './lines.js';

/**
 * The text form of a feed's run-to-run state, as carried in results.tc: base64 of gzip of
 * `tcex-feed-state v1<TAB>owner` then one `key<TAB>digest` line per item (digest in base 36, `-1` for "send
 * again"). Read and written a slice at a time: neither side ever holds the uncompressed text.
 */
export const STATE_HEADER = 'tcex-feed-state v1';

const SLICE = 65_536;
// bytes compressed per gzip member: big enough that restarting the dictionary costs nothing worth measuring
const MEMBER = 256 * 1024;

/**
 * Writes a state, synchronously: lines are gathered into 256 KB slices, each compressed as a gzip member of its own
 * (a gzip stream may be a series of members; gunzip reads them as one text) and appended to a temp file, which
 * becomes the base64 text at the end. The value has to be one string for results.tc; the compressed bytes are
 * all that is held besides it.
 */
export class StateWriter {
  private readonly fd: number;
  private readonly sink: LineSink;
  private open = true;

  constructor(
    owner: string,
    private readonly path: string,
  ) {
    this.fd = openSync(path, 'w');
    this.sink = new LineSink((bytes) => writeSync(this.fd, gzipSync(bytes)), MEMBER);
    this.sink.write(`${STATE_HEADER}\t${owner}`);
  }

  /** `digest`: the number itself (base 36 is applied here) or its text as read from an earlier state. */
  add(key: string, digest: number | string): void {
    this.sink.write(`\n${key}\t${typeof digest === 'number' ? digest.toString(36) : digest}`);
  }

  /** One line of base64; removes the temp file. */
  finish(): string {
    try {
      this.sink.flush();
      return readFileSync(this.path).toString('base64');
    } finally {
      this.abandon();
    }
  }

  /** Closes and removes the temp file (also after an error elsewhere). */
  abandon(): void {
    if (!this.open) return;
    this.open = false;
    closeSync(this.fd);
    rmSync(this.path, { force: true });
  }
}

// base64 is decoded 4 characters → 3 bytes, so slices on a multiple of 4 decode on their own
function* base64Slices(text: string): Generator<Buffer> {
  for (let at = 0; at < text.length; at += SLICE) yield Buffer.from(text.slice(at, at + SLICE), 'base64');
}

/**
 * Calls `onLine` for each line of a state's text, the header first; `onLine` returning false stops the reading.
 * Throws when the text is not base64 of gzip (or is cut short).
 */
export async function eachStateLine(text: string, onLine: (line: string) => boolean | void): Promise<void> {
  const source = Readable.from(base64Slices(text.trim()));
  const gunzip = createGunzip({ chunkSize: SLICE });
  source.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const bytes of gunzip) {
      const left = eachCompleteLine(rest + decoder.write(bytes as Buffer), onLine);
      if (left === undefined) return;
      rest = left;
    }
    rest += decoder.end();
    if (rest) onLine(rest);
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}

/** A state line split into its key and its digest text; undefined for a line without both. */
export function splitStateLine(line: string): { key: string; digest: string } | undefined {
  const tab = line.lastIndexOf('\t');
  return tab > 0 ? { key: line.slice(0, tab), digest: line.slice(tab + 1) } : undefined;
}

/** The header's verdict on a state: its owner, or why it cannot be used. */
export function readHeader(line: string): { owner: string } | { problem: 'format' } {
  const [marker, owner] = line.split('\t');
  return marker === STATE_HEADER && owner !== undefined ? { owner } : { problem: 'format' };
}
