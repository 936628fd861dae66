// File hashes are indexed uniquely per owner, except for Files created beside another holding one of their hashes;
// a data file made before that is brought up to it when opened, its Files that share hashes marked first.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../../src/platform/db/index.js';
import { TiStore } from '../../../src/platform/store/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tcex-file-hashes-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SHARED = 'C'.repeat(64);
const ALONE = 'D'.repeat(64);
const NOW = '2026-01-01T00:00:00Z';

/** A data file as the version before made it: hash_unique absent, one plain index per hash. */
function olderDataFile(file: string): void {
  openDatabase(file).close();
  const db = new Database(file);
  for (const name of ['md5', 'sha1', 'sha256']) db.exec(`DROP INDEX ti_files_by_${name}`);
  db.exec('DROP INDEX ti_files_sharing_hashes');
  db.exec('ALTER TABLE ti_indicators DROP COLUMN hash_unique');
  db.exec(`CREATE INDEX ti_indicators_file_sha256 ON ti_indicators (value3, owner_id) WHERE type = 'File' AND value3 IS NOT NULL`);
  db.exec("INSERT INTO owners (id, name, type) VALUES (1, 'Org', 'Organization')");
  const file3 = db.prepare("INSERT INTO ti_indicators (owner_id, type, summary, value1, value3, date_added, last_modified) VALUES (1, 'File', ?, ?, ?, ?, ?)");
  file3.run(`${'A'.repeat(32)} : ${SHARED}`, 'A'.repeat(32), SHARED, NOW, NOW);
  file3.run(`${'B'.repeat(32)} : ${SHARED}`, 'B'.repeat(32), SHARED, NOW, NOW);
  file3.run(ALONE, null, ALONE, NOW, NOW);
  db.close();
}

describe('File hash indexes', () => {
  test('a data file from before: Files sharing a hash are marked, the others stay unique, the old indexes go', () => {
    const file = join(dir, 'older.db');
    olderDataFile(file);
    const db = openDatabase(file);
    try {
      const marks = db.prepare("SELECT summary, hash_unique FROM ti_indicators WHERE type = 'File' ORDER BY id").all() as Array<{ summary: string; hash_unique: number | null }>;
      assert.deepEqual(
        marks.map((m) => m.hash_unique),
        [null, null, 1],
      );
      const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ti_%file%' AND tbl_name = 'ti_indicators'").pluck().all() as string[]).sort();
      assert.deepEqual(indexes, ['ti_files_by_md5', 'ti_files_by_sha1', 'ti_files_by_sha256', 'ti_files_sharing_hashes']);
      const store = new TiStore(db);
      assert.equal(store.indicators.filesSharingHashes(1), true);
      // a File naming the shared sha256 merges into the first holder, as before
      assert.equal(store.indicators.upsert(1, { type: 'File', values: [SHARED], rating: 2 }).created, false);
    } finally {
      db.close();
    }
  });

  test('a second File with the hash of a unique one is refused by the index; IgnoreExisting makes one that shares', () => {
    const db = openDatabase();
    try {
      db.exec("INSERT INTO owners (id, name, type) VALUES (1, 'Org', 'Organization'), (2, 'Other', 'Organization')");
      const store = new TiStore(db);
      const a = store.indicators.upsert(1, { type: 'File', values: ['A'.repeat(32), null, SHARED] });
      assert.equal(store.indicators.filesSharingHashes(1), false);
      const raw = db.prepare("INSERT INTO ti_indicators (owner_id, type, summary, value3, date_added, last_modified) VALUES (?, 'File', ?, ?, ?, ?)");
      assert.throws(() => raw.run(1, `x : ${SHARED}`, SHARED, NOW, NOW), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
      // another owner may hold the same hash
      assert.doesNotThrow(() => raw.run(2, SHARED, SHARED, NOW, NOW));
      const b = store.indicators.upsert(1, { type: 'File', values: ['B'.repeat(32), null, SHARED] }, { hashCollisionMode: 'IgnoreExisting' });
      assert.equal(b.created, true);
      assert.notEqual(b.id, a.id);
      assert.equal(store.indicators.filesSharingHashes(1), true);
      assert.equal(store.indicators.filesSharingHashes(2), false);
      const unique = db.prepare('SELECT hash_unique FROM ti_indicators WHERE id = ?').pluck();
      assert.equal(unique.get(a.id), 1);
      assert.equal(unique.get(b.id), null);
    } finally {
      db.close();
    }
  });
});
