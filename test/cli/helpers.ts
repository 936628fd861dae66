// Runs the tcex command from the TypeScript sources, so tests see the current code whatever dist/ holds.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
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

/** Builds dist/ as `npm install` does: generated projects resolve `tcex` to the compiled package. */
export function buildDist(): void {
  const tsc = createRequire(resolve('package.json')).resolve('typescript/bin/tsc');
  // Type errors elsewhere in a tree that is being worked on still emit; what matters is that the files exist.
  spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: REPO, stdio: 'ignore' });
  for (const file of ['dist/src/index.js', 'dist/src/app/index.js', 'dist/src/platform/index.js']) {
    if (!existsSync(resolve(file))) throw new Error(`build did not produce ${file}`);
  }
}
