import { randomBytes } from 'node:crypto';
import type { Db } from '../db/index.js';

/** Issues and checks API tokens (the `TC-Token` scheme) and renews them through /appAuth. */
export class TokenStore {
  constructor(
    private readonly db: Db,
    private readonly nowSeconds: () => number,
  ) {}

  /** `runId`: the job run the token is for; it and its renewals are revoked together when the run ends. */
  issue(userId: number, ttlSeconds: number, runId?: number): { token: string; expires: number } {
    const expires = Math.floor(this.nowSeconds() + ttlSeconds);
    const secret = randomBytes(32).toString('base64');
    // Shape of platform job tokens: a prefix, an id, a short tag, expiry in ms, a random part.
    const token = `TC:${userId}:${randomBytes(3).toString('hex')}:${expires * 1000}:${secret}`;
    this.db
      .prepare('INSERT INTO tokens (token, user_id, expires, created, run_id) VALUES (?, ?, ?, ?, ?)')
      .run(token, userId, expires, Math.floor(this.nowSeconds()), runId ?? null);
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

  /**
   * A new token for a known, unrevoked one: expired is fine (that is the point of renewal), but only within
   * `graceSeconds` after it expired, so a token found in an old log or a leftover process cannot be renewed for
   * ever. A token revoked because its run ended never renews. The new token belongs to the same run.
   */
  renew(expiredToken: string, ttlSeconds: number, graceSeconds: number): { token: string; expires: number } | undefined {
    const row = this.db.prepare('SELECT user_id, expires, revoked, run_id FROM tokens WHERE token = ?').get(expiredToken) as
      | { user_id: number; expires: number; revoked: number; run_id: number | null }
      | undefined;
    if (!row || row.revoked || this.nowSeconds() > row.expires + graceSeconds) return undefined;
    return this.issue(row.user_id, ttlSeconds, row.run_id ?? undefined);
  }

  /** Every token issued for a run, renewals included (to blank them out of its log). */
  runTokens(runId: number): string[] {
    return (this.db.prepare('SELECT token FROM tokens WHERE run_id = ?').all(runId) as Array<{ token: string }>).map((r) => r.token);
  }

  /** Ends a run's access: its token and every renewal of it. */
  revokeRun(runId: number): void {
    this.db.prepare('UPDATE tokens SET revoked = 1 WHERE run_id = ?').run(runId);
  }

  revoke(token: string): void {
    this.db.prepare('UPDATE tokens SET revoked = 1 WHERE token = ?').run(token);
  }
}
