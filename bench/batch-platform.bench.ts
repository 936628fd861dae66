// Platform benchmark: Create jobs of 25,000 indicators, each with a tag and an attribute, through the HTTP API; the
// rate is indicators over the time from upload to Completed (the data is serialised before: that is the client's work). Beside it, in the same run:
// - the raw SQLite reference (bench/reference-sqlite.ts): the same rows upserted with prepared statements, one
//   transaction per job, in memory and on a file; each reference job runs right after the same job of ours, so
//   both meet the same moment's load (a shared machine's speed drifts by tens of percent within seconds);
// - the p99 of a small GET (`/v2/owners`) answered while the jobs run (the API must keep answering);
// - Files against Addresses, alternating job by job on one platform (Files are found by any of their hashes; their
//   rate must not fall with their count), the reference taking the File jobs too: every job of ours follows one of
//   the reference's, and the reference's own Files ÷ Addresses is printed beside ours as the limit.
// `--jobs N` changes the number of jobs per measurement (default 4, i.e. 100,000 indicators).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startPlatform } from '../src/platform/index.js';
import { TcClient } from '../src/client/index.js';
import { BatchApi } from '../src/batch/api.js';
import { jobConfig } from '../src/batch/settings.js';
import { sleep } from '../src/core/sleep.js';
import { openReference, type ReferenceRow } from './reference-sqlite.js';
import { timedJob } from './jobs.js';
import { figure, fmt, machine, percentile } from './report.js';
import { scatteredAddress, sha256Of } from './data.js';

const PER_JOB = 25_000;
/** Items of the warm-up job on both sides: enough for V8 to optimise the per-run code paths, which a 2,000-item job
 * (8 runs of 250 steps) was not: the first measured job ran at two thirds of the later ones. */
const WARM_UP = 10_000;
type Kind = 'Address' | 'File';

/**
 * The n-th indicator of a kind: Addresses 10.x.y.z, Files a sha256 (64 hex digits) unique to n, both in no particular
 * order as a feed's are (keys in order, as generated before, flattered Files most: 0.81-0.95 of the Address rate
 * against 0.63-0.68 with scattered keys).
 */
function row(kind: Kind, n: number): ReferenceRow {
  if (kind === 'Address') {
    const ip = scatteredAddress(n);
    return { type: 'Address', summary: ip, values: [ip, null, null], rating: 3, confidence: 60, tag: 'Benchmark', attribute: { type: 'Description', value: `benchmark ${n}` } };
  }
  const sha256 = sha256Of(n);
  return { type: 'File', summary: sha256, values: [null, null, sha256], rating: 3, confidence: 60, tag: 'Benchmark', attribute: { type: 'Description', value: `benchmark ${n}` } };
}

const rows = (kind: Kind, job: number): ReferenceRow[] => Array.from({ length: PER_JOB }, (_, i) => row(kind, job * PER_JOB + i));

function payload(items: ReferenceRow[]): Buffer {
  const json = items.map((r) =>
    JSON.stringify({
      summary: r.summary,
      type: r.type,
      rating: r.rating,
      confidence: r.confidence,
      attribute: r.attribute ? [{ type: r.attribute.type, value: r.attribute.value, displayed: true }] : [],
      tag: [{ name: r.tag }],
    }),
  );
  return Buffer.from(`{"group":[],"indicator":[${json.join(',')}]}`);
}

/** Rates over the measured jobs: wall-clock and per second of this process's CPU time. */
interface Rate {
  perSecond: number;
  perCpuSecond: number;
}

interface Measured {
  rates: number[];
  /** the raw SQLite reference, each job run right after ours on the same rows, the prober paused */
  reference: Rate & { rates: number[] };
  perSecond: number;
  /** indicators per second of this process's CPU time (the platform, its HTTP client and the prober) */
  perCpuSecond: number;
  probeP50: number;
  probeP99: number;
  probes: number;
  /** jobs of the other kind, each run on the same platform right after a pair of ours and the reference, and then
   * on the reference: so each job of ours, of either kind, follows a reference job (whose garbage the next job's
   * collector meets) */
  alternate?: { rates: number[]; perSecond: number; perCpuSecond: number; reference: Rate };
}

