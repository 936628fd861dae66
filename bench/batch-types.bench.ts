// Every standard indicator type ingests in time linear in its count: for each type, six Create jobs of 10,000 new
// indicators (a tag and an attribute each) go into one platform in memory, and the median rate of the last three
// jobs is set beside the median of the first three (a median, since one job in a few meets a slow moment). An index miss makes each job slower than the one before (Files once went in at
// quadratic cost: 4,000 took 7.6 times as long as 2,000), so a ratio near 1 says the per-item cost does not grow
// with what the owner holds. The reference for each type is its own first jobs; each type's rate is also printed
// against the Address rate of the same run.
import { fileURLToPath } from 'node:url';
import { startPlatform } from '../src/platform/index.js';
import { TcClient } from '../src/client/index.js';
import { BatchApi } from '../src/batch/api.js';
import { jobConfig } from '../src/batch/settings.js';
import { figure, fmt, machine } from './report.js';
import { scatteredAddress, sha256Of } from './data.js';
import { timedJob } from './jobs.js';

const PER_JOB = 10_000;
const JOBS = 6;
/** Items of each type's warm-up job, so its first measured job does not carry the JIT's work for that type. */
const WARM_UP = 2_000;
/**
 * The least ratio that says linear. With a cost per item growing with what the owner holds (an index miss), the
 * later jobs' rate would be about 0.36 of the earlier ones' (items 32,000-62,000 against 2,000-32,000); a shared
 * machine moves single jobs by a third, so the line is drawn well above that and well below 1.
 */
const LINEAR = 0.6;

/** Three octets, distinct for each n below 2^24, in no particular order (as a feed lists them). */
const octets = (n: number) => scatteredAddress(n).slice(3);

/** The n-th value of each type, as a batch item's summary: distinct for every n. */
const SUMMARIES: Record<string, (n: number) => string> = {
  Address: (n) => scatteredAddress(n),
  EmailAddress: (n) => `user${n}@mail${n % 97}.example.com`,
  File: (n) => sha256Of(n),
  Host: (n) => `h${n}.example.com`,
  URL: (n) => `https://www.example.com/path/${n}?q=${n % 13}`,
  ASN: (n) => `ASN${n + 1}`,
  CIDR: (n) => `${octets(n)}.0/24`,
  Mutex: (n) => `Global\\bench-mutex-${n}`,
  'Registry Key': (n) => `HKEY_LOCAL_MACHINE\\Software\\Bench\\Key${n} : Value${n} : REG_SZ`,
  'User Agent': (n) => `Mozilla/5.0 (bench ${n}) Gecko/20100101`,
  'Email Subject': (n) => `Invoice ${n} overdue`,
  Hashtag: (n) => `#bench${n}`,
};

function payload(type: string, from: number, count: number): Buffer {
  const summary = SUMMARIES[type];
  const items = Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return { summary: summary(n), type, rating: 3, confidence: 60, attribute: [{ type: 'Description', value: `benchmark ${n}`, displayed: true }], tag: [{ name: 'Benchmark' }] };
  });
  return Buffer.from(JSON.stringify({ group: [], indicator: items }));
}

interface TypeRates {
  type: string;
  rates: number[];
  perSecond: number;
  perCpuSecond: number;
}

export async function run(): Promise<void> {
  const platform = await startPlatform({ port: 0, quiet: true });
  const client = new TcClient({ apiPath: platform.url, accessId: platform.accessId, secretKey: platform.secretKey });
  const api = new BatchApi(client);
  const config = jobConfig({ owner: 'Example Organization', attributeWriteType: 'Append' });
  const runJob = (data: Buffer, count: number) => timedJob(api, config, data, count, 10);
  const results: TypeRates[] = [];
  try {
    // one job of every type first, so that the first type measured does not carry the JIT's work for all of them
    const mixed = Object.keys(SUMMARIES).flatMap((type) => JSON.parse(payload(type, 20_000_000, 1_000).toString()).indicator);
    await runJob(Buffer.from(JSON.stringify({ group: [], indicator: mixed })), mixed.length);
    for (const type of Object.keys(SUMMARIES)) {
      await runJob(payload(type, 10_000_000, WARM_UP), WARM_UP);
      const rates: number[] = [];
      let seconds = 0;
      let cpu = 0;
      for (let j = 0; j < JOBS; j++) {
        const t = await runJob(payload(type, j * PER_JOB, PER_JOB), PER_JOB);
        rates.push(PER_JOB / t.seconds);
        seconds += t.seconds;
        cpu += t.cpu;
      }
      results.push({ type, rates, perSecond: (JOBS * PER_JOB) / seconds, perCpuSecond: (JOBS * PER_JOB) / cpu });
    }
  } finally {
    await client.close();
    await platform.close();
  }
  const address = results.find((r) => r.type === 'Address')!;
  const half = JOBS / 2;
  for (const r of results) {
    figure('batch types', {
      what: `${r.type}: jobs ${half + 1}-${JOBS} against jobs 1-${half} (median rates; ${fmt(PER_JOB)} each, tag + attribute, in memory)`,
      ours: median(r.rates.slice(half)),
      reference: median(r.rates.slice(0, half)),
      unit: 'indicators/s',
      target: LINEAR,
      note: `per job ${r.rates.map((x) => fmt(x)).join(', ')}/s; all ${fmt(r.perSecond)}/s, ${(r.perSecond / address.perSecond).toFixed(2)} of the Address rate (per CPU second ${(r.perCpuSecond / address.perCpuSecond).toFixed(2)})`,
    });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(machine());
  await run();
}
