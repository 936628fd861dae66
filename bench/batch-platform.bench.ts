// Platform benchmark: Create jobs of 25,000 indicators, each with a tag and an attribute, through the HTTP API;
// the rate is indicators over the time from upload to Completed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPlatform } from '../src/platform/index.js';
import { TcClient } from '../src/client/index.js';
import { BatchApi } from '../src/batch/api.js';
import { jobConfig } from '../src/batch/settings.js';
import { sleep } from '../src/core/sleep.js';

const PER_JOB = 25_000;

function payload(job: number): Buffer {
  const items: string[] = [];
  for (let i = 0; i < PER_JOB; i++) {
    const n = job * PER_JOB + i;
    const ip = `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
    items.push(
      JSON.stringify({
        summary: ip,
        type: 'Address',
        rating: 3,
        confidence: 60,
        attribute: [{ type: 'Description', value: `benchmark address ${n}`, displayed: true }],
        tag: [{ name: 'Benchmark' }],
      }),
    );
  }
  return Buffer.from(`{"group":[],"indicator":[${items.join(',')}]}`);
}

async function measure(label: string, dataFile: string | undefined, jobs: number): Promise<void> {
  const platform = await startPlatform({ port: 0, quiet: true, dataFile });
  const client = new TcClient({ apiPath: platform.url, accessId: platform.accessId, secretKey: platform.secretKey });
  const api = new BatchApi(client);
  const config = jobConfig({ owner: 'Example Organization', attributeWriteType: 'Append' });
  try {
    const rates: number[] = [];
    for (let j = 0; j < jobs; j++) {
      const data = payload(j);
      const started = performance.now();
      const status = await api.createAndUpload(config, data);
      let done = status;
      while (done.status !== 'Completed') {
        await sleep(20);
        done = await api.status(status.id);
      }
      const seconds = (performance.now() - started) / 1000;
      if (done.successCount !== PER_JOB) throw new Error(`job ${status.id}: ${JSON.stringify(done)}`);
      rates.push(PER_JOB / seconds);
    }
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    console.log(
      `batch platform (${label}): ${jobs} Create jobs of ${PER_JOB.toLocaleString('en-US')} indicators (tag + attribute each): ` +
        `${rates.map((r) => Math.round(r).toLocaleString('en-US')).join(', ')} indicators/s; mean ${Math.round(mean).toLocaleString('en-US')}/s ` +
        `(${mean >= 40_000 ? 'meets' : 'MISSES'} 40,000/s)`,
    );
  } finally {
    await client.close();
    await platform.close();
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tcex-bench-platform-'));
  try {
    await measure('SQLite file, WAL', join(dir, 'platform.db'), 4);
    await measure('in memory', undefined, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