/**
 * Runs `jobs` jobs of one kind against a fresh platform while a second client keeps asking for `/v2/owners`, and
 * after each job the same rows on the raw reference (a fresh database of the same kind, `referenceFile` or memory),
 * so that each pair meets the same moment's load on a shared machine.
 */
async function ours(kind: Kind, dataFile: string | undefined, jobs: number, referenceFile: string | undefined, alternate?: Kind): Promise<Measured> {
  const platform = await startPlatform({ port: 0, quiet: true, dataFile });
  const reference = openReference(referenceFile);
  const client = new TcClient({ apiPath: platform.url, accessId: platform.accessId, secretKey: platform.secretKey });
  const prober = new TcClient({ apiPath: platform.url, accessId: platform.accessId, secretKey: platform.secretKey });
  const api = new BatchApi(client);
  const config = jobConfig({ owner: 'Example Organization', attributeWriteType: 'Append' });
  const latencies: number[] = [];
  let probing = true;
  let paused: Promise<void> | undefined;
  const probe = (async () => {
    while (probing) {
      if (paused) await paused;
      const t = performance.now();
      await prober.v2('GET', '/v2/owners');
      latencies.push(performance.now() - t);
      await sleep(5);
    }
  })();
  const runJob = (items: ReferenceRow[]) => timedJob(api, config, payload(items), items.length, 20);
  try {
    // warm-up: a small job of other indicators, so module loading (tsx compiles the sources on first use) and the
    // JIT are not counted; the raw reference needs neither
    await runJob(Array.from({ length: WARM_UP }, (_, i) => row(kind, 100_000_000 + i)));
    if (alternate) await runJob(Array.from({ length: WARM_UP }, (_, i) => row(alternate, 100_000_000 + i)));
    latencies.length = 0;
    reference.ingest(Array.from({ length: WARM_UP }, (_, i) => row(kind, 100_000_000 + i)));
    if (dataFile) {
      // Both sides start the measured jobs with an empty WAL. SQLite checkpoints a WAL once it passes 40 MB
      // (openDatabase's wal_autocheckpoint), about four jobs' writes: without this, whether one side's checkpoint
      // fell inside the measured jobs and the other's just after decided the ratio, not the work done.
      const side = new Database(dataFile);
      side.pragma('wal_checkpoint(TRUNCATE)');
      side.close();
      reference.checkpoint();
    }
    const rates: number[] = [];
    let total = 0;
    let seconds = 0;
    let cpuUsed = 0;
    let referenceSeconds = 0;
    let referenceCpu = 0;
    const referenceRates: number[] = [];
    const other = { rates: [] as number[], seconds: 0, cpu: 0, referenceSeconds: 0, referenceCpu: 0 };
    /** the reference's turn: the prober waits, its requests would be the platform's work, not the reference's */
    const onReference = async (items: ReferenceRow[]) => {
      let resume!: () => void;
      paused = new Promise<void>((r) => (resume = r));
      await sleep(30);
      const r = reference.ingest(items);
      paused = undefined;
      resume();
      return r;
    };
    for (let j = 0; j < jobs; j++) {
      const items = rows(kind, j);
      const t = await runJob(items);
      rates.push(PER_JOB / t.seconds);
      total += PER_JOB;
      seconds += t.seconds;
      cpuUsed += t.cpu;
      const r = await onReference(items);
      referenceSeconds += r.seconds;
      referenceRates.push(PER_JOB / r.seconds);
      referenceCpu += r.cpu;
      if (alternate) {
        const otherItems = rows(alternate, j);
        const a = await runJob(otherItems);
        other.rates.push(PER_JOB / a.seconds);
        other.seconds += a.seconds;
        other.cpu += a.cpu;
        const ra = await onReference(otherItems);
        other.referenceSeconds += ra.seconds;
        other.referenceCpu += ra.cpu;
      }
    }
    probing = false;
    await probe;
    return {
      alternate: alternate
        ? {
            rates: other.rates,
            perSecond: total / other.seconds,
            perCpuSecond: total / other.cpu,
            reference: { perSecond: total / other.referenceSeconds, perCpuSecond: total / other.referenceCpu },
          }
        : undefined,
      rates,
      reference: { perSecond: total / referenceSeconds, perCpuSecond: total / referenceCpu, rates: referenceRates },
      perSecond: total / seconds,
      perCpuSecond: total / cpuUsed,
      probeP50: percentile(latencies, 50),
      probeP99: percentile(latencies, 99),
      probes: latencies.length,
    };
  } finally {
    probing = false;
    await probe.catch(() => undefined);
    await client.close();
    await prober.close();
    await platform.close();
    reference.close();
  }
}

