// Runs feed apps in-process against a test platform and reads back what the owner holds, over the REST API.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';
import { runJob, type JobOutcome } from '../../src/app/index.js';
import type { TcClient } from '../../src/client/index.js';
import { groupType } from '../../src/model/index.js';
import { adminFetch, type TestPlatform } from '../helpers/platform.js';
import { scanFeed, type FeedReader, type ScanReport, itemKey, type FeedGroup, type FeedIndicator, type FeedItem } from '../../src/feed/index.js';
import { fileThen } from './helpers.js';

export interface Credentials {
  owner: string;
  accessId: string;
  secretKey: string;
}

/** A Source owner and an API user who administers it, so each feed writes to its own owner. */
export async function sourceOwner(tp: TestPlatform, name: string): Promise<Credentials> {
  await tp.admin('POST', '/owners', { name, type: 'Source' });
  const user = await tp.admin('POST', '/users', { owners: [{ name, role: 'Organization Administrator' }], defaultOwner: name });
  return { owner: name, accessId: user.userName, secretKey: user.secretKey };
}

/** Installs a packaged app through the admin interface. */
export async function installApp(tp: TestPlatform, tcxFile: string): Promise<any> {
  const res = await adminFetch(tp.handle, 'POST', '/apps', { raw: readFileSync(tcxFile), contentType: 'application/zip' });
  assert.equal(res.status, 201, res.text);
  return res.body;
}

/** How many indicators and groups an owner holds. */
export async function ownerCounts(tp: TestPlatform, creds: Credentials): Promise<{ indicators: number; groups: number }> {
  const client = ownerClient(tp, creds);
  const indicators = await client.v2<any>('GET', '/v2/indicators', { query: { owner: creds.owner, resultLimit: '1' } });
  const groups = await client.v2<any>('GET', '/v2/groups', { query: { owner: creds.owner, resultLimit: '1' } });
  return { indicators: indicators.resultCount, groups: groups.resultCount };
}

/** A client acting as the owner's API user, reading in large pages. */
export function ownerClient(tp: TestPlatform, creds: Credentials): TcClient {
  return tp.client({ accessId: creds.accessId, secretKey: creds.secretKey, resultLimit: 10_000 });
}

/** Runs a feed app's whole lifecycle in this process, as the platform would start it, with fresh paths. */
export async function runFeed(
  tp: TestPlatform,
  App: Parameters<typeof runJob>[0],
  app: string,
  creds: Credentials,
  params: Record<string, unknown>,
): Promise<JobOutcome> {
  const dir = mkdtempSync(join(tmpdir(), `tcex-feed-${app}-`));
  try {
    return await runJob(App, {
      cwd: resolve('examples', 'feeds', app),
      env: {},
      params: {
        tc_api_path: tp.handle.url,
        tc_api_access_id: creds.accessId,
        tc_api_secret_key: creds.secretKey,
        tc_owner: creds.owner,
        tc_in_path: join(dir, 'in'),
        tc_out_path: join(dir, 'out'),
        tc_temp_path: join(dir, 'temp'),
        tc_log_path: join(dir, 'log'),
        tc_log_level: 'info',
        ...params,
      },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the app should have sent: the feed through the same parse + map + merge, keyed like the platform. */
export async function expectedItems(reader: FeedReader, file: string): Promise<{ items: Map<string, FeedItem>; report: ScanReport }> {
  const items = new Map<string, FeedItem>();
  const report = await scanFeed(() => fileThen(file), reader, (item) => {
    items.set(itemKey(item), item);
  });
  return { items, report };
}

async function all(client: TcClient, path: string, entity: string, query: Record<string, string>): Promise<any[]> {
  const out: any[] = [];
  for await (const item of client.paginate<any>(path, entity, query)) out.push(item);
  return out;
}

const attrSet = (attrs: Array<{ type: string; value: string }> = []) => new Set(attrs.map((a) => `${a.type}=${a.value}`));
const tagSet = (tags: Array<{ name: string } | string> = []) => new Set(tags.map((t) => (typeof t === 'string' ? t : t.name).toLowerCase()));

/**
 * Asserts that the owner holds exactly the expected items: every indicator with its type, rating, confidence,
 * dates, tags and attributes; every group with its tags and attributes; and each group associated to exactly the
 * indicators that name it.
 */
export async function assertOwnerHolds(client: TcClient, owner: string, expected: Map<string, FeedItem>): Promise<void> {
  const wanted = [...expected.values()];
  const indicators = wanted.filter((i): i is FeedIndicator => i.kind === 'indicator');
  const groups = wanted.filter((i): i is FeedGroup => i.kind === 'group');
  const query = { owner, includeTags: 'true', includeAttributes: 'true', includeAdditional: 'true' };

  const held = new Map((await all(client, '/v2/indicators', 'indicator', query)).map((i) => [`${i.type}\t${i.summary}`, i]));
  assert.equal(held.size, indicators.length, `indicators in ${owner}`);
  for (const want of indicators) {
    const got = held.get(itemKey(want));
    assert.ok(got, `missing ${want.type} ${want.summary}`);
    if (want.rating) assert.equal(got.rating, want.rating, `rating of ${want.summary}`);
    if (want.confidence) assert.equal(got.confidence, want.confidence, `confidence of ${want.summary}`);
    if (want.firstSeen) assert.equal(got.firstSeen, want.firstSeen, `firstSeen of ${want.summary}`);
    assert.deepEqual(tagSet(got.tag), tagSet(want.tags), `tags of ${want.summary}`);
    assert.deepEqual(attrSet(got.attribute), attrSet(want.attributes), `attributes of ${want.summary}`);
  }

  const byXid = new Map<string, any>();
  for (const type of new Set(groups.map((g) => g.type))) {
    const info = groupType(type);
    assert.ok(info, `group type ${type}`);
    for (const g of await all(client, `/v2/groups/${info.branch}`, info.entity, query)) byXid.set(g.xid, { ...g, branch: info.branch });
  }
  assert.equal(byXid.size, groups.length, `groups in ${owner}`);
  const members = new Map<string, Set<string>>();
  for (const i of indicators) for (const xid of i.groupXids) members.set(xid, (members.get(xid) ?? new Set()).add(itemKey(i)));
  for (const want of groups) {
    const got = byXid.get(want.xid);
    assert.ok(got, `missing ${want.type} ${want.name}`);
    assert.equal(got.name, want.name);
    assert.deepEqual(tagSet(got.tag), tagSet(want.tags), `tags of ${want.name}`);
    assert.deepEqual(attrSet(got.attribute), attrSet(want.attributes), `attributes of ${want.name}`);
    const linked = await all(client, `/v2/groups/${got.branch}/${got.id}/indicators`, 'indicator', { owner });
    assert.deepEqual(new Set(linked.map((i) => `${i.type}\t${i.summary}`)), members.get(want.xid) ?? new Set(), `indicators associated to ${want.name}`);
  }
}
