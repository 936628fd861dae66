import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

interface LockContent {
  pid: number;
  host: string;
  started: string;
}

/** Data files locked by this process: a second start in the same process is refused as well. */
const heldHere = new Set<string>();

/**
 * Claims a data file for this process with `<file>.lock` beside it, so that a second platform on the same file is
 * refused instead of quietly marking the first one's running runs failed. A lock left by a process that no longer
 * runs (on this machine) is taken over. Returns the release function.
 */
export function lockDataFile(dataFile: string): () => void {
  const file = `${resolve(dataFile)}.lock`;
  if (heldHere.has(file)) throw new DataFileLocked(dataFile, file, { pid: process.pid, host: hostname(), started: '' });
  const content: LockContent = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${JSON.stringify(content)}\n`, { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const holder = readLock(file);
      if (holder && holderAlive(holder)) throw new DataFileLocked(dataFile, file, holder);
      unlinkSync(file); // stale: its process is gone, or the file is unreadable leftovers
    }
  }
  heldHere.add(file);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    heldHere.delete(file);
    try {
      unlinkSync(file);
    } catch {
      // already gone: nothing to release
    }
  };
}

export class DataFileLocked extends Error {
  constructor(
    readonly dataFile: string,
    readonly lockFile: string,
    readonly holder: LockContent,
  ) {
    super(
      `data file ${dataFile} is in use by another platform (process ${holder.pid} on ${holder.host}${holder.started ? `, since ${holder.started}` : ''}). ` +
        `Stop that one first, or use another --data file. If no platform runs any more, delete ${lockFile}.`,
    );
  }
}

function readLock(file: string): LockContent | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as LockContent;
    return Number.isInteger(parsed.pid) && parsed.pid > 0 ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function holderAlive(holder: LockContent): boolean {
  // a lock from another machine (a shared folder) cannot be checked: respect it
  if (holder.host !== hostname()) return true;
  // our own pid but not held here: left by an earlier process that had the same pid (a restarted container)
  if (holder.pid === process.pid) return false;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
