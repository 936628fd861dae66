// REST reads: single-indicator GETs (v2) and list pages (v2 and v3, 100 per page) from 50 concurrent clients over
// loopback, each measurement bounded in requests and time; then one client paging through the whole list (50,000
// indicators) with resultLimit 10,000, as an app's presence check does with client.paginate. Reference, in the same run: a minimal node:http server
// answering the same queries from the same SQLite file (opened read-only beside the platform) with the same JSON
// shape, without authentication, routing, permissions or validation. Both are loaded by the same signed client.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { Pool } from 'undici';
import { startPlatform } from '../src/platform/index.js';
import { TcClient } from '../src/client/index.js';
import { hmacHeaders } from '../src/core/hmac.js';
import { BatchApi } from '../src/batch/api.js';
import { jobConfig } from '../src/batch/settings.js';
import { sleep } from '../src/core/sleep.js';
import { figure, fmt, machine, percentile } from './report.js';

const INDICATORS = 50_000;
/** the platform's default batch limit is 25,000 indicators per job */
const PER_JOB = 25_000;
const BIG_PAGE = 10_000;
const WALKS = 2;
const CLIENTS = 50;
const REQUESTS = 4_000;
const PAGE_REQUESTS = 1_000;
const SECONDS = 15;
const PAGE = 100;

const ip = (n: number) => `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

interface Row {
  id: number;
  owner_id: number;
  type: string;
  summary: string;
  rating: number | null;
  confidence: number | null;
  date_added: string;
  last_modified: string;
  private_flag: number;
  active: number;
  active_locked: number;
}

/** The reference server: the three queries, answered straight from SQLite in the platform's JSON shapes. */
function referenceServer(file: string, base: string): Promise<{ server: Server; url: string; db: Database.Database }> {
  const db = new Database(file, { readonly: true });
  const owner = db.prepare('SELECT id, name, type FROM owners WHERE id = 1').get() as { id: number; name: string; type: string };
  const one = db.prepare("SELECT * FROM ti_indicators WHERE owner_id = 1 AND type = 'Address' AND summary = ?");
  const page = db.prepare("SELECT * FROM ti_indicators WHERE owner_id = 1 AND type = 'Address' AND active = 1 ORDER BY id LIMIT ? OFFSET ?");
  const v3page = db.prepare('SELECT * FROM ti_indicators WHERE owner_id = 1 AND active = 1 ORDER BY id LIMIT ? OFFSET ?');
  const score = (r: Row) => Math.round((r.rating ?? 0) * (r.confidence ?? 0) * 2);
  const legacy = (r: Row) => `${base}/auth/indicators/details/address.xhtml?address=${r.summary}&owner=${encodeURIComponent(owner.name).replace(/%20/g, '+')}`;
  const v2 = (r: Row) => ({
    id: r.id,
    ownerName: owner.name,
    dateAdded: r.date_added,
    lastModified: r.last_modified,
    rating: r.rating,
    confidence: r.confidence,
    threatAssessRating: r.rating,
    threatAssessConfidence: r.confidence,
    threatAssessScore: score(r),
    webLink: legacy(r),
    ip: r.summary,
  });
  const v3 = (r: Row) => ({
    id: r.id,
    ownerId: r.owner_id,
    ownerName: owner.name,
    dateAdded: r.date_added,
    webLink: `${base}/#/details/indicators/${r.id}/overview`,
    type: r.type,
    lastModified: r.last_modified,
    summary: r.summary,
    privateFlag: r.private_flag === 1,
    active: r.active === 1,
    activeLocked: r.active_locked === 1,
    rating: r.rating,
    confidence: r.confidence,
    ip: r.summary,
    legacyLink: legacy(r),
  });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const start = Number(url.searchParams.get('resultStart') ?? 0);
    const limit = Number(url.searchParams.get('resultLimit') ?? PAGE);
    let body: unknown;
    if (url.pathname.startsWith('/api/v2/indicators/addresses/')) {
      const r = one.get(decodeURIComponent(url.pathname.slice('/api/v2/indicators/addresses/'.length))) as Row | undefined;
      body = r ? { status: 'Success', data: { address: { ...v2(r), owner, ownerName: undefined } } } : undefined;
    } else if (url.pathname === '/api/v2/indicators/addresses') {
      body = { status: 'Success', data: { address: (page.all(limit, start) as Row[]).map(v2) } };
    } else if (url.pathname === '/api/v3/indicators') {
      body = { data: (v3page.all(limit, start) as Row[]).map(v3), status: 'Success' };
    }
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(body ? JSON.stringify(body) : '{"status":"Failure"}');
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, db, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

interface Load {
  perSecond: number;
  p50: number;
  p99: number;
  requests: number;
  failed: number;
}

interface Walk {
  rows: number;
  ms: number;
}

/** One client reading every page of a list in turn, BIG_PAGE rows a page, until a short page. */
async function walk(origin: string, credentials: { accessId: string; secretKey: string }, path: string, count: (body: string) => number): Promise<Walk> {
  const pool = new Pool(origin, { connections: 1 });
  const started = performance.now();
  let rows = 0;
  try {
    for (let start = 0; ; start += BIG_PAGE) {
      const p = `/api${path}?resultStart=${start}&resultLimit=${BIG_PAGE}`;
      const res = await pool.request({ origin, path: p, method: 'GET', headers: hmacHeaders(credentials.accessId, credentials.secretKey, p, 'GET') });
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`${p} answered ${res.statusCode}: ${text.slice(0, 200)}`);
      const n = count(text);
      rows += n;
      if (n < BIG_PAGE) break;
    }
  } finally {
    await pool.close();
  }
  if (rows !== INDICATORS) throw new Error(`${origin}${path}: ${rows} rows paged through, expected ${INDICATORS}`);
  return { rows, ms: performance.now() - started };
}

