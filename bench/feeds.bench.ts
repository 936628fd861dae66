// Feed benchmark: the feed kit's streaming read (parse, map, merge repeats, digest, run-to-run state) on IPsum-style
// lists of 100,000 and 1,000,000 addresses, and a whole feed app run (URLhaus, 11,125 URLs) against the embedded
// platform. Each measurement runs in its own process so its peak RSS is its own.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanFeed } from '../examples/feeds/common/scan.js';
import { DeltaTracker, FeedState } from '../examples/feeds/common/delta.js';
import { ipsumFeed } from '../examples/feeds/ipsum/src/feed.js';

interface Figures {
  label: string;
  items: number;
  seconds: number;
  perSecond: number;
  peakRssMb: number;
  stateKb?: number;
}

async function writeList(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < count; i++) {
    const line = `${10 + ((i >>> 24) & 0x7f)}.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}\t${1 + (i % 9)}\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

async function measureScan(count: number): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'tcex-feed-bench-'));
  try {
    const file = join(dir, 'list.txt');
    await writeList(file, count);
    const started = performance.now();
    const tracker = new DeltaTracker(new FeedState('Bench'));
    const report = await scanFeed(() => createReadStream(file, { highWaterMark: 256 * 1024 }), ipsumFeed.reader({ defaultRating: 0, defaultConfidence: 0, minLists: 1 }), (item) => {
      tracker.changed(item);
    });
    const state = await tracker.next.serialise();
    const seconds = (performance.now() - started) / 1000;
    const items = report.byType.Address ?? 0;
    return { label: `scan ${count.toLocaleString('en-US')}`, items, seconds, perSecond: items / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, stateKb: state.length / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureApp(): Promise<Figures> {
  const { startPlatform } = await import('../src/platform/index.js');
  const { runJob } = await import('../src/app/index.js');
  const { App } = await import('../examples/feeds/urlhaus/src/app.js');
  const platform = await startPlatform({ port: 0, quiet: true });
  const dir = mkdtempSync(join(tmpdir(), 'tcex-feed-bench-'));
  try {
    const started = performance.now();
    const outcome = await runJob(App, {
      cwd: resolve('examples/feeds/urlhaus'),
      env: {},
      params: {
        tc_api_path: platform.url,
        tc_api_access_id: platform.accessId,
        tc_api_secret_key: platform.secretKey,
        tc_owner: 'Example Organization',
        source: resolve('..', 'shared', 'data', 'feeds', 'urlhaus-recent.csv'),
        tc_out_path: join(dir, 'out'),
        tc_temp_path: join(dir, 'temp'),
        tc_log_path: join(dir, 'log'),
        tc_in_path: join(dir, 'in'),
      },
    });
    if (outcome.exitCode !== 0) throw new Error(`the app exited ${outcome.exitCode}: ${outcome.message}`);
    const seconds = (performance.now() - started) / 1000;
    return { label: 'URLhaus app run', items: 11_125, seconds, perSecond: 11_125 / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  } finally {
    await platform.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function child(args: string[]): Figures {
  const res = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (res.status !== 0) throw new Error(`benchmark child failed (${res.status}): ${res.stderr}`);
  return JSON.parse(res.stdout.trim().split('\n').pop() as string) as Figures;
}

export async function run(): Promise<void> {
  const small = child(['scan', '100000']);
  const large = child(['scan', '1000000']);
  for (const f of [small, large]) {
    console.log(
      `feeds: ${f.label} addresses read twice, mapped, digested, state serialised in ${f.seconds.toFixed(2)} s = ` +
        `${Math.round(f.perSecond).toLocaleString('en-US')}/s, peak RSS ${f.peakRssMb.toFixed(0)} MB, feed_state ${(f.stateKb ?? 0).toFixed(0)} KB`,
    );
  }
  console.log(
    `feeds: memory grows only with the keys kept for deltas: ${(((large.peakRssMb - small.peakRssMb) * 1024 * 1024) / 900_000).toFixed(0)} bytes per extra item`,
  );
  const app = child(['app']);
  console.log(`feeds: ${app.label} (parse, batch submit, platform save, in one process): ${app.seconds.toFixed(2)} s = ${Math.round(app.perSecond).toLocaleString('en-US')} URLs/s, peak RSS ${app.peakRssMb.toFixed(0)} MB`);
}

if (process.argv[2] === '--child') {
  const figures = process.argv[3] === 'app' ? await measureApp() : await measureScan(Number(process.argv[4]));
  console.log(JSON.stringify(figures));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await run();
}
