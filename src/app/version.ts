import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { root: string; version: string } | undefined;

/** The tcex package this code belongs to (found by walking up from this file, in src/ or dist/ alike). */
export function tcexPackage(): { root: string; version: string } {
  if (cached) return cached;
  // an app bundled into one file (feed apps' dist/run.js) has no tcex package.json above it: the bundler writes
  // the version in (bundleApp defines globalThis.__TCEX_VERSION__)
  const bundled = (globalThis as { __TCEX_VERSION__?: unknown }).__TCEX_VERSION__;
  if (typeof bundled === 'string') return (cached = { root: dirname(fileURLToPath(import.meta.url)), version: bundled });
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8'));
        if (pkg.name === 'tcex') return (cached = { root: dir, version: String(pkg.version) });
      } catch {
        // keep walking up
      }
    }
    dir = dirname(dir);
  }
  return (cached = { root: dirname(fileURLToPath(import.meta.url)), version: '0.0.0' });
}

export function userAgent(app?: { displayName?: string; programVersion?: string }): string {
  const base = `tcex-ts/${tcexPackage().version}`;
  return app?.displayName ? `${base}, ${app.displayName}/${app.programVersion ?? '0.0.0'}` : base;
}
