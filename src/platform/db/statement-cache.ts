import type Database from 'better-sqlite3';

/** Distinct SQL texts kept prepared; dynamic SQL (IN lists, multi-row INSERTs, SET clauses) beyond this is evicted oldest first. */
const CAPACITY = 1_000;

type Mode = 'rows' | 'pluck' | 'raw' | 'expand';

/**
 * One call site's handle on a shared prepared statement. Output modes (`pluck`, `raw`, `expand`) are the handle's
 * own and are put on the shared statement just before each run, so one call site's choice never leaks to another
 * that prepared the same SQL, including one that keeps its handle for the life of the store.
 */
class StatementHandle {
  private mode: Mode = 'rows';

  constructor(private readonly statement: Database.Statement) {}

  get reader(): boolean {
    return this.statement.reader;
  }
  get readonly(): boolean {
    return this.statement.readonly;
  }
  get busy(): boolean {
    return this.statement.busy;
  }
  get source(): string {
    return this.statement.source;
  }
  get database(): Database.Database {
    return this.statement.database;
  }

  pluck(on = true): this {
    return this.set(on, 'pluck');
  }
  raw(on = true): this {
    return this.set(on, 'raw');
  }
  expand(on = true): this {
    return this.set(on, 'expand');
  }
  columns(): Database.ColumnDefinition[] {
    return this.statement.columns();
  }
  run(...params: unknown[]): Database.RunResult {
    return this.statement.run(...params);
  }
  get(...params: unknown[]): unknown {
    return this.ready().get(...params);
  }
  all(...params: unknown[]): unknown[] {
    return this.ready().all(...params);
  }
  iterate(...params: unknown[]): IterableIterator<unknown> {
    return this.ready().iterate(...params);
  }

  private set(on: boolean, mode: Mode): this {
    // as in better-sqlite3, the modes exclude one another: turning one on turns the others off
    if (on) this.mode = mode;
    else if (this.mode === mode) this.mode = 'rows';
    return this;
  }

  private ready(): Database.Statement {
    const s = this.statement;
    if (!s.reader) return s;
    if (this.mode === 'rows') s.pluck(false).raw(false).expand(false);
    else s[this.mode](true);
    return s;
  }
}

/**
 * Makes `db.prepare(sql)` reuse the statement it prepared before for the same text: the platform's one statement
 * cache (the store's `prep` goes through it too). The platform prepares statements where it runs them, which reads
 * well, but outside the store that compiled the SQL again on every call: for a single v2 GET the largest single cost
 * (about a seventh of the CPU, more than authentication or rendering). A statement in the middle of an `iterate()`
 * is not handed out again: a nested caller gets a fresh one.
 */
export function cacheStatements(db: Database.Database): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  const cached = (sql: string): StatementHandle => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      if (cache.size >= CAPACITY) cache.delete(cache.keys().next().value as string);
      cache.set(sql, statement);
    } else if (statement.busy) {
      statement = prepare(sql);
    }
    return new StatementHandle(statement);
  };
  (db as unknown as { prepare: (sql: string) => StatementHandle }).prepare = cached;
}
