// Where benchmarks find real feed files: `npm run bench <name> -- --data DIR` names a folder holding them (full-size
// copies, e.g. the feeds as downloaded); without it a benchmark uses the excerpts shipped in examples/feeds/data or
// generates its input, and says so.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The `--data DIR` folder, checked once by bench/index.ts and passed on to child processes in the environment. */
export function dataDir(): string | undefined {
  return process.env.TCEX_BENCH_DATA || undefined;
}

/** Reads `--data DIR` out of the arguments; exits with a clear message when the folder does not exist. */
export function takeDataOption(args: string[]): string[] {
  const at = args.indexOf('--data');
  if (at < 0) return args;
  const dir = args[at + 1];
  if (!dir || !existsSync(dir) || !statSync(dir).isDirectory()) {
    console.error(`bench: --data needs a folder of feed files (urlhaus-recent.csv, ipsum.txt, ...); ${dir ? `${resolve(dir)} is not one` : 'none given'}`);
    process.exit(2);
  }
  process.env.TCEX_BENCH_DATA = resolve(dir);
  return [...args.slice(0, at), ...args.slice(at + 2)];
}

/**
 * A feed file for a benchmark: from `--data DIR` when given (an error naming the file when the folder lacks it),
 * else `fallback` (an excerpt in the repository, or undefined: the benchmark generates its input).
 */
export function feedData(name: string, fallback?: string): { file?: string; note: string } {
  const dir = dataDir();
  if (dir) {
    const file = join(dir, name);
    if (!existsSync(file)) throw new Error(`--data ${dir} has no ${name}: copy the feed file there, or leave --data out to use ${fallback ? 'the excerpt in the repository' : 'generated data'}`);
    return { file, note: `${name} from ${dir}` };
  }
  if (fallback) return { file: resolve(fallback), note: `${name}: the excerpt in ${fallback} (pass --data DIR for a full-size copy)` };
  return { note: `${name}: generated (pass --data DIR to use a real copy)` };
}

/**
 * The n-th of 2^24 distinct numbers, in no particular order (multiplying by an odd number and xor-ing with a right
 * shift are each one-to-one on 24 bits). Feeds list their values unsorted, and an index takes keys in order far more
 * cheaply than scattered ones: generated data in order made ingest look faster than it is.
 */
export function scatter24(n: number): number {
  let m = Math.imul(n & 0xffffff, 0x2c1b3c6d) & 0xffffff;
  m ^= m >>> 12;
  m = Math.imul(m, 0x297a2d39) & 0xffffff;
  m ^= m >>> 11;
  return m;
}

/** A distinct address in 10.0.0.0/8 for each n below 2^24, in no particular order. */
export const scatteredAddress = (n: number): string => {
  const m = scatter24(n);
  return `10.${m >>> 16}.${(m >>> 8) & 255}.${m & 255}`;
};

/** A sha256 (64 upper-case hex digits) for each n: random-looking, as real hashes are. */
export const sha256Of = (n: number): string => createHash('sha256').update(`bench ${n}`).digest('hex').toUpperCase();

/** The i-th address of a generated list: distinct for each i, in no particular order within each /8. */
const address = (i: number) => `${10 + ((i >>> 24) & 0x7f)}.${scatteredAddress(i).slice(3)}`;

/**
 * Writes an IPsum-style list (`IP<TAB>count`) of `count` distinct addresses: a first run's, or (`second`) the next
 * day's, where every 20th address is gone, every 10th rescored, and 5% are new.
 */
export async function writeList(file: string, count: number, second = false): Promise<void> {
  const out = createWriteStream(file);
  const total = second ? count + count / 20 : count;
  for (let i = 0; i < total; i++) {
    if (second && i % 20 === 1) continue;
    const lists = 1 + ((second && i % 10 === 0 ? i + 4 : i) % 9);
    if (!out.write(`${address(i)}\t${lists}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}
