import { chmodSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a job's uploaded data waits from its upload until the job is done. Not in SQLite: a 25,000-indicator
 * upload is about 4 MB, which the database would write to its WAL, copy again at the next checkpoint and free
 * again at completion (with an fsync in each checkpoint), work that ingest itself does not need.
 */
export interface UploadStore {
  put(jobId: number, content: Buffer): void;
  /** The data, or undefined when there is none (never uploaded, already done, or lost on disk). */
  get(jobId: number): Buffer | undefined;
  remove(jobId: number): void;
  /** Removes every upload whose job is not in `keep`: those of jobs that completed or were wiped meanwhile. */
  prune(keep: ReadonlySet<number>): void;
}

/** The file name of a job's upload comes from its id alone (a positive integer), never from anything a user sent. */
function fileName(jobId: number): string {
  if (!Number.isSafeInteger(jobId) || jobId <= 0) throw new Error(`batch upload: job id must be a positive integer, got ${JSON.stringify(jobId)}`);
  return `${jobId}.json`;
}

const UPLOAD = /^(\d+)\.json$/;

/**
 * Uploads of a platform with a data file: one file per job, `<files folder>/batch/<job id>.json`, mode 0600 in a
 * 0700 folder, so queued jobs survive a restart as the database does. Written aside and renamed, so a crash never
 * leaves half an upload under the job's name. Not fsynced, like the database's commits (synchronous = NORMAL):
 * safe against the platform crashing, not against the machine losing power; a job whose upload was lost that way
 * completes with a file error instead of waiting forever.
 */
export class FileUploads implements UploadStore {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700); // also when an earlier run or the user made it with other permissions
  }

  put(jobId: number, content: Buffer): void {
    const path = join(this.dir, fileName(jobId));
    const temp = `${path}.tmp`;
    rmSync(temp, { force: true }); // a leftover of a crash: `wx` below creates the file new, so with mode 0600
    writeFileSync(temp, content, { mode: 0o600, flag: 'wx' });
    renameSync(temp, path);
  }

  get(jobId: number): Buffer | undefined {
    try {
      return readFileSync(join(this.dir, fileName(jobId)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  remove(jobId: number): void {
    rmSync(join(this.dir, fileName(jobId)), { force: true });
  }

  prune(keep: ReadonlySet<number>): void {
    for (const name of readdirSync(this.dir)) {
      const id = UPLOAD.exec(name)?.[1];
      // only the platform's own names: anything else in the folder is not ours to delete
      if (id !== undefined ? !keep.has(Number(id)) : /^\d+\.json\.tmp$/.test(name)) rmSync(join(this.dir, name), { force: true });
    }
  }
}

/** Uploads of a platform in memory: gone with the process, as its database is. */
export class MemoryUploads implements UploadStore {
  private readonly data = new Map<number, Buffer>();

  put(jobId: number, content: Buffer): void {
    this.data.set(jobId, content);
  }

  get(jobId: number): Buffer | undefined {
    return this.data.get(jobId);
  }

  remove(jobId: number): void {
    this.data.delete(jobId);
  }

  prune(keep: ReadonlySet<number>): void {
    for (const id of this.data.keys()) if (!keep.has(id)) this.data.delete(id);
  }
}
