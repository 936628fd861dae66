import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, isAbsolute, sep } from 'node:path';

/**
 * Makes the data folder and database files private to the user: the database holds API secret keys and tokens.
 * A folder the platform creates is 0700; the database file is created 0600 before SQLite opens it, and SQLite gives
 * its -wal and -shm files the database file's mode. A folder that already existed is left as it is (it may be a
 * shared one such as /tmp); its platform files are still made 0600.
 */
export function prepareDataFolder(dataFile: string, filesDir?: string): void {
  const folder = dirname(dataFile);
  if (mkdirSync(folder, { recursive: true, mode: 0o700 }) !== undefined) chmodSync(folder, 0o700);
  if (!existsSync(dataFile)) closeSync(openSync(dataFile, 'a', 0o600));
  for (const file of [dataFile, `${dataFile}-wal`, `${dataFile}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
  if (filesDir) {
    mkdirSync(filesDir, { recursive: true, mode: 0o700 });
    chmodSync(filesDir, 0o700); // the platform's own folder: private even when an older version made it 0755
  }
}

/**
 * Rewrites absolute paths under the given roots to paths relative to them, so admin error messages never show
 * where the server keeps its files.
 */
export function relativiseInMessage(message: string, roots: ReadonlyArray<string | undefined>): string {
  let out = message;
  for (const root of roots) {
    if (!root || !isAbsolute(root)) continue;
    const prefix = root.endsWith(sep) ? root : `${root}${sep}`;
    out = out.split(prefix).join('').split(root).join('.');
  }
  return out;
}
