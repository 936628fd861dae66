// Rewrites imports after the two-package split (issue 17): the admin client moved from src/platform to
// src/contract (the CLI, tcex/testing and the platform all use it, and the SDK package must not ship platform
// files), and the SDK reads the admin-key file's name and env from src/contract/admin-key.ts. Re-run it after
// merging a branch that added files importing the old places: `node scripts/split-imports.mjs` (prints each file
// it changed; `--check` changes nothing and exits 1 when a file would change).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

/** old module (from the root, .ts) → new module, and whether files inside src/platform keep the old one */
const MOVES = [
  { from: 'src/platform/admin-client.ts', to: 'src/contract/admin-client.ts', platformKeeps: false },
  // the platform re-exports these names from its own module: only the SDK side must stop importing it
  { from: 'src/platform/security/admin-key.ts', to: 'src/contract/admin-key.ts', platformKeeps: true, onlyUnder: 'src/' },
];

function files(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) files(full, out);
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

const posix = (p) => p.split(sep).join('/');
const specifierFor = (fromFile, target) => {
  const rel = posix(relative(dirname(fromFile), join(root, target))).replace(/\.ts$/, '.js');
  return rel.startsWith('.') ? rel : `./${rel}`;
};

let changed = 0;
for (const file of ['src', 'test', 'bench', 'examples'].flatMap((d) => files(join(root, d)))) {
  const rel = posix(relative(root, file));
  const text = readFileSync(file, 'utf8');
  const next = text.replace(/(from\s+|import\s*\(\s*|import\s+)(['"])(\.{1,2}\/[^'"]+)\2/g, (whole, lead, quote, spec) => {
    const target = posix(relative(root, resolve(dirname(file), spec))).replace(/\.js$/, '.ts');
    const move = MOVES.find((m) => m.from === target);
    if (!move) return whole;
    if (move.platformKeeps && rel.startsWith('src/platform/')) return whole;
    if (move.onlyUnder && !rel.startsWith(move.onlyUnder)) return whole;
    return `${lead}${quote}${specifierFor(file, move.to)}${quote}`;
  });
  if (next !== text) {
    changed++;
    process.stdout.write(`${check ? 'would rewrite' : 'rewrote'} ${rel}\n`);
    if (!check) writeFileSync(file, next);
  }
}
if (check && changed) process.exit(1);
