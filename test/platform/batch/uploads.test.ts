// Where a batch job's uploaded data waits: outside the database (a 0600 file per job in the files folder, or memory),
// from the upload until the job completes; queued jobs keep theirs across a restart, and nothing is left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startPlatform, type PlatformHandle } from '../../../src/platform/index.js';
import { TcClient } from '../../../src/client/index.js';
import { adminCall } from '../../helpers/platform.js';
import { errors, startBatchJob, waitDone } from './helpers.js';

const credentials = { accessId: '12345678901234567890', secretKey: 's'.repeat(40) };
const mode = (path: string) => statSync(path).mode & 0o777;

const indicators = (prefix: number, count: number) =>
  Array.from({ length: count }, (_, n) => ({ summary: `10.${prefix}.${n >> 8}.${n & 255}`, type: 'Address', tag: [{ name: 'uploads' }] }));

const clientFor = (p: PlatformHandle) => new TcClient({ apiPath: p.url, accessId: p.accessId, secretKey: p.secretKey, backoffMs: 10 });

/** A data file in a fresh folder; small slices, so a job of a few thousand steps is still running when asked to stop. */
function dataFolder(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `tcex-batch-${name}-`));
  const dataFile = join(dir, 'platform.db');
  return { dir, dataFile, uploads: `${dataFile}.files/batch`, options: { port: 0, quiet: true, dataFile, ...credentials, batch: { sliceSize: 20 } } };
}

/** Uploads a job and stops the platform before it can finish it; returns the job id and the bytes sent. */
async function uploadThenStop(options: Parameters<typeof startPlatform>[0], data: unknown): Promise<{ id: number; sent: Buffer }> {
  const p = await startPlatform(options);
  const client = clientFor(p);
  try {
    const id = await startBatchJob(client, data);
    return { id, sent: Buffer.from(JSON.stringify(data)) };
  } finally {
    await client.close();
    await p.close();
  }
}

const status = (dataFile: string, id: number) => {
  const db = new Database(dataFile, { readonly: true });
  try {
    return (db.prepare('SELECT status FROM batch_jobs WHERE id = ?').get(id) as { status: string }).status;
  } finally {
    db.close();
  }
};

