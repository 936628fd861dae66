// File hashes are indexed uniquely per owner, except for Files created beside another holding one of their hashes;
// a data file made before that is brought up to it when opened, its Files that share hashes marked first. Only Files
// of two or more hashes are in those indexes: a File of one hash is found, and kept unique, by its summary.
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
const MD5 = 'E'.repeat(32);
const SHA1 = 'F'.repeat(40);
const INDEXES = ['ti_files_multi_md5', 'ti_files_multi_owners', 'ti_files_multi_sha1', 'ti_files_multi_sha256', 'ti_files_sharing_hashes'];

const fileIndexes = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ti_%file%' AND tbl_name = 'ti_indicators'").pluck().all() as string[]).sort();

/** An empty data file of this version without its File hash indexes, to be made as an earlier version made it. */
function bareDataFile(file: string): Database.Database {
  openDatabase(file).close();
  const db = new Database(file);
  for (const name of INDEXES) db.exec(`DROP INDEX ${name}`);
  db.exec("INSERT INTO owners (id, name, type) VALUES (1, 'Org', 'Organization')");
  return db;
}
const NOW = '2026-01-01T00:00:00Z';

/** A data file as the version before made it: hash_unique absent, one plain index per hash. */
function olderDataFile(file: string): void {
  const db = bareDataFile(file);
  db.exec('ALTER TABLE ti_indicators DROP COLUMN hash_unique');
  db.exec(`CREATE INDEX ti_indicators_file_md5 ON ti_indicators (value1, owner_id) WHERE type = 'File' AND value1 IS NOT NULL`);
  db.exec(`CREATE INDEX ti_indicators_file_sha256 ON ti_indicators (value3, owner_id) WHERE type = 'File' AND value3 IS NOT NULL`);
  const file3 = db.prepare("INSERT INTO ti_indicators (owner_id, type, summary, value1, value3, date_added, last_modified) VALUES (1, 'File', ?, ?, ?, ?, ?)");
  file3.run(`${'A'.repeat(32)} : ${SHARED}`, 'A'.repeat(32), SHARED, NOW, NOW);
  file3.run(`${'B'.repeat(32)} : ${SHARED}`, 'B'.repeat(32), SHARED, NOW, NOW);
  file3.run(ALONE, null, ALONE, NOW, NOW);
  // a File of one hash beside a File of two holding it
  file3.run(MD5, MD5, null, NOW, NOW);
  file3.run(`${MD5} : ${'9'.repeat(64)}`, MD5, '9'.repeat(64), NOW, NOW);
  db.close();
}

/**
 * A data file as the version before this one made it: hash_unique there, and a unique index per hash of every File,
 * so a File of one hash and a File of several never shared a hash unless marked.
 */
