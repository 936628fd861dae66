import type { Db } from '../index.js';

/** Adds a column to a table of an existing data file when it lacks it; true when it was added. */
export function addColumn(db: Db, table: string, column: string, definition: string): boolean {
  const columns = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as Array<{ name: string }>;
  if (columns.some((c) => c.name === column)) return false;
  db.exec(`ALTER TABLE "${table}" ADD COLUMN "${column}" ${definition}`);
  return true;
}
