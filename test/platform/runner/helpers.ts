// Packages the probe app for runner tests with the framework's packager, and small polling helpers.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { packageApp } from '../../../src/app/index.js';
import type { PlatformHandle } from '../../../src/platform/index.js';
import { adminFetch } from '../../helpers/platform.js';

/** The probe app's .tcx (top folder `Runner_Probe_v1`), as bytes and as a file under `dir`. */
export async function probeTcx(dir?: string): Promise<{ bytes: Buffer; file: string }> {
  const out = dir ?? mkdtempSync(join(tmpdir(), 'tcex-probe-'));
  const { file } = await packageApp(resolve('test/platform/runner/fixtures/probe-app'), { output: out, build: false });
  const bytes = readFileSync(file);
  if (!dir) rmSync(out, { recursive: true, force: true });
  return { bytes, file };
}

export async function installTcx(handle: PlatformHandle, tcx: Buffer): Promise<{ status: number; body: any }> {
  return adminFetch(handle, 'POST', '/apps', { raw: tcx });
}

/** Polls until `check` returns a value (or the time runs out). */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
