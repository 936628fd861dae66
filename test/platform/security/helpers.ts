// Builders for the attacks of the security tests: crafted .tcx packages and a platform in a child process.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { constants as zlibConstants, deflateRawSync } from 'node:zlib';
import { createInterface } from 'node:readline';
import yazl from 'yazl';
import { packageApp } from '../../../src/app/index.js';
import type { PlatformHandle } from '../../../src/platform/index.js';

export interface ZipEntry {
  name: string;
  /** data already deflated (see `deflatedZeros`) and the size it inflates to: written as a deflated entry */
  deflated?: { data: Buffer; size: number };
  /** bytes, or a stream (for entries too big to hold) */
  data?: Buffer | Readable;
  dir?: boolean;
  /** stored instead of deflated */
  store?: boolean;
}

/** A zip made by yazl from `entries`, in that order. */
export async function zipOf(entries: ZipEntry[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) {
    if (e.deflated) zip.addBuffer(e.deflated.data, e.name, { compress: false });
    else if (e.dir) zip.addEmptyDirectory(e.name);
    else if (e.data instanceof Readable) zip.addReadStream(e.data, e.name, { compress: !e.store });
    else zip.addBuffer(e.data ?? Buffer.from(`content of ${e.name}\n`), e.name, { compress: !e.store });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  const out = Buffer.concat(chunks);
  for (const e of entries) if (e.deflated) markDeflated(out, e.name, e.deflated.size);
  return out;
}

/**
 * Turns a stored entry whose bytes are raw deflate data into a deflated one of `size` bytes: the compression method
 * (8) and the uncompressed size in its central directory record and its local header. (The CRC is left as it is:
 * the platform refuses such a package before inflating it, by its declared size.)
 */
function markDeflated(zip: Buffer, name: string, size: number): void {
  const central = zip.lastIndexOf(Buffer.from(name)) - 46;
  if (zip.readUInt32LE(central) !== 0x02014b50) throw new Error(`markDeflated: no central directory record for ${name}`);
  zip.writeUInt16LE(8, central + 10);
  zip.writeUInt32LE(size, central + 24);
  const local = zip.readUInt32LE(central + 42);
  zip.writeUInt16LE(8, local + 8);
  zip.writeUInt32LE(size, local + 22);
}

/**
 * Raw deflate data that inflates to `mebibytes` MiB of zeros, made in milliseconds: one MiB compressed with a full
 * flush (which makes its bytes independent of what came before), repeated, then an empty final block. Deflating
 * a real 1 GiB stream costs about a minute on a loaded machine; the result is the same kind of bytes.
 */
export function deflatedZeros(mebibytes: number): { data: Buffer; size: number } {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: zlibConstants.Z_FULL_FLUSH });
  const final = deflateRawSync(Buffer.alloc(0));
  return { data: Buffer.concat([...Array.from({ length: mebibytes }, () => block), final]), size: mebibytes * 1024 * 1024 };
}

/** `bytes` of zeros as a stream, produced chunk by chunk (never held whole). */
export function zeros(bytes: number): Readable {
  const chunk = Buffer.alloc(1024 * 1024);
  let left = bytes;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const n = Math.min(left, chunk.length);
      left -= n;
      this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
}

/**
 * Renames an entry in a built zip, in its local header and its central directory (names are not covered by the
 * CRC): how names yazl refuses to write (`..`, absolute) get into a package. `from` and `to` must have one length.
 */
export function renameEntry(zip: Buffer, from: string, to: string): Buffer {
  if (from.length !== to.length) throw new Error('renameEntry: names must have the same length');
  const out = Buffer.from(zip);
  let at = out.indexOf(from);
  let count = 0;
  while (at !== -1) {
    out.write(to, at, 'utf8');
    count++;
    at = out.indexOf(from, at + from.length);
  }
  if (count < 2) throw new Error(`renameEntry: ${from} found ${count} times`);
  return out;
}

/** A minimal valid install.json for a crafted package under `folder`. */
export function installJson(folder = 'Crafted_v1'): ZipEntry {
  const body = { displayName: 'Crafted', programLanguage: 'NODE', programMain: 'run', programVersion: '1.0.0', runtimeLevel: 'Organization', params: [] };
  return { name: `${folder}/install.json`, data: Buffer.from(JSON.stringify(body)) };
}

/** The orphan probe app's .tcx (top folder `Orphan_Probe_v1`). */
export async function orphanTcx(): Promise<Buffer> {
  const out = mkdtempSync(join(tmpdir(), 'tcex-orphan-'));
  try {
    const { file } = await packageApp(resolve('test/platform/security/fixtures/orphan-app'), { output: out, build: false });
    return readFileSync(file);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Where the runner of a platform on `dataFile` keeps its files. */
export const runnerDir = (dataFile: string) => `${dataFile}.files/runner`;

export interface ChildPlatform {
  process: ChildProcess;
  handle: PlatformHandle;
}

/** Starts the platform in a child process on `dataFile`; resolves once it listens. */
export async function startChildPlatform(dataFile: string): Promise<ChildPlatform> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('test/platform/security/fixtures/platform-child.ts'), dataFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const line = await new Promise<string>((ok, fail) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', ok);
    child.once('exit', (code) => fail(new Error(`the platform child exited (${code}) before listening: ${stderr}`)));
  });
  return { process: child, handle: JSON.parse(line) as PlatformHandle };
}

/**
 * The live processes (zombies left out: they have ended, only their exit status waits to be collected) as
 * pid, process group and state, from `ps`.
 */
function liveProcesses(): Array<{ pid: number; pgid: number }> {
  const text = execFileSync('ps', ['-eo', 'pid=,pgid=,stat='], { encoding: 'utf8' });
  return text
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 3 && !f[2].startsWith('Z'))
    .map((f) => ({ pid: Number(f[0]), pgid: Number(f[1]) }));
}

/** The process group of a live process; undefined when it is gone. */
export function groupOf(pid: number): number | undefined {
  return liveProcesses().find((p) => p.pid === pid)?.pgid;
}

/** True while any live process belongs to group `pgid`. */
export function groupAlive(pgid: number): boolean {
  return liveProcesses().some((p) => p.pgid === pgid);
}

export function processAlive(pid: number): boolean {
  return liveProcesses().some((p) => p.pid === pid);
}

/** Polls until `check` returns a value (or the time runs out). */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A file the app wrote into its run's out folder, once it is there. */
export function outFile(dataFile: string, runId: number, name: string): Promise<string> {
  const file = join(runnerDir(dataFile), 'runs', String(runId), 'out', name);
  return eventually(() => (existsSync(file) ? readFileSync(file, 'utf8') || undefined : undefined), `run ${runId} writes out/${name}`);
}

/** Asks the platform's /appAuth to renew `token`: the status and the new token, if any. */
export async function renew(origin: string, token: string): Promise<{ status: number; token?: string }> {
  const res = await fetch(`${origin}/api/appAuth?expiredToken=${encodeURIComponent(token)}`);
  const body = (await res.json()) as { apiToken?: string };
  return { status: res.status, token: body.apiToken };
}

/** The status of an API call made with `token`. */
export async function apiStatus(origin: string, token: string): Promise<number> {
  const res = await fetch(`${origin}/api/v2/owners`, { headers: { Authorization: `TC-Token ${token}` } });
  await res.arrayBuffer();
  return res.status;
}
