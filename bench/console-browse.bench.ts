// Console browsing at scale: one owner holding CONSOLE_BENCH_N indicators (default 1,000,000). Each page of
// /_platform/console/items (over HTTP, as the console asks for it) is timed beside the raw better-sqlite3 query
// doing the same walk, and beside what a naive pager would run for the same page (OFFSET, or SQLite's default plan
// for `ORDER BY id`, which sorts all the owner's rows).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminRequest, startPlatform, type PlatformHandle } from '../src/platform/index.js';

const N = Number(process.env.CONSOLE_BENCH_N ?? 1_000_000);
const OWNER = 'Example Organization';
const PAGE = 50;

function seed(platform: PlatformHandle): void {
  const ctx = platform.context;
  const owner = ctx.directory.ownerByName(OWNER)!;
  const insert = ctx.db.prepare(
    'INSERT INTO ti_indicators (owner_id, type, summary, value1, rating, confidence, date_added, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const base = Date.parse('2024-01-01T00:00:00Z');
  ctx.db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const host = i % 4 === 0;
      const summary = host ? `h${i}.example.com` : `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`;
      const date = new Date(base + i * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
      insert.run(owner.id, host ? 'Host' : 'Address', summary, summary, i % 6, (i * 7) % 101, date, date);
    }
  })();
}

async function adminGet(platform: PlatformHandle, path: string, retried = false): Promise<any> {
  let res: Awaited<ReturnType<typeof adminRequest>>;
  try {
    res = await adminRequest(platform, 'GET', path);
  } catch (err) {
    // a kept-alive connection the server closed while a slow reference query ran: one retry on a new one
    if (retried) throw err;
    return adminGet(platform, path, true);
  }
  if (!res.ok) throw new Error(`${path}: ${res.status} ${res.text}`);
  return res.body;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(fn: () => unknown | Promise<unknown>, runs = 7): Promise<number> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

const cursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
const fmt = (ms: number) => `${ms.toFixed(2).padStart(8)} ms`;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tcex-bench-console-'));
  const platform = await startPlatform({ port: 0, quiet: true, dataFile: join(dir, 'platform.db') });
  try {
    let t = performance.now();
    seed(platform);
    console.log(`seeded ${N.toLocaleString()} indicators in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const db = platform.context.db;
    const ownerId = platform.context.directory.ownerByName(OWNER)!.id;
    const deep = Math.floor(N / 2);
    const q = (params: Record<string, string>) => `/console/items?${new URLSearchParams({ owner: OWNER, limit: String(PAGE), ...params })}`;

    const cases: Array<{ label: string; path: string; raw: () => unknown; offset?: () => unknown }> = [];
    // newest first, deep: the key of the row half way down
    const midId = (db.prepare('SELECT id FROM ti_indicators WHERE owner_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?').get(ownerId, deep) as { id: number }).id;
    cases.push({
      label: `newest, page 1`,
      path: q({ sort: 'newest' }),
      raw: () => db.prepare('SELECT id FROM ti_indicators NOT INDEXED WHERE owner_id = ? ORDER BY id DESC LIMIT ?').all(ownerId, PAGE + 1),
      offset: () => db.prepare('SELECT id FROM ti_indicators WHERE owner_id = ? ORDER BY id DESC LIMIT ?').all(ownerId, PAGE + 1),
    });
    cases.push({
      label: `newest, row ${deep.toLocaleString()}`,
      path: q({ sort: 'newest', after: cursor([midId]) }),
      raw: () => db.prepare('SELECT id FROM ti_indicators NOT INDEXED WHERE owner_id = ? AND (id) < (?) ORDER BY id DESC LIMIT ?').all(ownerId, midId, PAGE + 1),
      offset: () => db.prepare('SELECT id FROM ti_indicators WHERE owner_id = ? ORDER BY id DESC LIMIT ? OFFSET ?').all(ownerId, PAGE + 1, deep),
    });
    const midAddr = db
      .prepare("SELECT summary, id FROM ti_indicators WHERE owner_id = ? AND type = 'Address' ORDER BY summary, id LIMIT 1 OFFSET ?")
      .raw()
      .get(ownerId, Math.floor(deep / 2)) as unknown[];
    cases.push({
      label: `Address by value, deep`,
      path: q({ sort: 'value', type: 'Address', after: cursor(midAddr) }),
      raw: () =>
        db
          .prepare("SELECT summary, id FROM ti_indicators WHERE owner_id = ? AND type = 'Address' AND (summary, id) > (?, ?) ORDER BY summary, id LIMIT ?")
          .all(ownerId, ...midAddr, PAGE + 1),
      offset: () =>
        db.prepare("SELECT id FROM ti_indicators WHERE owner_id = ? AND type = 'Address' ORDER BY summary, id LIMIT ? OFFSET ?").all(ownerId, PAGE + 1, Math.floor(deep / 2)),
    });
    cases.push({
      label: 'last modified, page 1',
      path: q({ sort: 'modified' }),
      raw: () => db.prepare('SELECT last_modified, id FROM ti_indicators WHERE owner_id = ? ORDER BY last_modified DESC, id DESC LIMIT ?').all(ownerId, PAGE + 1),
    });
    cases.push({
      label: 'TQL summary startswith',
      path: q({ sort: 'value', type: 'Address', tql: 'summary startswith "10.0.1"' }),
      raw: () =>
        db
          .prepare("SELECT summary, id FROM ti_indicators WHERE owner_id = ? AND type = 'Address' AND summary LIKE '10.0.1%' ORDER BY summary, id LIMIT ?")
          .all(ownerId, PAGE + 1),
    });
    cases.push({
      label: 'TQL contains (row by row)',
      path: q({ sort: 'newest', tql: 'summary contains "76.example"' }),
      raw: () => db.prepare("SELECT id FROM ti_indicators WHERE owner_id = ? AND instr(summary, '76.example') > 0 ORDER BY id DESC LIMIT ?").all(ownerId, PAGE + 1),
    });

    const health = await time(() => adminGet(platform, '/health'));
    console.log(`HTTP round trip of an admin call (GET /_platform/health): ${health.toFixed(2)} ms, part of every console figure`);
    console.log(`${'page of 50'.padEnd(30)} ${'console'.padStart(11)} ${'raw keyset'.padStart(11)} ${'ratio'.padStart(7)}   OFFSET pager`);
    for (const c of cases) {
      const page = await adminGet(platform, c.path);
      if (!Array.isArray(page.rows) || page.rows.length === 0) throw new Error(`${c.label}: empty page`);
      t = await time(() => adminGet(platform, c.path));
      const raw = await time(c.raw);
      const offset = c.offset ? await time(c.offset, 3) : undefined;
      console.log(`${c.label.padEnd(30)} ${fmt(t)} ${fmt(raw)} ${(t / raw).toFixed(1).padStart(6)}x   ${offset === undefined ? '' : fmt(offset)}`);
    }
    const overviewMs = await time(() => adminGet(platform, '/console/overview'), 3);
    const countMs = await time(() => db.prepare('SELECT owner_id, type, COUNT(*) FROM ti_indicators WHERE active = 1 GROUP BY owner_id, type').all(), 3);
    console.log(`${'overview (counts, chart)'.padEnd(30)} ${fmt(overviewMs)} ${fmt(countMs)} ${(overviewMs / countMs).toFixed(1).padStart(6)}x   (reference: the count query alone)`);
  } finally {
    await platform.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
