// The console's admin endpoints without a browser: keyset pages that cover every row once in each order, TQL
// answered like v3, refusals naming the field, the live request log, and the console URL in the start banner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { usePlatform } from '../helpers/platform.js';
import { tiStore, TRUSTED_WRITER } from '../../src/platform/store/index.js';
import type { BrowsePage, BrowseSort, ItemDetail } from '../../src/platform/console/types.js';
import { LINKS_PER_KIND } from '../../src/platform/console/detail.js';

const tp = usePlatform();
const OWNER = 'Example Organization';

function seed(): { ids: number[] } {
  const ctx = tp.handle.context;
  const store = tiStore(ctx);
  const owner = ctx.directory.ownerByName(OWNER)!;
  const ids: number[] = [];
  store.transaction(() => {
    for (let i = 0; i < 620; i++) {
      const host = i % 3 === 0;
      const { id } = store.indicators.upsert(owner.id, {
        type: host ? 'Host' : 'Address',
        summary: host ? `h${(i * 7919) % 1000}.example.com` : `10.0.${Math.floor(i / 250)}.${i % 250}`,
        rating: i % 6,
      });
      ids.push(id);
      if (i % 5 === 0) store.meta.addTag({ kind: 'indicator', id }, owner.id, 'Every Fifth');
    }
    const group = store.groups.create(owner.id, { type: 'Incident', name: 'Big incident', eventDate: '2024-01-01' });
    for (const id of ids.slice(0, LINKS_PER_KIND + 5)) store.associations.associate({ kind: 'group', id: group.id }, { kind: 'indicator', id }, '', TRUSTED_WRITER);
  });
  return { ids };
}

async function walk(sort: BrowseSort, extra: Record<string, string> = {}): Promise<BrowsePage['rows']> {
  const rows: BrowsePage['rows'] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const q = new URLSearchParams({ owner: OWNER, sort, limit: '97', ...extra, ...(after ? { after } : {}) });
    const page = await tp.admin<BrowsePage>('GET', `/console/items?${q}`);
    rows.push(...page.rows);
    if (!page.next) return rows;
    after = page.next;
  }
  throw new Error('too many pages');
}

test('keyset pages cover every indicator exactly once, in the order asked, for every sort', async () => {
  const { ids } = seed();
  const byId = [...ids].sort((a, b) => a - b);
  assert.deepEqual((await walk('oldest')).map((r) => r.id), byId);
  assert.deepEqual((await walk('newest')).map((r) => r.id), [...byId].reverse());
  const value = await walk('value');
  assert.equal(value.length, ids.length);
  const key = (r: BrowsePage['rows'][number]) => `${r.type}\u0000${r.summary}`;
  assert.deepEqual(value.map(key), value.map(key).sort(), 'type, then value');
  assert.deepEqual((await walk('valueDesc')).map((r) => r.id), value.map((r) => r.id).reverse());
  assert.equal(new Set((await walk('modified')).map((r) => r.id)).size, ids.length);
  const hosts = await walk('value', { type: 'Host' });
  assert.ok(hosts.length > 100 && hosts.every((r) => r.type === 'Host'));
});

test('an owner too large to sort per page is walked in id order, interleaved with another owner', async () => {
  const ctx = tp.handle.context;
  const store = tiStore(ctx);
  const big = ctx.directory.createOwner('Big Source', 'Source');
  const small = ctx.directory.createOwner('Small Source', 'Source');
  const ids: number[] = [];
  store.transaction(() => {
    for (let i = 0; i < 5_300; i++) {
      ids.push(store.indicators.upsert(big.id, { type: 'Address', summary: `172.16.${i >> 8}.${i & 255}` }).id);
      if (i % 100 === 0) store.indicators.upsert(small.id, { type: 'Address', summary: `172.17.${i >> 8}.${i & 255}` });
    }
  });
  const walkOwner = async (owner: string, sort: BrowseSort) => {
    const out: number[] = [];
    let after: string | undefined;
    do {
      const page = await tp.admin<BrowsePage>('GET', `/console/items?${new URLSearchParams({ owner, sort, limit: '500', ...(after ? { after } : {}) })}`);
      out.push(...page.rows.map((r) => r.id));
      after = page.next;
    } while (after);
    return out;
  };
  assert.deepEqual(await walkOwner('Big Source', 'newest'), [...ids].reverse());
  assert.deepEqual(await walkOwner('Big Source', 'oldest'), ids);
  assert.equal((await walkOwner('Small Source', 'newest')).length, 53);
});

