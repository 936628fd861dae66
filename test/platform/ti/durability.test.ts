import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startPlatform } from '../../../src/platform/index.js';
import { TcClient } from '../../../src/client/index.js';

test('data survives a restart when a data file is used (indicators, metadata, associations, document files)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcex-ti-restart-'));
  try {
    const dataFile = join(dir, 'p.db');
    const first = await startPlatform({ dataFile });
    const c1 = new TcClient({ apiPath: first.url, accessId: first.accessId, secretKey: first.secretKey });
    await c1.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'kept.example.com', rating: 3 } });
    await c1.v2('POST', '/v2/indicators/hosts/kept.example.com/tags/Kept');
    const doc = (await c1.v2('POST', '/v2/groups/documents', { body: { name: 'Kept doc', fileName: 'k.txt' } })).document;
    await c1.request({ method: 'POST', path: `/v2/groups/documents/${doc.id}/upload`, body: Buffer.from('kept bytes') });
    await c1.v2('POST', `/v2/groups/documents/${doc.id}/indicators/hosts/kept.example.com`);
    await c1.close();
    await first.close();
    assert.ok(existsSync(join(`${dataFile}.files`, 'groups', `${doc.id}.bin`)), 'document files go under filesDir beside the data file');

    const second = await startPlatform({ dataFile });
    const c2 = new TcClient({ apiPath: second.url, accessId: second.accessId, secretKey: second.secretKey });
    try {
      const host = await c2.v2('GET', '/v2/indicators/hosts/kept.example.com', { query: { includeTags: true } });
      assert.equal(host.host.rating, 3);
      assert.deepEqual(host.host.tag.map((t: any) => t.name), ['Kept']);
      assert.equal((await c2.request({ path: `/v2/groups/documents/${doc.id}/download` })).text(), 'kept bytes');
      assert.equal((await c2.v2('GET', `/v2/groups/documents/${doc.id}/indicators`)).indicator[0].summary, 'kept.example.com');
      await c2.v2('POST', '/v2/indicators/hosts/kept.example.com/tags/Again');
      assert.equal((await c2.v2('GET', '/v2/tags')).resultCount, 2, 'tag ids cached before the restart are not reused wrongly');
    } finally {
      await c2.close();
      await second.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('kill -9 of a process writing to the data file leaves a consistent database with no half-written item', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcex-ti-crash-'));
  try {
    const dataFile = join(dir, 'crash.db');
    const filesDir = join(dir, 'files');
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'crash-writer.ts'), dataFile, filesDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let chunks = 0;
    await new Promise<void>((resolve, reject) => {
      child.on('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
      child.stdout.on('data', (d: Buffer) => {
        chunks += (d.toString().match(/chunk \d+/g) ?? []).length;
        // kill somewhere inside a later chunk, not right after a commit
        if (chunks >= 6) setTimeout(resolve, 7);
      });
    });
    child.removeAllListeners('exit');
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;

    const db = new Database(dataFile);
    try {
      assert.equal((db.pragma('integrity_check') as Array<{ integrity_check: string }>)[0].integrity_check, 'ok');
      assert.deepEqual(db.pragma('foreign_key_check'), []);
      const indicators = (db.prepare('SELECT COUNT(*) AS n FROM ti_indicators').get() as { n: number }).n;
      assert.ok(indicators >= 6 * 500, `committed chunks are kept (${indicators})`);
      assert.equal(indicators % 500, 0, 'only whole chunks: a killed transaction leaves nothing behind');
      const orphans = db
        .prepare(
          `SELECT COUNT(*) AS n FROM ti_indicators i WHERE
             (SELECT COUNT(*) FROM ti_attributes a WHERE a.item_kind = 'indicator' AND a.item_id = i.id) <> 1
             OR (SELECT COUNT(*) FROM ti_item_tags t WHERE t.item_kind = 'indicator' AND t.item_id = i.id) <> 1`,
        )
        .get() as { n: number };
      assert.equal(orphans.n, 0, 'every indicator has exactly its attribute and tag');
      const docs = db.prepare("SELECT g.id, g.status, g.file_size, f.path, f.size FROM ti_groups g LEFT JOIN ti_group_files f ON f.group_id = g.id WHERE g.type = 'Document'").all() as any[];
      assert.equal(docs.length, indicators / 500);
      for (const d of docs) {
        assert.equal(d.status, 'Success');
        assert.equal(d.size, 64 * 1024);
        assert.ok(existsSync(d.path), `file of document ${d.id} is there`);
      }
    } finally {
      db.close();
    }
    // and the platform opens it and serves it
    const p = await startPlatform({ dataFile, filesDir });
    try {
      const store = p.context.services.ti!;
      assert.ok(store.indicators.list({ limit: 1 }).items.length === 1);
    } finally {
      await p.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
