// Runs the tcex command from the TypeScript sources, so tests see the current code whatever dist/ holds.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const REPO = resolve('.');
const MAIN = resolve('src/cli/main.ts');
export const TSX = pathToFileURL(createRequire(resolve('package.json')).resolve('tsx')).href;

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tcex <args>`; the environment is minimal unless given, so the caller's TC_* variables do not leak in. */
export function tcex(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
      cwd: options.cwd ?? REPO,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CI: '1', ...(options.env ?? {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** The newest modification time of the files under a folder. */
function newestUnder(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const DIST_FILES = ['dist/src/index.js', 'dist/src/app/index.js', 'dist/src/testing/index.js', 'packages/platform/dist/src/platform/index.js'];
// the two packages' builds (the platform's console bundle is left out: the tests that need it run from source)
const BUILDS = ['tsconfig.build.json', 'packages/platform/tsconfig.build.json'];
const distIsCurrent = (): boolean =>
  DIST_FILES.every((f) => existsSync(resolve(f))) && statSync(resolve(DIST_FILES[0])).mtimeMs >= newestUnder(resolve('src'));

/**
 * Builds dist/ of both packages as `npm install` does: generated projects resolve `tcex` (and through it
 * `@tcex/platform`) to the compiled packages. Several test files
 * need it and run in parallel, and one may be packaging dist/ while another rebuilds it (a zip then sees a file
 * change size): so dist/ is rebuilt only when src/ is newer, by one test file at a time (a lock folder).
 */
export async function buildDist(): Promise<void> {
  if (distIsCurrent()) return;
  const lock = resolve('dist.build-lock');
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} has been held for 3 minutes: remove it if no test is running`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (distIsCurrent()) return;
    const tsc = createRequire(resolve('package.json')).resolve('typescript/bin/tsc');
    // Type errors elsewhere in a tree that is being worked on still emit; what matters is that the files exist.
    for (const project of BUILDS) spawnSync(process.execPath, [tsc, '-p', project], { cwd: REPO, stdio: 'ignore' });
    for (const file of DIST_FILES) {
      if (!existsSync(resolve(file))) throw new Error(`build did not produce ${file}`);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
