// Headless Chromium for the console tests: Debian's `chromium` package (installed by .ci/run), driven by
// playwright-core. Never a browser download.
import { existsSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(`no Chromium found (tried ${candidates.join(', ')}): install Debian's chromium package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start
  return chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
}

/** Where page screenshots go: CONSOLE_SCREENSHOTS (e.g. docs/images/console to refresh the docs), else a temp folder. */
export function screenshotDir(): string {
  const dir = process.env.CONSOLE_SCREENSHOTS ?? join(tmpdir(), 'tcex-console-shots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Collects what the page reports on its console: CSP violations and script errors must never appear. */
export function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  return problems;
}
