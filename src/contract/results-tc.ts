import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Parses `key = value` lines. Blank lines and lines without ` = ` or `=` are skipped; `name =` means empty. */
export function parseResultsTc(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.indexOf('=');
    if (at <= 0) continue;
    const key = line.slice(0, at).trim();
    if (key) out[key] = line.slice(at + 1).trim();
  }
  return out;
}

export function formatResultsTc(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key} = ${value}\n`)
    .join('');
}

const SAVE_SLICE = 1 << 20;

function checkKey(key: string): void {
  if (!key || /[=\r\n]/.test(key) || key.trim() !== key) {
    throw new Error(`results.tc key ${JSON.stringify(key)}: must be non-empty, without "=", newlines or surrounding spaces`);
  }
}

/**
 * The values a job app hands back to the platform, which stores them and passes each one back as the same-named
 * param on the next run. Every change is written at once so a crash later in the run does not lose it.
 */
export class ResultsTc {
  readonly file: string;
  private values: Record<string, string>;

  constructor(outPath: string) {
    this.file = join(outPath, 'results.tc');
    this.values = existsSync(this.file) ? parseResultsTc(readFileSync(this.file, 'utf8')) : {};
  }

  get(key: string): string | undefined {
    return this.values[key];
  }

  all(): Record<string, string> {
    return { ...this.values };
  }

  /** Sets or updates a value (kept in place); `null`/`undefined` removes the key. Values are stored on one line. */
  set(key: string, value: string | number | boolean | Date | null | undefined): void {
    checkKey(key);
    if (value === null || value === undefined) {
      this.remove(key);
      return;
    }
    const text = value instanceof Date ? value.toISOString() : String(value);
    if (/[\r\n]/.test(text)) throw new Error(`results.tc value for ${key}: must be a single line`);
    this.values[key] = text;
    this.save();
  }

  remove(key: string): void {
    if (!(key in this.values)) return;
    delete this.values[key];
    this.save();
  }

  // Written a slice at a time rather than as one formatted string: a value may be many megabytes (a feed app's
  // run-to-run state), and the whole file as a string and then as bytes would hold it twice more.
  private save(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const fd = openSync(this.file, 'w');
    try {
      for (const [key, value] of Object.entries(this.values)) {
        writeSync(fd, `${key} = `);
        for (let at = 0; at < value.length; ) {
          let end = Math.min(at + SAVE_SLICE, value.length);
          // never between the two halves of a surrogate pair (each half alone would be written as U+FFFD)
          if (end < value.length && (value.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
          writeSync(fd, value.slice(at, end));
          at = end;
        }
        writeSync(fd, '\n');
      }
    } finally {
      closeSync(fd);
    }
  }
}
