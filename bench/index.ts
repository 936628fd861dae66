// `npm run bench [name ...]`: runs every bench/*.bench.ts (or the ones named) one after another and prints their
// figures, each beside its same-run reference (bench/report.ts). Each benchmark module exports `run(): Promise<void>` and prints its own lines. Benchmarks measure; they
// do not pass or fail.
import { readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { machine } from './report.js';
import { takeDataOption } from './data.js';

const here = dirname(fileURLToPath(import.meta.url));

function selected(args: string[]): string[] {
  const all = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  if (!args.length) return all.map((f) => join(here, f));
  return args.map((a) => {
    const name = basename(a).replace(/(\.bench)?\.ts$/, '');
    const hit = all.find((f) => f === `${name}.bench.ts`);
    if (!hit) throw new Error(`no benchmark named ${JSON.stringify(a)}; have: ${all.map((f) => f.replace('.bench.ts', '')).join(', ')}`);
    return resolve(here, hit);
  });
}

const files = selected(takeDataOption(process.argv.slice(2)));
const [load] = loadavg();
console.log(`${machine()}${load > cpus().length * 0.5 ? ' (busy machine: absolute figures are depressed; the ratios to the same-run references are what to compare)' : ''}`);
let failed = 0;
for (const file of files) {
  const name = basename(file, '.bench.ts');
  console.log(`\n== ${name}`);
  const started = performance.now();
  try {
    const mod = (await import(pathToFileURL(file).href)) as { run?: () => Promise<void>; default?: () => Promise<void> };
    const run = mod.run ?? mod.default;
    if (typeof run !== 'function') throw new Error(`${name} exports no run()`);
    await run();
  } catch (err) {
    failed++;
    console.log(`${name}: could not run: ${(err as Error).stack ?? err}`);
  }
  console.log(`(${name} took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
if (failed) process.exitCode = 1;
