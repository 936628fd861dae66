import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A log file that rolls over by size: `app.log` → `app.log.1` → … → `app.log.<backupCount>`, the oldest dropped.
 * Writes are synchronous so nothing is lost when the app exits right after logging.
 */
export class RotatingFile {
  private fd: number;
  private size: number;

  constructor(
    readonly file: string,
    readonly maxBytes: number,
    readonly backupCount: number,
  ) {
    mkdirSync(dirname(file), { recursive: true });
    this.fd = openSync(file, 'a');
    this.size = fstatSync(this.fd).size;
  }

  write(text: string): void {
    const bytes = Buffer.byteLength(text);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    writeSync(this.fd, text);
    this.size += bytes;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private rotate(): void {
    closeSync(this.fd);
    if (this.backupCount > 0) {
      rmSync(`${this.file}.${this.backupCount}`, { force: true });
      for (let n = this.backupCount - 1; n >= 1; n--) {
        if (existsSync(`${this.file}.${n}`)) renameSync(`${this.file}.${n}`, `${this.file}.${n + 1}`);
      }
      renameSync(this.file, `${this.file}.1`);
      this.fd = openSync(this.file, 'a');
    } else {
      this.fd = openSync(this.file, 'w');
    }
    this.size = 0;
  }
}
