import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileContent, FileContentValue } from './group.js';

export type FileBranch = 'documents' | 'reports';

interface FileEntry {
  branch: FileBranch;
  /** contents given as bytes or text wait on disk, not in memory */
  path?: string;
  callback?: (xid: string) => FileContentValue | Promise<FileContentValue>;
}

/**
 * Document and report contents, keyed by group xid. Bytes and text are written under the batch's temp dir at once;
 * callbacks are kept and called with the xid only when the file is uploaded, one at a time.
 */
export class FileStore {
  private readonly entries = new Map<string, FileEntry>();
  private counter = 0;

  constructor(private readonly dir: () => string) {}

  store(xid: string, branch: FileBranch, content: FileContent): void {
    const previous = this.entries.get(xid);
    if (previous?.path) rmSync(previous.path, { force: true });
    if (typeof content === 'function') {
      this.entries.set(xid, { branch, callback: content });
      return;
    }
    const folder = join(this.dir(), 'files');
    mkdirSync(folder, { recursive: true });
    const path = join(folder, String(++this.counter));
    writeFileSync(path, content);
    this.entries.set(xid, { branch, path });
  }

  has(xid: string): boolean {
    return this.entries.has(xid);
  }

  branch(xid: string): FileBranch | undefined {
    return this.entries.get(xid)?.branch;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The bytes to upload; null when a callback gave nothing. Errors of a callback propagate. */
  async read(xid: string): Promise<Uint8Array | null> {
    const entry = this.entries.get(xid);
    if (!entry) return null;
    if (entry.path) return readFileSync(entry.path);
    const value = await entry.callback!(xid);
    if (value === null || value === undefined) return null;
    return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  }

  /** Forgets an uploaded file and frees its disk space. */
  done(xid: string): void {
    const entry = this.entries.get(xid);
    if (entry?.path) rmSync(entry.path, { force: true });
    this.entries.delete(xid);
  }
}
