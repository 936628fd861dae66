import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/index.js';
import { isoSeconds } from './values.js';

/** What the store's parts share: the database and the clock. */
export class StoreCore {
  constructor(
    readonly db: Db,
    private readonly clock: () => number,
  ) {}

  /** A prepared statement; the database compiles each SQL text once (db/statement-cache.ts). */
  prep(sql: string): Statement {
    return this.db.prepare(sql);
  }

  private lastSecond = -1;
  private lastIso = '';
  /** The item inserted last: it has no metadata yet, so Replace write types need not look for any. */
  private fresh = '';

  nowIso(): string {
    const ms = this.clock();
    const second = Math.floor(ms / 1000);
    if (second !== this.lastSecond) {
      this.lastSecond = second;
      this.lastIso = isoSeconds(ms);
    }
    return this.lastIso;
  }

  markFresh(kind: string, id: number): void {
    this.fresh = `${kind}:${id}`;
  }

  /** True once for the item just inserted (and forgets it); any other metadata write forgets it too. */
  takeFresh(kind: string, id: number): boolean {
    const hit = this.fresh === `${kind}:${id}`;
    if (hit) this.fresh = '';
    return hit;
  }

  /** After a rollback: the item marked fresh may no longer exist. */
  forgetFresh(): void {
    this.fresh = '';
  }

  nowMs(): number {
    return this.clock();
  }

  /** Runs fn in a transaction, or inside the caller's transaction when one is already open (no savepoint cost). */
  atomic<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    return this.db.transaction(fn)();
  }
}

/** `(?, ?, ?)` for n values. */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

/** Splits ids for IN (...) lists, staying under SQLite's parameter limit. */
export function chunks<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
