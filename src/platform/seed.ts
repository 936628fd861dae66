import type { PlatformContext } from './context.js';
import { tableNames } from './db/index.js';
import type { User } from './auth/users.js';

export interface DefaultCredentials {
  accessId?: string;
  secretKey?: string;
}

/**
 * Makes sure the default organization, community and API user exist. Given credentials (options or
 * TC_API_ACCESS_ID / TC_API_SECRET_KEY) are applied exactly; otherwise an existing default user is kept, or one
 * is generated.
 */
export function ensureDefaults(ctx: PlatformContext, creds: DefaultCredentials): User {
  const { directory } = ctx;
  const org = directory.createOwner(ctx.settings.orgName, 'Organization');
  const community = directory.createOwner(ctx.settings.communityName, 'Community');
  const existing = directory.defaultUser();
  let user: User;
  if (creds.accessId && creds.secretKey) {
    if (existing && existing.userName !== creds.accessId) {
      ctx.db.prepare('UPDATE users SET is_default = 0 WHERE id = ?').run(existing.id);
    }
    user = directory.createUser({ userName: creds.accessId, secretKey: creds.secretKey, defaultOwnerId: org.id, isDefault: true });
    ctx.db.prepare('UPDATE users SET is_default = 1 WHERE id = ?').run(user.id);
  } else {
    user = existing ?? directory.createUser({ defaultOwnerId: org.id, isDefault: true });
  }
  directory.setMembership(user.id, org.id, 'Organization Administrator');
  directory.setMembership(user.id, community.id, 'Editor');
  return user;
}

/** Wipes every table and seeds the defaults again, keeping the default user's credentials. */
export async function resetDatabase(ctx: PlatformContext): Promise<void> {
  const keep = ctx.directory.defaultUser();
  ctx.db.pragma('foreign_keys = OFF');
  try {
    ctx.db.transaction(() => wipeTables(ctx))();
  } finally {
    ctx.db.pragma('foreign_keys = ON');
  }
  ctx.faults.remove();
  ctx.requestLog.clear();
  ensureDefaults(ctx, { accessId: keep?.userName, secretKey: keep?.secretKey ?? undefined });
  await ctx.runHooks('reset');
}

function wipeTables(ctx: PlatformContext): void {
  for (const t of tableNames(ctx.db)) ctx.db.prepare(`DELETE FROM "${t}"`).run();
  const seq = ctx.db.prepare("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'").get();
  if (seq) ctx.db.prepare('DELETE FROM sqlite_sequence').run();
}

class RolledBack extends Error {}

/**
 * Runs `fn` against what the database would be right after a reset (defaults seeded, the default user kept),
 * then rolls everything back: a file can be tried as `replace=true` would load it without touching the data.
 */
export function tryOnFreshDatabase(ctx: PlatformContext, fn: () => void): void {
  const keep = ctx.directory.defaultUser();
  ctx.db.pragma('foreign_keys = OFF'); // as the reset runs; a no-op inside a transaction, so set here
  try {
    ctx.db.transaction(() => {
      wipeTables(ctx);
      ensureDefaults(ctx, { accessId: keep?.userName, secretKey: keep?.secretKey ?? undefined });
      fn();
      throw new RolledBack();
    })();
  } catch (err) {
    if (!(err instanceof RolledBack)) throw err;
  } finally {
    ctx.db.pragma('foreign_keys = ON');
  }
}
