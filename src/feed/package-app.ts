import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { packageApp, tcexPackage } from '../app/index.js';

/**
 * Bundles a feed app (`src/run.ts` and everything it imports: the feed kit, the framework, its dependencies) into
 * one ES module, so the packaged app needs no node_modules and no build on the platform.
 */
export async function bundleApp(appDir: string, outFile: string): Promise<void> {
  const { build } = await import('esbuild');
  const entry = join(appDir, 'src', 'run.ts');
  if (!existsSync(entry)) throw new Error(`${appDir}: no src/run.ts to bundle`);
  await build({
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    absWorkingDir: resolve(appDir),
    logLevel: 'error',
    legalComments: 'none',
    // CommonJS dependencies inside an ES module bundle still call require() for Node built-ins
    banner: { js: "import { createRequire as __tcexCreateRequire } from 'node:module'; const require = __tcexCreateRequire(import.meta.url);" },
    external: ['better-sqlite3'],
    // the runtime logs and sends its version; in a bundle there is no tcex package.json to read it from
    define: { 'globalThis.__TCEX_VERSION__': JSON.stringify(tcexPackage().version) },
  });
}

export interface PackagedApp {
  /** the .tcx written */
  file: string;
  /** `<app_name>_v<major>`: the app's identity on the platform */
  folder: string;
  displayName: string;
}

/**
 * Builds the .tcx of a feed app with the framework's packager: a staged copy of the app folder (its sources left
 * out) gets `dist/run.js`, the bundle, and `packageApp` writes `<app_name>_v<major>.tcx` holding install.json, the
 * Feed Deployer job file, README, sample data, package.json and the bundle. Staging keeps the source tree clean
 * and lets several packagings of one app run at once.
 */
export async function packageFeedApp(appDir: string, outDir: string): Promise<PackagedApp> {
  const staging = mkdtempSync(join(tmpdir(), 'tcex-feed-package-'));
  try {
    cpSync(appDir, staging, { recursive: true, filter: (from) => !/[\\/](src|dist|target|node_modules)$/.test(from) });
    const installJson = JSON.parse(readFileSync(join(staging, 'install.json'), 'utf8'));
    await bundleApp(appDir, join(staging, installJson.programMain));
    const result = await packageApp(staging, { output: resolve(outDir), build: false });
    return { file: result.file, folder: result.folder, displayName: installJson.displayName };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
