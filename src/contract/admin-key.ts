// Where a platform keeps its admin key and how it is passed: what the platform and the tools that talk to it (the
// CLI, tcex/testing) agree on. The key itself is checked by the platform (src/platform/security/admin-key.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** File in the data folder that keeps the generated admin key between starts. */
export const ADMIN_KEY_FILE = 'admin.key';
export const ADMIN_KEY_ENV = 'TC_PLATFORM_ADMIN_KEY';
/** shorter keys are refused when given, and ignored when read from a file */
export const ADMIN_KEY_MIN_LENGTH = 16;

/** The key kept in a data folder, if any (the CLI reads it to talk to a platform started there). */
export function readAdminKeyFile(dataFolder: string): string | undefined {
  try {
    const key = readFileSync(join(dataFolder, ADMIN_KEY_FILE), 'utf8').trim();
    return key.length >= ADMIN_KEY_MIN_LENGTH ? key : undefined;
  } catch {
    return undefined;
  }
}
