// Feed benchmark: the feed kit's streaming read (parse, map, merge repeats, digest, run-to-run state) on IPsum-style
// lists of 100,000 and 1,000,000 addresses, as a first run (no previous state) and as a second run against the
// first run's state (a tenth of the items changed, a twentieth gone, a twentieth new), and a whole feed app run
// (URLhaus: the repository's excerpt, or the full file from `--data DIR`) against the embedded platform. Each measurement runs in its own process so its peak RSS
// is its own.
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanFeed, DeltaTracker } from '../src/feed/index.js';
import { ipsumFeed } from '../examples/feeds/ipsum/src/feed.js';
import { feedData, writeList } from './data.js';
import { peakRssMb } from './report.js';

interface Figures {
  label: string;
  items: number;
  seconds: number;
  perSecond: number;
  peakRssMb: number;
  stateKb?: number;
  submitted?: number;
  stale?: number;
}

/** A run of the feed kit on `count` addresses: a first run (writes its state to `stateFile`), or a second one reading it. */
async function measureScan(count: number, stateFile: string, second: boolean): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'tcex-feed-bench-'));
  try {
    const file = join(dir, 'list.txt');
    await writeList(file, count, second);
    const previous = second ? readFileSync(stateFile, 'utf8') : undefined;
    const started = performance.now();
    const { tracker } = await DeltaTracker.start(previous, 'Bench', dir);
    // 64 KB reads, as the framework reads a feed file (src/feed/source.ts)
    const report = await scanFeed(() => createReadStream(file, { highWaterMark: 64 * 1024 }), ipsumFeed.reader({ defaultRating: 0, defaultConfidence: 0, minLists: 1 }), (item) => {
      tracker.changed(item);
    });
    const stale = await tracker.eachStale(() => undefined);
    const state = await tracker.serialise();
    tracker.close();
    const seconds = (performance.now() - started) / 1000;
    if (!second) writeFileSync(stateFile, state);
    const items = report.byType.Address ?? 0;
    return {
      label: `${second ? 'second run' : 'first run'} ${count.toLocaleString('en-US')}`,
      items,
      seconds,
      perSecond: items / seconds,
      peakRssMb: peakRssMb(),
      stateKb: state.length / 1024,
      submitted: tracker.submitted,
      stale,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The same-run reference: the raw libraries doing the core of the same work once, with nothing kept per item:
 * node's stream and readline over the list, each line split, its key and content hashed (sha256), and a
 * `key<TAB>digest` line gzipped into a state file.
 */
async function measureReference(count: number): Promise<Figures> {
  const { createHash } = await import('node:crypto');
  const { createInterface } = await import('node:readline');
  const { createGzip } = await import('node:zlib');
  const { createWriteStream } = await import('node:fs');
  const dir = mkdtempSync(join(tmpdir(), 'tcex-feed-bench-'));
  try {
    const file = join(dir, 'list.txt');
    await writeList(file, count);
    const started = performance.now();
    const gzip = createGzip();
    const done = new Promise<void>((r) => gzip.pipe(createWriteStream(join(dir, 'state.gz'))).once('finish', () => r()));
    let items = 0;
    for await (const line of createInterface({ input: createReadStream(file, { highWaterMark: 64 * 1024 }), crlfDelay: Infinity })) {
      const [ip, lists] = line.split('\t');
      if (!ip) continue;
      const digest = createHash('sha256').update(`Address\t${ip}\t${lists}`).digest().readUIntBE(0, 6);
      if (!gzip.write(`Address\t${ip}\t${digest.toString(36)}\n`)) await new Promise<void>((r) => gzip.once('drain', () => r()));
      items++;
    }
    gzip.end();
    await done;
    const seconds = (performance.now() - started) / 1000;
    return { label: `reference ${count.toLocaleString('en-US')}`, items, seconds, perSecond: items / seconds, peakRssMb: peakRssMb() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureApp(): Promise<Figures> {
  const { startPlatform } = await import('../src/platform/index.js');
  const { runJob } = await import('../src/app/index.js');
  const { App } = await import('../examples/feeds/urlhaus/src/app.js');
  const data = feedData('urlhaus-recent.csv', 'examples/feeds/data/urlhaus-recent.csv');
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
        source: data.file as string,
        tc_out_path: join(dir, 'out'),
        tc_temp_path: join(dir, 'temp'),
        tc_log_path: join(dir, 'log'),
        tc_in_path: join(dir, 'in'),
      },
    });
    if (outcome.exitCode !== 0) throw new Error(`the app exited ${outcome.exitCode}: ${outcome.message}`);
    const seconds = (performance.now() - started) / 1000;
    const items = Number(/^(\d+) URL/.exec(outcome.message)?.[1] ?? 0);
    return { label: `URLhaus app run (${data.note})`, items, seconds, perSecond: items / seconds, peakRssMb: peakRssMb() };
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
  const figures: Array<[Figures, Figures]> = [];
  const dir = mkdtempSync(join(tmpdir(), 'tcex-feed-bench-state-'));
  try {
    for (const count of [100_000, 1_000_000]) {
      const stateFile = join(dir, `state-${count}.txt`);
      const first = child(['scan', String(count), stateFile]);
      const second = child(['rescan', String(count), stateFile]);
      const reference = child(['reference', String(count)]);
      console.log(
        `feeds: ${reference.label} (raw stream + readline + sha256 + gzip, read once, nothing kept): ${reference.seconds.toFixed(2)} s = ` +
          `${Math.round(reference.perSecond).toLocaleString('en-US')}/s, peak RSS ${reference.peakRssMb.toFixed(0)} MB`,
      );
      for (const f of [first, second]) {
        console.log(
          `feeds: ${f.label} addresses read twice, mapped, digested, compared, state serialised in ${f.seconds.toFixed(2)} s = ` +
            `${Math.round(f.perSecond).toLocaleString('en-US')}/s (x${(f.perSecond / reference.perSecond).toFixed(2)} of the reference), ` +
            `peak RSS ${f.peakRssMb.toFixed(0)} MB (x${(f.peakRssMb / reference.peakRssMb).toFixed(2)}), ${f.submitted} to submit, ${f.stale} stale, feed_state ${(f.stateKb ?? 0).toFixed(0)} KB`,
        );
      }
      figures.push([first, second]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const [[small, smallAgain], [large, largeAgain]] = figures;
  for (const [what, a, b] of [['first', small, large], ['second', smallAgain, largeAgain]] as const) {
    console.log(
      `feeds: ${what} run, 1,000,000 vs 100,000 items: peak RSS x${(b.peakRssMb / a.peakRssMb).toFixed(2)}, ` +
        `${(((b.peakRssMb - a.peakRssMb) * 1024 * 1024) / 900_000).toFixed(0)} bytes per extra item`,
    );
  }
  const app = child(['app']);
  console.log(`feeds: ${app.label} (parse, batch submit, platform save, in one process): ${app.seconds.toFixed(2)} s = ${Math.round(app.perSecond).toLocaleString('en-US')} URLs/s, peak RSS ${app.peakRssMb.toFixed(0)} MB`);
}

if (process.argv[2] === '--child') {
  const [what, count, stateFile] = process.argv.slice(3);
  const measured =
    what === 'app' ? await measureApp() : what === 'reference' ? await measureReference(Number(count)) : await measureScan(Number(count), stateFile, what === 'rescan');
  console.log(JSON.stringify(measured));
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await run();
}
