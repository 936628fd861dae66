import { randomBytes } from 'node:crypto';
import type { Db } from '../db/index.js';

/** Issues and checks API tokens (the `TC-Token` scheme) and renews them through /appAuth. */
export class TokenStore {
  constructor(
    private readonly db: Db,
    private readonly nowSeconds: () => number,
  ) {}

  issue(userId: number, ttlSeconds: number): { token: string; expires: number } {
    const expires = Math.floor(this.nowSeconds() + ttlSeconds);
    const secret = randomBytes(32).toString('base64');
    // Shape of platform job tokens: a prefix, an id, a short tag, expiry in ms, a random part.
    const token = `TC:${userId}:${randomBytes(3).toString('hex')}:${expires * 1000}:${secret}`;
    this.db
      .prepare('INSERT INTO tokens (token, user_id, expires, created) VALUES (?, ?, ?, ?)')
      .run(token, userId, expires, Math.floor(this.nowSeconds()));
    return { token, expires };
  }

  /** The user id for a live token, or undefined for unknown, revoked or expired ones. */
  check(token: string): number | undefined {
    const row = this.db.prepare('SELECT user_id, expires, revoked FROM tokens WHERE token = ?').get(token) as
      | { user_id: number; expires: number; revoked: number }
      | undefined;
    if (!row || row.revoked || row.expires <= this.nowSeconds()) return undefined;
    return row.user_id;
  }

  /** A new token for a known, unrevoked one (expired is fine: that is the point of renewal). */
  renew(expiredToken: string, ttlSeconds: number): { token: string; expires: number } | undefined {
    const row = this.db.prepare('SELECT user_id, revoked FROM tokens WHERE token = ?').get(expiredToken) as
      | { user_id: number; revoked: number }
      | undefined;
    if (!row || row.revoked) return undefined;
    return this.issue(row.user_id, ttlSeconds);
  }

  revoke(token: string): void {
    this.db.prepare('UPDATE tokens SET revoked = 1 WHERE token = ?').run(token);
  }
}
