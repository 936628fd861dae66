// Node 20's test runner does not expand globs, so the test files are found here and handed to it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') continue;
    if (statSync(full).isDirectory()) find(full, out);
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ['test', 'examples'];
const files = roots
  .filter((r) => existsSync(r))
  .flatMap((r) => (statSync(r).isDirectory() ? find(r) : [r]))
  .sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const args = ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000'];
if (!process.stdout.isTTY || process.env.CI) args.push('--test-reporter=spec');
const res = spawnSync(process.execPath, [...args, ...files], { stdio: 'inherit' });
process.exit(res.status ?? 1);
