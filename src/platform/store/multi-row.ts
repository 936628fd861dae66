import type { Statement } from 'better-sqlite3';
import { placeholders, type StoreCore } from './base.js';

/** A column of a multi-row INSERT; `omit` is the value the table itself gives when the INSERT leaves it out. */
export interface InsertColumn {
  name: string;
  /** the column's DEFAULT (null for a nullable column without one); absent: always written */
  omit?: number | string | null;
}

/**
 * Rows per statement: 250 rows of at most 22 values stay far below SQLite's limit of 32,766 parameters, and a batch
 * job's run of 250 steps (RUN_STEPS in the batch processor) is written with one statement per table, not a
 * 200-row one and a 50-row one.
 */
export const MULTI_ROW_LIMIT = 250;

/**
 * Multi-row INSERTs of rows given as one flat array (`columns.length` values per row), one statement per
 * MULTI_ROW_LIMIT rows. A column whose value is its table default in every row of a chunk is left out of that
 * chunk's statement: binding a value costs a crossing into SQLite per value, and a feed leaves most optional columns
 * empty (an indicator row went from 22 bound values to 13, which made its INSERT about a fifth cheaper). The rows
 * written are the same either way. Statements are kept by row count and column set (few in practice): building and
 * hashing a 200-row SQL text per chunk cost more than it saved.
 */
export class MultiRowInsert {
  private readonly statements = new Map<number, { statement: Statement; picked: number[] }>();

  constructor(
    private readonly core: StoreCore,
    /** `INSERT INTO table` or `INSERT OR IGNORE INTO table` */
    private readonly head: string,
    private readonly columns: readonly InsertColumn[],
  ) {
    if (columns.length > 31) throw new Error('MultiRowInsert: at most 31 columns (a bit mask per chunk)');
  }

  /** Inserts the rows; `chunkDone` gets each chunk's first row index, row count and last inserted rowid. */
  run(values: readonly unknown[], chunkDone?: (first: number, rows: number, lastRowid: number) => void): void {
    const width = this.columns.length;
    const total = values.length / width;
    for (let first = 0; first < total; first += MULTI_ROW_LIMIT) {
      const rows = Math.min(MULTI_ROW_LIMIT, total - first);
      const { statement, picked } = this.statement(values, first, rows);
      const params: unknown[] = [];
      for (let r = first; r < first + rows; r++) {
        const base = r * width;
        for (let i = 0; i < picked.length; i++) params.push(values[base + picked[i]]);
      }
      const info = statement.run(...params);
      chunkDone?.(first, rows, Number(info.lastInsertRowid));
    }
  }

  private statement(values: readonly unknown[], first: number, rows: number): { statement: Statement; picked: number[] } {
    const width = this.columns.length;
    let mask = 0;
    for (let c = 0; c < width; c++) {
      const omit = this.columns[c].omit;
      if (omit === undefined) {
        mask |= 1 << c;
        continue;
      }
      for (let r = first; r < first + rows; r++) {
        if (values[r * width + c] !== omit) {
          mask |= 1 << c;
          break;
        }
      }
    }
    const key = rows * 2 ** 31 + (mask >>> 0);
    let s = this.statements.get(key);
    if (!s) {
      const picked = this.columns.map((_, c) => c).filter((c) => (mask & (1 << c)) !== 0);
      const one = `(${placeholders(picked.length)})`;
      const sql = `${this.head} (${picked.map((c) => this.columns[c].name).join(', ')}) VALUES ${Array.from({ length: rows }, () => one).join(', ')}`;
      s = { statement: this.core.db.prepare(sql), picked };
      this.statements.set(key, s);
    }
    return s;
  }
}
