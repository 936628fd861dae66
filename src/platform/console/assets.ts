import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PlatformResponse } from '../http/respond.js';

/**
 * The web console's static files, served at `/` (the page) and `/console/*` (its script, styles). They hold no
 * data: every datum comes from `/_platform/console/...`, behind the admin key. From an installed package they are
 * the ones the build put in `dist/console`; when the platform runs from its TypeScript sources (tests, a checkout)
 * they are built on first use with esbuild into `node_modules/.cache/tcex-console/<hash of the sources>`.
 */

// Scripts, styles, images and connections only from this origin; no inline script or style, no framing, no
// plugins, no form posts; the key never leaves through a Referer.
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

export function isConsolePath(rawPath: string): boolean {
  return rawPath === '/' || rawPath === '/index.html' || rawPath.startsWith('/console/');
}

const here = dirname(fileURLToPath(import.meta.url));
const fromSource = import.meta.url.endsWith('.ts');
let assetDir: Promise<string> | undefined;

/** The folder holding index.html, app.js and app.css (built once per process when running from source). */
export function consoleAssetDir(): Promise<string> {
  assetDir ??= fromSource ? buildFromSource() : Promise.resolve(join(here, '..', '..', '..', 'console'));
  return assetDir;
}

async function buildFromSource(): Promise<string> {
  const root = join(here, '..', '..', '..');
  const hash = createHash('sha256');
  for (const file of sourceFiles(join(root, 'console')).concat(join(root, 'scripts', 'build-console.mjs'), join(here, 'types.ts'))) {
    hash.update(file).update(readFileSync(file));
  }
  const cache = join(root, 'node_modules', '.cache', 'tcex-console');
  const dir = join(cache, hash.digest('hex').slice(0, 16));
  if (existsSync(join(dir, 'index.html'))) return dir;
  // built aside and renamed, so parallel test processes never see a half-written folder
  const temp = `${dir}.${process.pid}.tmp`;
  mkdirSync(temp, { recursive: true });
  const { buildConsole } = (await import(pathToFileURL(join(root, 'scripts', 'build-console.mjs')).href)) as {
    buildConsole: (outdir: string) => Promise<void>;
  };
  await buildConsole(temp);
  try {
    renameSync(temp, dir);
  } catch {
    rmSync(temp, { recursive: true, force: true }); // another process won the race: its copy is the same
  }
  return dir;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? sourceFiles(full) : [full];
    });
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

/** The answer for a console path: the file with strict security headers, or a plain 404. */
export async function consoleAsset(rawPath: string): Promise<PlatformResponse> {
  const name = rawPath === '/' || rawPath === '/index.html' ? 'index.html' : rawPath.slice('/console/'.length);
  const notFound = { status: 404, raw: 'Not found\n', headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } };
  // flat folder: a name with a slash, a backslash, an encoded character or a leading dot is never a console file
  if (!/^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/.test(name) || !TYPES[extname(name)]) return notFound;
  let dir: string;
  try {
    dir = await consoleAssetDir();
  } catch (err) {
    return { status: 500, raw: `The console could not be built: ${(err as Error).message}\n`, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } };
  }
  const file = join(dir, name);
  if (!existsSync(file)) {
    if (name === 'index.html') {
      return { status: 503, raw: 'The console is not built: run `npm run build`.\n', headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } };
    }
    return notFound;
  }
  return { status: 200, raw: readFileSync(file), headers: { ...SECURITY_HEADERS, 'Content-Type': TYPES[extname(name)] } };
}