test('a job not yet done keeps its data in a 0600 file named from its id; it survives a restart and is removed once the job completes', async () => {
  const f = dataFolder('uploads');
  try {
    const data = { indicator: indicators(40, 3000) };
    const { id, sent } = await uploadThenStop(f.options, data);
    assert.notEqual(status(f.dataFile, id), 'Completed', 'stopped before the job could finish');
    assert.deepEqual(readdirSync(f.uploads), [`${id}.json`]);
    assert.equal(mode(f.uploads), 0o700);
    assert.equal(mode(join(f.uploads, `${id}.json`)), 0o600);
    assert.ok(readFileSync(join(f.uploads, `${id}.json`)).equals(sent), 'the bytes as uploaded');
    const db = new Database(f.dataFile, { readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'batch%' ORDER BY name").pluck().all();
    db.close();
    assert.deepEqual(tables, ['batch_errors', 'batch_jobs'], 'no upload in the database');

    const p = await startPlatform(f.options);
    const client = clientFor(p);
    try {
      const done = await waitDone(client, id);
      assert.equal(done.successCount, 3000);
      assert.equal(done.errorCount, 0);
      assert.deepEqual(readdirSync(f.uploads), [], 'the data is removed with the job done');
    } finally {
      await client.close();
      await p.close();
    }
  } finally {
    rmSync(f.dir, { recursive: true, force: true });
  }
});

test('a job whose data file was deleted while the platform was stopped completes with a file error instead of waiting forever', async () => {
  const f = dataFolder('lost');
  try {
    const { id } = await uploadThenStop(f.options, { indicator: indicators(41, 2000) });
    rmSync(join(f.uploads, `${id}.json`));
    const p = await startPlatform(f.options);
    const client = clientFor(p);
    try {
      const done = await waitDone(client, id);
      assert.equal(done.status, 'Completed');
      assert.ok(done.errorCount >= 1);
      const [entry] = (await errors(client, id)).slice(-1);
      assert.equal(entry.code, '0x100B');
      assert.match(entry.errorReason, /uploaded data is gone/);
      // the platform goes on with other jobs
      const next = await startBatchJob(client, { indicator: indicators(42, 10) });
      assert.equal((await waitDone(client, next)).successCount, 10);
    } finally {
      await client.close();
      await p.close();
    }
  } finally {
    rmSync(f.dir, { recursive: true, force: true });
  }
});

test('a data file of an older version, whose queued upload is in its batch_data table, hands it over and runs the job', async () => {
  const f = dataFolder('legacy');
  try {
    const first = await startPlatform(f.options);
    const c1 = clientFor(first);
    const { batchId } = await c1.v2<{ batchId: number }>('POST', '/v2/batch', {
      body: { version: 'V2', owner: 'Example Organization', action: 'Create', attributeWriteType: 'Replace', haltOnError: 'false' },
    });
    await c1.close();
    await first.close();
    // what the older version left: the data in the database, the job queued
    const db = new Database(f.dataFile);
    db.exec('CREATE TABLE batch_data (job_id INTEGER PRIMARY KEY REFERENCES batch_jobs(id) ON DELETE CASCADE, content BLOB NOT NULL)');
    db.prepare('INSERT INTO batch_data (job_id, content) VALUES (?, ?)').run(batchId, Buffer.from(JSON.stringify({ indicator: indicators(43, 50) })));
    db.prepare("UPDATE batch_jobs SET status = 'Queued' WHERE id = ?").run(batchId);
    db.close();

    const p = await startPlatform(f.options);
    const client = clientFor(p);
    try {
      const done = await waitDone(client, batchId);
      assert.equal(done.successCount, 50);
      assert.deepEqual(readdirSync(f.uploads), []);
      const table = p.context.db.prepare("SELECT name FROM sqlite_master WHERE name = 'batch_data'").get();
      assert.equal(table, undefined, 'the old table is dropped');
    } finally {
      await client.close();
      await p.close();
    }
  } finally {
    rmSync(f.dir, { recursive: true, force: true });
  }
});

test('an admin reset removes the data of the jobs it wiped, running or queued; files that are not uploads stay', async () => {
  const f = dataFolder('reset');
  const p = await startPlatform(f.options);
  const client = clientFor(p);
  try {
    const running = await startBatchJob(client, { indicator: indicators(44, 3000) });
    const queued = await startBatchJob(client, { indicator: indicators(45, 100) });
    assert.ok(existsSync(join(f.uploads, `${queued}.json`)), 'the queued job has its data');
    assert.notEqual((await client.v2('GET', `/v2/batch/${running}`)).batchStatus.status, 'Completed');
    writeFileSync(join(f.uploads, 'notes.txt'), 'not an upload');
    await adminCall(p, 'POST', '/reset');
    assert.deepEqual(readdirSync(f.uploads), ['notes.txt']);
    // the engine runs on after the reset
    const after = await startBatchJob(client, { indicator: indicators(46, 10) });
    assert.equal((await waitDone(client, after)).successCount, 10);
    assert.deepEqual(readdirSync(f.uploads), ['notes.txt']);
  } finally {
    await client.close();
    await p.close();
    rmSync(f.dir, { recursive: true, force: true });
  }
});

test('in memory the data is held in memory until the job is done, then let go', async () => {
  const p = await startPlatform({ port: 0, quiet: true, ...credentials, batch: { sliceSize: 20 } });
  const client = clientFor(p);
  try {
    const running = await startBatchJob(client, { indicator: indicators(47, 3000) });
    const queued = await startBatchJob(client, { indicator: indicators(48, 20) });
    const uploads = p.context.services.batch!.uploads;
    assert.ok(uploads.get(queued)?.equals(Buffer.from(JSON.stringify({ indicator: indicators(48, 20) }))), 'the queued job has its data');
    assert.equal((await waitDone(client, running)).successCount, 3000);
    assert.equal((await waitDone(client, queued)).successCount, 20);
    assert.equal(uploads.get(running), undefined);
    assert.equal(uploads.get(queued), undefined);
  } finally {
    await client.close();
    await p.close();
  }
});
