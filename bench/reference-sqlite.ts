// The raw SQLite reference for platform ingest: the same indicator rows (with a tag and an attribute each) upserted
// into the platform's own schema with better-sqlite3 prepared statements, one transaction per job. No HTTP, no
// parsing, no validation, no batch bookkeeping: what the database alone needs for the same writes. The database is
// opened by the platform's own openDatabase(), so both sides get the same pragmas (WAL, checkpoint interval, cache).
import { openDatabase } from '../src/platform/db/index.js';
import { cpuSeconds } from './report.js';

export interface ReferenceRow {
  type: string;
  summary: string;
  values: [string | null, string | null, string | null];
  rating: number;
  confidence: number;
  tag: string;
  attribute?: { type: string; value: string };
}

/** Rows per second of wall-clock time, and per second of this process's CPU time. */
export interface ReferenceRate {
  perSecond: number;
  perCpuSecond: number;
}

/** One job's time on the reference: wall-clock and this process's CPU seconds. */
export interface ReferenceJob {
  seconds: number;
  cpu: number;
}

/**
 * A fresh reference database (a file, or memory) taking one job at a time, so a bench can run each reference job
 * right beside the same job of ours: on a shared machine both then meet the same moment's load.
 */
export function openReference(dataFile?: string): { ingest(rows: ReferenceRow[]): ReferenceJob; checkpoint(): void; close(): void } {
  const db = openDatabase(dataFile);
  const now = new Date().toISOString().slice(0, 19) + 'Z';
  db.prepare("INSERT INTO owners (id, name, type) VALUES (1, 'Example Organization', 'Organization')").run();
  const upsert = db.prepare(
    `INSERT INTO ti_indicators (owner_id, type, summary, value1, value2, value3, rating, confidence, date_added, last_modified)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (owner_id, type, summary) DO UPDATE SET rating = excluded.rating, confidence = excluded.confidence, last_modified = excluded.last_modified
     RETURNING id`,
  );
  const tagInsert = db.prepare('INSERT OR IGNORE INTO ti_tags (owner_id, name, date_added) VALUES (1, ?, ?)');
  const tagId = db.prepare('SELECT id FROM ti_tags WHERE owner_id = 1 AND name = ?').pluck();
  const itemTag = db.prepare("INSERT OR IGNORE INTO ti_item_tags (item_kind, item_id, tag_id) VALUES ('indicator', ?, ?)");
  const attribute = db.prepare(
    "INSERT INTO ti_attributes (item_kind, item_id, type, value, displayed, date_added, last_modified) VALUES ('indicator', ?, ?, ?, 1, ?, ?)",
  );
  const tags = new Map<string, number>();
  const job = db.transaction((rows: ReferenceRow[]) => {
    for (const r of rows) {
      const { id } = upsert.get(r.type, r.summary, r.values[0], r.values[1], r.values[2], r.rating, r.confidence, now, now) as { id: number };
      let tag = tags.get(r.tag);
      if (tag === undefined) {
        tagInsert.run(r.tag, now);
        tags.set(r.tag, (tag = tagId.get(r.tag) as number));
      }
      itemTag.run(id, tag);
      if (r.attribute) attribute.run(id, r.attribute.type, r.attribute.value, now, now);
    }
  });
  return {
    ingest(rows) {
      const started = performance.now();
      const cpu = cpuSeconds();
      job(rows);
      return { seconds: (performance.now() - started) / 1000, cpu: cpuSeconds() - cpu };
    },
    /** Empties the WAL into the database file (a no-op in memory). */
    checkpoint: () => void db.pragma('wal_checkpoint(TRUNCATE)'),
    close: () => db.close(),
  };
}

/** Upserts `jobs` (each a list of rows) into a fresh database (a file, or memory) and returns its rates. */
export function referenceIngest(jobs: ReferenceRow[][], dataFile?: string): ReferenceRate {
  const reference = openReference(dataFile);
  try {
    let count = 0;
    let seconds = 0;
    let cpu = 0;
    for (const rows of jobs) {
      const t = reference.ingest(rows);
      seconds += t.seconds;
      cpu += t.cpu;
      count += rows.length;
    }
    return { perSecond: count / seconds, perCpuSecond: count / cpu };
  } finally {
    reference.close();
  }
}
