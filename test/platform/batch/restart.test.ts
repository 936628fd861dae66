import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startPlatform, type PlatformHandle } from '../../../src/platform/index.js';
import { TcClient } from '../../../src/client/index.js';
import { sleep } from '../../../src/core/sleep.js';
import { startBatchJob, waitDone } from './helpers.js';

const credentials = { accessId: '12345678901234567890', secretKey: 's'.repeat(40) };

function indicators(prefix: number, count: number) {
  return Array.from({ length: count }, (_, n) => ({
    summary: `10.${prefix}.${n >> 8}.${n & 255}`,
    type: 'Address',
    attribute: [{ type: 'Description', value: `item ${n}` }],
    tag: [{ name: 'restart' }],
  }));
}

function clientFor(p: PlatformHandle) {
  return new TcClient({ apiPath: p.url, accessId: p.accessId, secretKey: p.secretKey, backoffMs: 10 });
}

test('a restart during a job finishes the running and the queued job, each step exactly once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcex-batch-restart-'));
  const dataFile = join(dir, 'platform.db');
  // small slices so the job is certainly caught between two of them
  const options = { port: 0, quiet: true, dataFile, ...credentials, batch: { sliceSize: 20 } };
  try {
    const first = await startPlatform(options);
    const client = clientFor(first);
    // Append would duplicate attributes if any step ran twice
    const running = await startBatchJob(client, { indicator: indicators(30, 3000) }, { attributeWriteType: 'Append', tagWriteType: 'Append' });
    const queued = await startBatchJob(client, { indicator: indicators(31, 500) }, { attributeWriteType: 'Append' });
    for (let i = 0; ; i++) {
      const s = (await client.v2('GET', `/v2/batch/${running}`)).batchStatus;
      if (s.status === 'Running' && s.successCount > 0) break;
      assert.ok(i < 500, `job never started running: ${JSON.stringify(s)}`);
      await sleep(5);
    }
    await client.close();
    await first.close();

    const db = new Database(dataFile, { readonly: true });
    const rows = db.prepare('SELECT id, status, progress FROM batch_jobs ORDER BY id').all() as Array<{ id: number; status: string; progress: number }>;
    db.close();
    assert.equal(rows[0].status, 'Running');
    assert.ok(rows[0].progress > 0 && rows[0].progress < 3000, `stopped mid-job at ${rows[0].progress}`);
    assert.equal(rows[1].status, 'Queued');

    const second = await startPlatform(options);
    const again = clientFor(second);
    try {
      const a = await waitDone(again, running);
      const b = await waitDone(again, queued);
      assert.equal(a.successCount, 3000);
      assert.equal(a.errorCount, 0);
      assert.equal(b.successCount, 500);
      const check = new Database(dataFile, { readonly: true });
      try {
        const perItem = check
          .prepare(
            "SELECT COUNT(*) AS n, MIN(c) AS lo, MAX(c) AS hi FROM (SELECT COUNT(a.id) AS c FROM ti_indicators i LEFT JOIN ti_attributes a ON a.item_kind = 'indicator' AND a.item_id = i.id WHERE i.summary LIKE '10.30.%' OR i.summary LIKE '10.31.%' GROUP BY i.id)",
          )
          .get() as { n: number; lo: number; hi: number };
        assert.deepEqual(perItem, { n: 3500, lo: 1, hi: 1 }, 'every indicator has exactly one attribute');
      } finally {
        check.close();
      }
      const sample = await again.v2('GET', '/v2/indicators/addresses/10.30.11.183/attributes');
      assert.deepEqual(sample.attribute.map((x: any) => x.value), [`item ${11 * 256 + 183}`]);
    } finally {
      await again.close();
      await second.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a platform killed mid-job (no clean shutdown) finishes the job after it comes back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcex-batch-crash-'));
  const dataFile = join(dir, 'platform.db');
  try {
    const { spawn } = await import('node:child_process');
    const script = `
      import { startPlatform } from ${JSON.stringify(new URL('../../../src/platform/index.ts', import.meta.url).pathname)};
      const p = await startPlatform({ port: 0, quiet: true, dataFile: ${JSON.stringify(dataFile)}, accessId: '${credentials.accessId}', secretKey: '${credentials.secretKey}', batch: { sliceSize: 20 } });
      console.log(p.url);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
      child.once('exit', (code) => reject(new Error(`platform exited early (${code})`)));
    });
    const client = new TcClient({ apiPath: url, ...credentials, backoffMs: 10 });
    const id = await startBatchJob(client, { indicator: indicators(32, 3000) }, { attributeWriteType: 'Append' });
    for (let i = 0; ; i++) {
      const s = (await client.v2('GET', `/v2/batch/${id}`)).batchStatus;
      if (s.successCount > 0) break;
      assert.ok(i < 500, 'job never started');
      await sleep(5);
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    await client.close();

    const back = await startPlatform({ port: 0, quiet: true, dataFile, ...credentials });
    const again = clientFor(back);
    try {
      const status = await waitDone(again, id);
      assert.equal(status.successCount, 3000);
      assert.equal(status.errorCount, 0);
      const attributes = await again.v2('GET', '/v2/indicators/addresses/10.32.0.7/attributes');
      assert.equal(attributes.attribute.length, 1);
    } finally {
      await again.close();
      await back.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
