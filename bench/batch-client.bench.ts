// Client benchmark: N indicators, each with a tag and an attribute, added, spooled and serialised into chunks.
// Each size runs in its own process so peak RSS (maxRSS) belongs to that size alone.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Batch } from '../src/batch/index.js';

interface Figures {
  count: number;
  seconds: number;
  perSecond: number;
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
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      chunks,
      indicators,
      bytes,
    };
  } finally {
    batch.close();
  }
}

function runChild(count: number): Figures {
  const res = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', String(count)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (res.status !== 0) throw new Error(`benchmark child failed (${res.status}): ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop() as string) as Figures;
}

export async function run(): Promise<void> {
  const small = runChild(100_000);
  const large = runChild(1_000_000);
  for (const f of [small, large]) {
    console.log(
      `batch client: ${f.count.toLocaleString('en-US')} indicators (tag + attribute each) added, spooled, serialised into ${f.chunks} chunks ` +
        `in ${f.seconds.toFixed(2)} s = ${Math.round(f.perSecond).toLocaleString('en-US')}/s, peak RSS ${f.peakRssMb.toFixed(0)} MB, ` +
        `${(f.bytes / 1e6).toFixed(0)} MB of JSON`,
    );
  }
  const ratio = large.peakRssMb / small.peakRssMb;
  console.log(
    `batch client: peak RSS at 1,000,000 is ${ratio.toFixed(2)}x the peak at 100,000 (target <= 1.3x); ` +
      `1M rate ${large.perSecond >= 80_000 ? 'meets' : 'MISSES'} 80,000/s; 1M peak ${large.peakRssMb <= 200 ? 'meets' : 'MISSES'} 200 MB`,
  );
  if (large.indicators !== 1_000_000) console.log(`batch client: WARNING chunks held ${large.indicators} indicators, expected 1,000,000`);
}

if (process.argv[2] === '--child') {
  console.log(JSON.stringify(measure(Number(process.argv[3]))));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await run();
}