test('TQL answers as v3 does, also for parts checked row by row (tags, or, contains)', async () => {
  const client = tp.client();
  for (const tql of ['rating >= 4 and summary startswith "10.0.1"', 'tag = "Every Fifth" or summary contains "h99"', 'summary contains ".2." and rating < 2']) {
    const viaConsole = (await walk('oldest', { tql })).map((r) => r.id);
    const v3: number[] = [];
    let start = 0;
    for (;;) {
      const res = (await client.request({ method: 'GET', path: '/v3/indicators', query: { tql, owner: OWNER, resultStart: start, resultLimit: 500 } })).json() as { data: Array<{ id: number }>; next?: string };
      v3.push(...res.data.map((d) => d.id));
      if (!res.next) break;
      start += 500;
    }
    assert.ok(viaConsole.length > 0, tql);
    assert.deepEqual(viaConsole, v3.sort((a, b) => a - b), tql);
  }
});

test('bad queries, cursors and ids are 400s naming the field; an invalid TQL carries the v3 message', async () => {
  const refused = (path: string) => tp.admin('GET', path).then(() => assert.fail(`${path} accepted`), (err: Error) => err.message);
  const tql = 'summary = "a" and nosuch > 3';
  const v3 = await tp
    .client()
    .request({ method: 'GET', path: '/v3/indicators', query: { tql }, allowErrorStatus: true })
    .then((r) => (r.json() as { message: string }).message);
  assert.match(v3, /nosuch/);
  assert.match(await refused(`/console/items?owner=${encodeURIComponent(OWNER)}&tql=${encodeURIComponent(tql)}`), new RegExp(`400: \\{"error":${JSON.stringify(v3).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\}`));
  assert.match(await refused(`/console/items?owner=${encodeURIComponent(OWNER)}&after=nonsense`), /400: .*after: not a cursor/);
  assert.match(await refused('/console/items?owner=Nobody'), /400: .*owner: unknown owner \\"Nobody\\"/);
  assert.match(await refused(`/console/items?owner=1&sort=sideways`), /400: .*sort/);
  assert.match(await refused('/console/items/indicator/abc'), /400: .*id: not an id/);
  assert.match(await refused('/console/items/indicator/999999'), /404/);
  // nothing under /console writes
  assert.match(await tp.admin('POST', '/console/overview', {}).then(() => 'accepted', (err: Error) => err.message), /404/);
});

test('a group with many associations lists the first ones and says how many more', async () => {
  const group = tiStore(tp.handle.context).groups.list({ type: 'Incident' }).items.find((g) => g.name === 'Big incident')!;
  const detail = await tp.admin<ItemDetail>('GET', `/console/items/group/${group.id}`);
  assert.equal(detail.associations.length, LINKS_PER_KIND);
  assert.deepEqual(detail.moreAssociations, { indicator: 5 });
});

test('the request log: only entries after the last seen, query kept, tokens masked', async () => {
  const before = (await tp.admin('GET', '/console/requests?after=0&limit=1')).last as number;
  await tp.client().v2('GET', '/v2/owners', { query: { resultLimit: 2 } });
  await fetch(`${tp.handle.url}/appAuth?expiredToken=secret-token-value`);
  const page = await tp.admin('GET', `/console/requests?after=${before}`);
  assert.deepEqual(page.requests.map((r: any) => `${r.method} ${r.path}`), ['GET /v2/owners', 'GET /appAuth']);
  assert.match(page.requests[0].query, /^resultLimit=2/);
  assert.equal(page.requests[1].query, 'expiredToken=***');
  assert.ok(page.requests.every((r: any) => r.seq > before && typeof r.durationMs === 'number'));
});

test('the console files are served with their types; anything else there is a 404', async () => {
  const js = await fetch(`${tp.handle.origin}/console/app.js`);
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
  assert.match(js.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  for (const path of ['/console/app.ts', '/console/.env', '/console/%2e%2e%2fpackage.json', '/console/../package.json']) {
    assert.equal((await fetch(`${tp.handle.origin}${path}`)).status, 404, path);
  }
});

test('`tcex platform start` prints the console URL, and it serves the console', async () => {
  const child = spawn(process.execPath, ['bin/tcex.js', 'platform', 'start', '--port', '0', '--memory'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no console line: ${out}`)), 60_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Console:\s+(\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/#key=[^&?]+$/);
    assert.doesNotMatch(url, /\?/, 'never in the query');
    const page = await fetch(url.replace(/#.*$/, ''));
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script type="module" src="\/console\/app.js">/);
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
  }
});