/** CLIENTS workers over CLIENTS connections, until REQUESTS are answered or SECONDS pass. */
async function load(origin: string, credentials: { accessId: string; secretKey: string }, path: (i: number) => string, requests: number): Promise<Load> {
  const pool = new Pool(origin, { connections: CLIENTS, pipelining: 1 });
  const latencies: number[] = [];
  let issued = 0;
  let failed = 0;
  const until = performance.now() + SECONDS * 1000;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (issued < requests && performance.now() < until) {
          const p = `/api${path(issued++)}`;
          const t = performance.now();
          try {
            const res = await pool.request({ origin, path: p, method: 'GET', headers: hmacHeaders(credentials.accessId, credentials.secretKey, p, 'GET') });
            const text = await res.body.text();
            if (res.statusCode !== 200) throw new Error(`${p} answered ${res.statusCode}: ${text.slice(0, 200)}`);
            latencies.push(performance.now() - t);
          } catch (err) {
            // counted and shown, not fatal: a busy shared machine can drop a loopback connection
            if (failed++ === 0) console.log(`rest reads: a request failed: ${(err as Error).message}`);
          }
        }
      }),
    );
  } finally {
    await pool.close();
  }
  return { perSecond: latencies.length / ((performance.now() - started) / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99), requests: latencies.length, failed };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tcex-bench-reads-'));
  const file = join(dir, 'platform.db');
  const platform = await startPlatform({ port: 0, quiet: true, dataFile: file });
  const client = new TcClient({ apiPath: platform.url, accessId: platform.accessId, secretKey: platform.secretKey });
  let reference: Awaited<ReturnType<typeof referenceServer>> | undefined;
  try {
    const api = new BatchApi(client);
    for (let base = 0; base < INDICATORS; base += PER_JOB) {
      const items = Array.from({ length: Math.min(PER_JOB, INDICATORS - base) }, (_, n) => JSON.stringify({ summary: ip(base + n), type: 'Address', rating: 3, confidence: 60 }));
      const status = await api.createAndUpload(jobConfig({ owner: 'Example Organization', attributeWriteType: 'Append' }), Buffer.from(`{"indicator":[${items.join(',')}]}`));
      for (let done = status; done.status !== 'Completed'; done = await api.status(status.id)) await sleep(50);
    }
    reference = await referenceServer(file, new URL(platform.url).origin);
    const credentials = { accessId: platform.accessId, secretKey: platform.secretKey };
    const pages = INDICATORS / PAGE;
    const cases: Array<[string, (i: number) => string, number]> = [
      ['single-indicator GET v2 /v2/indicators/addresses/{ip}', (i) => `/v2/indicators/addresses/${ip((i * 7919) % INDICATORS)}`, REQUESTS],
      [`v2 list page of ${PAGE} /v2/indicators/addresses`, (i) => `/v2/indicators/addresses?resultStart=${((i * 37) % pages) * PAGE}&resultLimit=${PAGE}`, PAGE_REQUESTS],
      [`v3 list page of ${PAGE} /v3/indicators`, (i) => `/v3/indicators?resultStart=${((i * 37) % pages) * PAGE}&resultLimit=${PAGE}`, PAGE_REQUESTS],
    ];
    for (const [what, path, requests] of cases) {
      const ref = await load(reference.url, credentials, path, requests);
      const ours = await load(new URL(platform.url).origin, credentials, path, requests);
      figure('rest reads', {
        what: `${what}, ${CLIENTS} concurrent clients, ${fmt(INDICATORS)} indicators on a SQLite file`,
        ours: ours.perSecond,
        reference: ref.perSecond,
        unit: 'requests/s',
        target: 0.6,
        note: `p50/p99 ours ${ours.p50.toFixed(1)}/${ours.p99.toFixed(1)} ms, reference ${ref.p50.toFixed(1)}/${ref.p99.toFixed(1)} ms (${ours.requests} and ${ref.requests} requests${ours.failed + ref.failed ? `, ${ours.failed} and ${ref.failed} failed` : ''})`,
      });
    }
    const walks: Array<[string, string, (body: string) => number]> = [
      ['v2 /v2/indicators/addresses', '/v2/indicators/addresses', (b) => (JSON.parse(b) as { data: { address: unknown[] } }).data.address.length],
      ['v3 /v3/indicators', '/v3/indicators', (b) => (JSON.parse(b) as { data: unknown[] }).data.length],
    ];
    for (const [what, path, count] of walks) {
      const ref: Walk[] = [];
      const ours: Walk[] = [];
      // alternated, so that both meet the same moments of a shared machine's load
      for (let i = 0; i < WALKS; i++) {
        ref.push(await walk(reference.url, credentials, path, count));
        ours.push(await walk(new URL(platform.url).origin, credentials, path, count));
      }
      const rate = (w: Walk[]) => w.reduce((n, x) => n + x.rows, 0) / (w.reduce((t, x) => t + x.ms, 0) / 1000);
      const ms = (w: Walk[]) => w.map((x) => fmt(x.ms)).join(', ');
      figure('rest reads', {
        what: `${what} paged through with resultLimit ${fmt(BIG_PAGE)} by one client, ${fmt(INDICATORS)} indicators on a SQLite file, ${WALKS} walks each`,
        ours: rate(ours),
        reference: rate(ref),
        unit: 'rows/s',
        target: 0.6,
        note: `a walk of ${Math.ceil(INDICATORS / BIG_PAGE)} pages took ours ${ms(ours)} ms, reference ${ms(ref)} ms`,
      });
    }
  } finally {
    await client.close();
    if (reference) {
      await new Promise((r) => reference!.server.close(r));
      reference.db.close();
    }
    await platform.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(machine());
  await run();
}