function previousDataFile(file: string): void {
  const db = bareDataFile(file);
  for (const [name, col] of [['md5', 'value1'], ['sha1', 'value2'], ['sha256', 'value3']]) {
    db.exec(`CREATE UNIQUE INDEX ti_files_by_${name} ON ti_indicators (${col}, owner_id, hash_unique) WHERE type = 'File' AND ${col} IS NOT NULL`);
  }
  db.exec(`CREATE INDEX ti_files_sharing_hashes ON ti_indicators (owner_id) WHERE type = 'File' AND hash_unique IS NULL`);
  const file3 = db.prepare("INSERT INTO ti_indicators (owner_id, type, summary, value1, value2, value3, date_added, last_modified) VALUES (1, 'File', ?, ?, ?, ?, ?, ?)");
  file3.run(ALONE, null, null, ALONE, NOW, NOW);
  file3.run(`${MD5} : ${SHA1}`, MD5, SHA1, null, NOW, NOW);
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
        [null, null, 1, null, null],
      );
      assert.deepEqual(fileIndexes(db), INDEXES);
      const store = new TiStore(db);
      assert.equal(store.indicators.filesSharingHashes(1), true);
      // a File naming the shared sha256 merges into the first holder, as before
      assert.equal(store.indicators.upsert(1, { type: 'File', values: [SHARED], rating: 2 }).created, false);
      // the md5 held by a File of one hash and by one of two finds the first
      assert.equal(store.indicators.find(1, 'File', MD5)?.summary, MD5);
      assert.equal(store.indicators.find(1, 'File', '9'.repeat(64))?.summary, `${MD5} : ${'9'.repeat(64)}`);
    } finally {
      db.close();
    }
  });

  test('a data file of the version before: its hash indexes are rebuilt without the Files of one hash, once', () => {
    const file = join(dir, 'previous.db');
    previousDataFile(file);
    for (let open = 0; open < 2; open++) {
      const db = openDatabase(file);
      try {
        assert.deepEqual(fileIndexes(db), INDEXES);
        const multi = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'ti_files_multi_sha256'").pluck().get() as string;
        assert.match(multi, /length\(summary\) > 64/);
        // the File of one hash is in no hash index, the File of two in both of its own
        const entries = (index: string, col: string) =>
          db.prepare(`SELECT count(*) FROM ti_indicators INDEXED BY ${index} WHERE type = 'File' AND length(summary) > 64 AND ${col} IS NOT NULL`).pluck().get();
        assert.equal(entries('ti_files_multi_sha256', 'value3'), 0);
        assert.equal(entries('ti_files_multi_md5', 'value1'), 1);
        assert.equal(entries('ti_files_multi_sha1', 'value2'), 1);
        const store = new TiStore(db);
        assert.equal(store.indicators.find(1, 'File', ALONE)?.summary, ALONE);
        assert.equal(store.indicators.find(1, 'File', SHA1)?.summary, `${MD5} : ${SHA1}`);
        assert.deepEqual(store.indicators.owners('File', ALONE), [1]);
        assert.deepEqual(store.indicators.owners('File', MD5), [1]);
      } finally {
        db.close();
      }
    }
  });

  test('a File moves between the two kinds as its hashes change, and stays found and unique', () => {
    const db = openDatabase();
    try {
      db.exec("INSERT INTO owners (id, name, type) VALUES (1, 'Org', 'Organization')");
      const store = new TiStore(db);
      const one = store.indicators.upsert(1, { type: 'File', values: [null, null, ALONE] });
      assert.equal(store.indicators.multiHashFiles(1), false);
      // the one-hash File and a new File of several naming it: neither unique index sees the other, crossHashFiles does
      assert.deepEqual([...store.indicators.crossHashFiles(1, [[], [], []], [MD5, ALONE])], [ALONE]);
      assert.deepEqual([...store.indicators.existingHashes(1, [[MD5], [], [ALONE]])], [ALONE]);
      // merged: now a File of two hashes, in the hash indexes
      const merged = store.indicators.upsert(1, { type: 'File', values: [MD5, null, ALONE] });
      assert.deepEqual(merged, { id: one.id, created: false });
      assert.equal(store.indicators.multiHashFiles(1), true);
      assert.deepEqual([...store.indicators.crossHashFiles(1, [[MD5], [], []], [])], [MD5]);
      assert.equal(store.indicators.find(1, 'File', MD5)?.id, one.id);
      // another File of two hashes holding its md5 is refused by the md5 index
      const raw = db.prepare("INSERT INTO ti_indicators (owner_id, type, summary, value1, value2, date_added, last_modified) VALUES (1, 'File', ?, ?, ?, ?, ?)");
      assert.throws(() => raw.run(`${MD5} : ${SHA1}`, MD5, SHA1, NOW, NOW), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
      // back to one hash: found by its summary again, and a File naming the other hash is a new File
      store.indicators.setFileHashes(one.id, [null, null, ALONE]);
      assert.equal(store.indicators.multiHashFiles(1), false);
      assert.equal(store.indicators.find(1, 'File', ALONE)?.id, one.id);
      assert.equal(store.indicators.find(1, 'File', MD5), undefined);
      assert.equal(store.indicators.upsert(1, { type: 'File', values: [null, null, ALONE], rating: 1 }).id, one.id);
      assert.equal(store.indicators.upsert(1, { type: 'File', values: [MD5, null, null] }).created, true);
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