const jobRates = (m: Measured) => `per job ours ${m.rates.map((r) => fmt(r)).join(', ')}/s, reference ${m.reference.rates.map((r) => fmt(r)).join(', ')}/s`;
/** The same comparison per CPU second: what a busy machine's other processes do not distort. */
const cpuNote = (m: Measured, ref: Rate) =>
  `per CPU second ours ${fmt(m.perCpuSecond)}, reference ${fmt(ref.perCpuSecond)}, ratio ${(m.perCpuSecond / ref.perCpuSecond).toFixed(2)}`;

export async function run(argv = process.argv.slice(2)): Promise<void> {
  const at = argv.indexOf('--jobs');
  const jobs = at >= 0 ? Number(argv[at + 1]) : 4;
  const count = fmt(jobs * PER_JOB);
  const dir = mkdtempSync(join(tmpdir(), 'tcex-bench-platform-'));
  try {
    const probeNote = (m: Measured) => `small GET during ingest p50 ${m.probeP50.toFixed(1)} ms, p99 ${m.probeP99.toFixed(1)} ms (${m.probes} requests)`;

    // on a file twice the jobs, so that each side passes the WAL's checkpoint size once (see ours())
    const onFile = await ours('Address', join(dir, 'platform.db'), jobs * 2, join(dir, 'reference.db'));
    const fileRef = onFile.reference;
    figure('batch platform', {
      what: `${fmt(jobs * 2 * PER_JOB)} Addresses (tag + attribute) in Create jobs of 25,000, SQLite file (WAL), each side starting with an empty WAL`,
      ours: onFile.perSecond,
      reference: fileRef.perSecond,
      unit: 'indicators/s',
      target: 0.85,
      note: `${cpuNote(onFile, fileRef)}; ${jobRates(onFile)}; ${probeNote(onFile)}`,
    });

    // Files alternate with the Address jobs on the same platform, so the two rates meet the same load
    const inMemory = await ours('Address', undefined, jobs, undefined, 'File');
    const memRef = inMemory.reference;
    figure('batch platform', {
      what: `${count} Addresses (tag + attribute) in Create jobs of 25,000, in memory`,
      ours: inMemory.perSecond,
      reference: memRef.perSecond,
      unit: 'indicators/s',
      target: 0.7,
      note: `${cpuNote(inMemory, memRef)}; ${jobRates(inMemory)}; ${probeNote(inMemory)}`,
    });

    const files = inMemory.alternate!;
    figure('batch platform', {
      what: `${count} Files (sha256, tag + attribute) against the Address rate, each File job right after an Address job on the same platform and each of ours after a reference job, in memory`,
      ours: files.perSecond,
      reference: inMemory.perSecond,
      unit: 'indicators/s',
      target: 0.8,
      note: `per CPU second Files ${fmt(files.perCpuSecond)}, Addresses ${fmt(inMemory.perCpuSecond)}, ratio ${(files.perCpuSecond / inMemory.perCpuSecond).toFixed(2)}; the raw SQLite reference's own Files ÷ Addresses (bigger rows, one more index: the limit) ${(files.reference.perSecond / memRef.perSecond).toFixed(2)} (${fmt(files.reference.perSecond)} ÷ ${fmt(memRef.perSecond)}/s); per job ${files.rates.map((r) => fmt(r)).join(', ')}/s (last job / first ${(files.rates.at(-1)! / files.rates[0]).toFixed(2)}: linear when near 1)`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(machine());
  await run();
}
