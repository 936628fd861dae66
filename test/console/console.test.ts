// The web console in a real browser (Debian's Chromium through playwright-core) against a platform that the
// Feodo Tracker feed app, run by the job runner, has just filled. Each page is checked against the REST API and
// photographed at 1280x800 (CONSOLE_SCREENSHOTS=docs/images/console refreshes the docs' pictures).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { adminFetch, usePlatform } from '../helpers/platform.js';
import { packageFeedApp } from '../../src/feed/index.js';
import { sourceOwner, ownerClient, type Credentials } from '../feeds/platform-helpers.js';
import { startBatchJob as runBatch, waitDone } from '../platform/batch/helpers.js';
import { TcApiError } from '../../src/client/index.js';
import { INDICATOR_TYPES, GROUP_TYPES } from '../../src/model/index.js';
import { launchBrowser, screenshotDir, watchPage } from './browser.js';

const tp = usePlatform();
const scratch = mkdtempSync(join(tmpdir(), 'tcex-console-'));
const FEED_OWNER = 'abuse.ch Feodo Tracker';
const KNOWN_IP = '192.0.2.10';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];
let creds: Credentials;
let jobId: number;
let failedBatch: number;
const shots = screenshotDir();

const consoleUrl = () => `${tp.handle.origin}/#key=${encodeURIComponent(tp.handle.adminKey)}`;
const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`) });

/** Polls a check made of locator reads until it holds. */
async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  const pkg = await packageFeedApp(resolve('examples', 'feeds', 'feodo-tracker'), scratch);
  const installed = await adminFetch(tp.handle, 'POST', '/apps', { raw: readFileSync(pkg.file) });
  assert.equal(installed.status, 201, installed.text);
  creds = await sourceOwner(tp, FEED_OWNER);
  const job = await tp.admin('POST', '/jobs', {
    app: 'Feodo_Tracker_Feed_v1',
    name: 'Feodo Tracker hourly',
    userName: creds.accessId,
    schedule: '0 * * * *',
    params: { tc_owner: FEED_OWNER, source: 'sample/ipblocklist.csv' },
  });
  jobId = job.id;
  const run = await tp.admin('POST', `/jobs/${jobId}/run`, { wait: true });
  assert.equal(run.status, 'Success', run.message);

  // a batch job that refuses two of its three items
  const client = tp.client();
  failedBatch = await runBatch(client, {
    indicator: [
      { type: 'Address', summary: '999.1.1.1', xid: 'bad-address' },
      { type: 'Host', summary: 'fine.example.com', xid: 'good-host' },
      { type: 'Address', summary: '203.0.113.9', rating: 9, xid: 'bad-rating' },
    ],
  });
  await waitDone(client, failedBatch);

  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  problems = watchPage(page);
});

after(async () => {
  await browser?.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function restCount(client: ReturnType<typeof ownerClient>, path: string): Promise<number> {
  const data = await client.v2<{ resultCount?: number }>('GET', path, { query: { owner: FEED_OWNER, resultLimit: 1 } });
  return data.resultCount ?? 0;
}

describe('web console', () => {
  test('the page is served with a strict Content-Security-Policy and no secret in it', async () => {
    const res = await fetch(`${tp.handle.origin}/`);
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    const html = await res.text();
    assert.doesNotMatch(html, /<script>|style=/, 'no inline script or style');
    assert.ok(!html.includes(tp.handle.secretKey));
    assert.equal((await fetch(`${tp.handle.origin}/console/..%2F..%2Fpackage.json`)).status, 404);
  });

  test('overview: owner counts per type match the REST API', async () => {
    await page.goto(consoleUrl());
    await page.waitForSelector('[data-testid=owner-counts]');
    assert.doesNotMatch(page.url(), /key=/, 'the key left the address bar');
    const row = page.locator(`tr[data-owner="${FEED_OWNER}"]`);
    const client = ownerClient(tp, creds);
    let checked = 0;
    for (const t of INDICATOR_TYPES) {
      const n = await restCount(client, `/v2/indicators/${t.branch}`);
      const cell = row.locator(`td[data-type="${t.name}"]`).first();
      const shown = (await cell.count()) ? (await cell.innerText()).trim() : '';
      assert.equal(shown, n ? String(n) : '', `${t.name} count`);
      checked += n;
    }
    for (const g of GROUP_TYPES) {
      const n = await restCount(client, `/v2/groups/${g.branch}`);
      const cell = row.locator(`td.num[data-type="${g.name}"]`).last();
      const shown = (await cell.count()) ? (await cell.innerText()).trim() : '';
      assert.equal(shown, n ? String(n) : '', `${g.name} count`);
      checked += n;
    }
    assert.ok(checked > 5, 'the feed filled the owner');
    await page.waitForSelector('[data-testid=ingest-chart] canvas');
    await page.locator('.card', { hasText: 'Recent job runs' }).locator('table').waitFor();
    await shot('overview');
  });

  test('browse: a TQL search finds a known indicator; an invalid query shows the platform error inline', async () => {
    await page.goto(`${tp.handle.origin}/#/browse`);
    await page.selectOption('[data-testid=owner]', { label: FEED_OWNER });
    await page.waitForSelector('[data-testid=results]');
    await page.fill('[data-testid=tql]', `summary = "${KNOWN_IP}"`);
    await page.click('[data-testid=search]');
    await until(async () => (await page.locator('[data-testid=results] tbody tr').count()) === 1 && (await page.locator('[data-testid=results] td.value').first().innerText()) === KNOWN_IP);
    assert.equal(await page.locator('[data-testid=results] tbody tr td.value').innerText(), KNOWN_IP);

    const bad = 'summary = "1.2.3.4" and bogusField > 3';
    const expected = await tp
      .client()
      .request({ method: 'GET', path: '/v3/indicators', query: { tql: bad } })
      .then(
        () => assert.fail('v3 accepted the bad query'),
        (err: TcApiError) => err.message,
      );
    await page.fill('[data-testid=tql]', bad);
    await page.click('[data-testid=search]');
    const error = page.locator('.error[role=alert]');
    await error.waitFor();
    const text = await error.innerText();
    assert.match(text, /Invalid TQL/);
    assert.match(text, /bogusField/);
    assert.ok(expected.includes(text.replace(/^Query refused: /, '')), `the same message as v3: ${expected} / ${text}`);
    await shot('browse-invalid-tql');

    await page.fill('[data-testid=tql]', 'rating >= 0 and summary startswith "19"');
    await page.click('[data-testid=search]');
    await until(async () => (await page.locator('[data-testid=results] tbody tr').count()) > 1);
    await shot('browse');
  });

  test('detail: the indicator lists its tags and associations, and the graph leads to the group', async () => {
    const client = ownerClient(tp, creds);
    const tags = (await client.v2<{ tag: Array<{ name: string }> }>('GET', `/v2/indicators/addresses/${KNOWN_IP}/tags`, { query: { owner: FEED_OWNER } })).tag.map((t) => t.name);
    const groups = (await client.v2<{ group: Array<{ name: string; id: number }> }>('GET', `/v2/indicators/addresses/${KNOWN_IP}/groups`, { query: { owner: FEED_OWNER } })).group;
    assert.ok(tags.length && groups.length, 'the feed tagged and associated the indicator');

    await page.goto(`${tp.handle.origin}/#/browse?tql=${encodeURIComponent(`summary = "${KNOWN_IP}"`)}`);
    await page.selectOption('[data-testid=owner]', { label: FEED_OWNER });
    await page.locator('[data-testid=results] td.value a', { hasText: KNOWN_IP }).click();
    await page.waitForSelector('[data-testid=tags]');
    assert.deepEqual((await page.locator('[data-testid=tags] li').allInnerTexts()).sort(), [...tags].sort());
    const links = await page.locator('[data-testid=associations] li').allInnerTexts();
    for (const g of groups) assert.ok(links.some((l) => l.includes(g.name)), `association ${g.name} listed`);
    assert.ok((await page.locator('[data-testid=attributes] tbody tr').count()) >= 2, 'attributes listed');
    await shot('detail');

    await page.locator(`[data-testid=graph-node][data-kind=group][data-id="${groups[0].id}"]`).click();
    await page.locator('.card h2', { hasText: groups[0].name }).waitFor();
    const back = await page.locator('[data-testid=associations] li').allInnerTexts();
    assert.ok(back.some((l) => l.includes(KNOWN_IP)), 'the group lists the indicator');
    await shot('detail-group');
  });

  test('batch jobs: a failed job shows its errors with the failing items', async () => {
    await page.goto(`${tp.handle.origin}/#/batch`);
    await page.waitForSelector(`[data-testid=batch-jobs] tr[data-job="${failedBatch}"]`);
    assert.match(await page.locator(`tr[data-job="${failedBatch}"]`).innerText(), /Partial/);
    await shot('batch-jobs');
    await page.locator(`tr[data-job="${failedBatch}"] a`).first().click();
    await page.waitForSelector('[data-testid=batch-errors]');
    const rows = await page.locator('[data-testid=batch-errors] tbody tr').allInnerTexts();
    assert.equal(rows.length, 2);
    assert.ok(rows.some((r) => r.includes('999.1.1.1')), 'the bad address is named');
    assert.ok(rows.some((r) => r.includes('203.0.113.9')), 'the bad rating is named');
    await shot('batch-job');
  });

  test('job runner: apps, jobs with schedule and next run; run now starts a run whose log appears', async () => {
    await page.goto(`${tp.handle.origin}/#/runner`);
    await page.waitForSelector('[data-testid=jobs]');
    const apps = await page.locator('[data-testid=apps]').innerText();
    assert.match(apps, /Feodo/);
    assert.match(apps, /tc_owner|source/);
    const job = page.locator('tr[data-job="Feodo Tracker hourly"]');
    assert.match(await job.innerText(), /0 \* \* \* \*/);
    assert.match(await job.innerText(), /\d{4}-\d\d-\d\d \d\d:00:00/, 'next run shown');
    await shot('runner');

    await job.locator('[data-testid=run-now]').click();
    await page.waitForURL(/#\/runs\/\d+/);
    await until(async () => /\S/.test(await page.locator('[data-testid=run-log]').innerText()), 20_000);
    await until(async () => !/Running/.test(await page.locator('[data-testid=run-status]').innerText()), 30_000);
    assert.match(await page.locator('[data-testid=run-status]').innerText(), /Success/);
    assert.equal(await page.locator('[data-testid=run-exit]').innerText(), '0');
    assert.match(await page.locator('[data-testid=run-message]').innerText(), /unchanged/);
    assert.match(await page.locator('[data-testid=run-log]').innerText(), /INFO/);
    assert.ok(!(await page.locator('[data-testid=run-log]').innerText()).includes(creds.secretKey));
    await shot('run');
  });

  test('faults and requests: a rule is added and removed; the request log shows API calls with their query', async () => {
    await ownerClient(tp, creds).v2('GET', '/v2/indicators', { query: { owner: FEED_OWNER, resultLimit: 3 } });
    await page.goto(`${tp.handle.origin}/#/requests`);
    await page.waitForSelector('[data-testid=requests]');
    await page.locator('[data-testid=requests] td', { hasText: '/v2/indicators?owner=' }).first().waitFor();
    await page.fill('[data-testid=fault-path]', '^/v2/owners$');
    await page.fill('[data-testid=fault-status]', '503');
    await page.click('[data-testid=fault-add]');
    await page.waitForSelector('[data-testid=faults]');
    assert.equal((await tp.admin('GET', '/faults')).faults.length, 1);
    // the rule applies: a REST call fails, and the live log shows it
    const res = await tp.client({ retries: 0 } as never).request({ method: 'GET', path: '/v2/owners', allowErrorStatus: true });
    assert.equal(res.status, 503);
    await page.locator('[data-testid=requests] tr.failed', { hasText: '/v2/owners' }).first().waitFor();
    await shot('faults-requests');
    await page.click('[data-testid=fault-remove]');
    await page.locator('[data-testid=faults]').waitFor({ state: 'detached' });
    assert.equal((await tp.admin('GET', '/faults')).faults.length, 0);
  });

  test('a wrong admin key gets a clear message and no data', async () => {
    const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await other.newPage();
    try {
      await p.goto(`${tp.handle.origin}/#key=not-the-key`);
      const msg = p.locator('[data-testid=key-error]');
      await msg.waitFor();
      assert.match(await msg.innerText(), /refused this admin key/);
      assert.equal(await p.locator('[data-testid=owner-counts]').count(), 0);
      await p.screenshot({ path: join(shots, 'wrong-key.png') });
    } finally {
      await other.close();
    }
  });

  test('the browser reported no CSP violation or script error', () => {
    assert.deepEqual(problems, []);
  });
});
