// Client benchmark: N indicators, each with a tag and an attribute, added, spooled and serialised into chunks.
// Reference, in the same run: the same wire objects (xid included) built and `JSON.stringify`d in chunks of 25,000,
// no SDK (no validation, spool or de-duplication). Each measurement runs in its own process so peak RSS (VmHWM)
// belongs to it alone.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Batch } from '../src/batch/index.js';
import { cpuSeconds, figure, fmt, machine, peakRssMb } from './report.js';

interface Figures {
  count: number;
  seconds: number;
  perSecond: number;
  /** indicators per second of the child's CPU time (user + system) */
  perCpuSecond: number;
  peakRssMb: number;
  chunks: number;
  indicators: number;
  bytes: number;
}

function ip(i: number): string {
  return `${10 + ((i >>> 24) & 0x7f)}.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;
}

/** Runs in the child: the measured work itself. */
function measure(count: number): Figures {
  const started = performance.now();
  const cpu = cpuSeconds();
  const batch = new Batch({ owner: 'Example Organization' });
  try {
    for (let i = 0; i < count; i++) {
      const address = batch.address(ip(i), 3, 60);
      address.tag('Benchmark');
      address.attribute('Description', `benchmark address ${i}`);
    }
    let chunks = 0;
    let indicators = 0;
    let bytes = 0;
    for (const chunk of batch.chunks()) {
      chunks++;
      indicators += chunk.indicators;
      bytes += chunk.bytes;
      // as the submit calls do once a chunk is uploaded
      batch.release(chunk);
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      count,
      seconds,
      perSecond: count / seconds,
      perCpuSecond: count / (cpuSeconds() - cpu),
      peakRssMb: peakRssMb(),
      chunks,
      indicators,
      bytes,
    };
  } finally {
    batch.close();
  }
}

/** The reference: what the SDK sends, built by hand and serialised chunk by chunk. */
function measureReference(count: number): Figures {
  const started = performance.now();
  const cpu = cpuSeconds();
  let chunks = 0;
  let bytes = 0;
  let items: unknown[] = [];
  const flush = () => {
    bytes += Buffer.byteLength(JSON.stringify({ group: [], indicator: items }));
    chunks++;
    items = [];
  };
  for (let i = 0; i < count; i++) {
    const summary = ip(i);
    items.push({
      summary,
      type: 'Address',
      xid: createHash('sha256').update(`Address-${summary}`).digest('hex'),
      rating: 3,
      confidence: 60,
      attribute: [{ type: 'Description', value: `benchmark address ${i}` }],
      tag: [{ name: 'Benchmark' }],
    });
    if (items.length === 25_000) flush();
  }
  if (items.length) flush();
  const seconds = (performance.now() - started) / 1000;
  return { count, seconds, perSecond: count / seconds, perCpuSecond: count / (cpuSeconds() - cpu), peakRssMb: peakRssMb(), chunks, indicators: count, bytes };
}

function runChild(what: 'sdk' | 'reference', count: number): Figures {
  const res = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', what, String(count)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (res.status !== 0) throw new Error(`benchmark child failed (${res.status}): ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop() as string) as Figures;
}

export async function run(): Promise<void> {
  const small = runChild('sdk', 100_000);
  const smallRef = runChild('reference', 100_000);
  const large = runChild('sdk', 1_000_000);
  const largeRef = runChild('reference', 1_000_000);
  for (const [f, r] of [
    [small, smallRef],
    [large, largeRef],
  ]) {
    figure('batch client', {
      what: `${fmt(f.count)} Addresses (tag + attribute each) added, spooled, serialised into ${f.chunks} chunks`,
      ours: f.perSecond,
      reference: r.perSecond,
      unit: 'indicators/s',
      target: f.count >= 1_000_000 ? 0.5 : undefined,
      note: `per CPU second ours ${fmt(f.perCpuSecond)}, reference ${fmt(r.perCpuSecond)}, ratio ${(f.perCpuSecond / r.perCpuSecond).toFixed(2)}; peak RSS ours ${f.peakRssMb.toFixed(0)} MB${f.count >= 1_000_000 ? ` (target <= 200 ${f.peakRssMb <= 200 ? 'met' : 'MISSED'})` : ''}, reference ${r.peakRssMb.toFixed(0)} MB; ${(f.bytes / 1e6).toFixed(0)} MB of JSON`,
    });
  }
  figure('batch client', { what: 'peak RSS at 1,000,000 against the peak at 100,000', ours: large.peakRssMb, reference: small.peakRssMb, unit: 'MB', target: 1.3, atMost: true });
  if (large.indicators !== 1_000_000) console.log(`batch client: WARNING chunks held ${large.indicators} indicators, expected 1,000,000`);
}

if (process.argv[2] === '--child') {
  const count = Number(process.argv[4]);
  console.log(JSON.stringify(process.argv[3] === 'reference' ? measureReference(count) : measure(count)));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(machine());
  await run();
}
