// A file database's WAL is checkpointed by a second connection in a worker thread, so the connection that serves
// requests never waits on a checkpoint's fsyncs; closing stops the worker first, so nothing is left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/platform/db/index.js';
import { sleep } from '../../../src/core/sleep.js';

test('committed pages reach the database file without the writing connection checkpointing, and closing leaves no WAL', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcex-checkpointer-'));
  const file = join(dir, 'platform.db');
  try {
    const db = openDatabase(file);
    db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, v BLOB)');
    const insert = db.prepare('INSERT INTO filler (v) VALUES (?)');
    // 8 MB: far below the 40 MB at which this connection would checkpoint by itself
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run(Buffer.alloc(4000, i % 251));
    })();
    const before = statSync(file).size;
    for (let i = 0; statSync(file).size < 8_000_000; i++) {
      assert.ok(i < 200, `the database file stayed at ${statSync(file).size} bytes (was ${before})`);
      await sleep(50);
    }
    assert.ok(before < 1_000_000, `nothing was copied before the commit (${before} bytes)`);
    db.close();
    assert.ok(!existsSync(`${file}-wal`), 'the last connection to close removes the WAL');

    const again = openDatabase(file);
    assert.equal((again.prepare('SELECT COUNT(*) FROM filler').pluck().get() as number), 2000);
    // closed at once, before its worker has started
    again.close();
    assert.ok(!existsSync(`${file}-wal`) && !existsSync(`${file}-shm`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
