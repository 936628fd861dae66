// Builds the web console (console/src, Preact + uPlot) into one script, one stylesheet and the page.
// `node scripts/build-console.mjs [outdir]` writes packages/platform/dist/console by default (the platform package's
// build passes it); the platform calls
// buildConsole(dir) itself when it runs from the TypeScript sources.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildConsole(outdir) {
  const { build } = await import('esbuild');
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { app: join(root, 'console', 'src', 'main.tsx') },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: false,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir,
    logLevel: 'warning',
    legalComments: 'linked',
  });
  copyFileSync(join(root, 'console', 'index.html'), join(outdir, 'index.html'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? join(root, 'packages', 'platform', 'dist', 'console'));
  await buildConsole(out);
  process.stdout.write(`console built into ${out}\n`);
}
