import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_KEY_ENV, ADMIN_KEY_FILE, ADMIN_KEY_MIN_LENGTH as MIN_LENGTH, readAdminKeyFile } from '../../contract/admin-key.js';

export { ADMIN_KEY_ENV, ADMIN_KEY_FILE, readAdminKeyFile };

export interface AdminKeySource {
  /** given in code (`startPlatform({ adminKey })`) or by TC_PLATFORM_ADMIN_KEY */
  explicit?: string;
  /** the data folder; omitted in memory mode, where a generated key is only printed */
  dataFolder?: string;
}

/** The key every `/_platform` request must carry: the one given, else the one kept in the data folder, else a new one. */
export function resolveAdminKey(source: AdminKeySource): { key: string; origin: 'given' | 'file' | 'generated' } {
  if (source.explicit !== undefined) {
    const key = source.explicit.trim();
    if (key.length < MIN_LENGTH) {
      throw new Error(`${ADMIN_KEY_ENV} (or adminKey): the admin key must be at least ${MIN_LENGTH} characters, got ${key.length}`);
    }
    return { key, origin: 'given' };
  }
  const kept = source.dataFolder ? readAdminKeyFile(source.dataFolder) : undefined;
  if (kept) return { key: kept, origin: 'file' };
  const key = randomBytes(32).toString('base64url');
  if (source.dataFolder) {
    const file = join(source.dataFolder, ADMIN_KEY_FILE);
    writeFileSync(file, `${key}\n`, { mode: 0o600 });
    chmodSync(file, 0o600); // mode is only applied when the file is created; a leftover empty file keeps its own
  }
  return { key, origin: 'generated' };
}

/**
 * Whether an `Authorization` header carries the admin key. Both sides are hashed first so the comparison takes the
 * same time whatever the length or content of the guess.
 */
export function adminKeyMatches(expected: string, authorization: string | undefined): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(expected), digest(match[1]));
}
