// The platform's v3 essentials over HTTP with HMAC: TQL, fields, next-link paging, nested writes, v3 errors.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../../helpers/platform.js';
import type { TcClient } from '../../../src/client/index.js';

const tp = usePlatform();
let tc: TcClient;

async function call(method: string, path: string, body?: unknown, query?: Record<string, string | string[]>) {
  const res = await tc.request({ method, path, body: body as any, query, allowErrorStatus: true, retries: 0 });
  return { status: res.status, json: res.json() };
}

/** Follows next links from a first page; returns every page's data length and all items. */
async function walk(path: string, query: Record<string, string | string[]>) {
  const sizes: number[] = [];
  const items: any[] = [];
  let page = await call('GET', path, undefined, query);
  for (;;) {
    assert.equal(page.status, 200, JSON.stringify(page.json));
    sizes.push(page.json.data.length);
    items.push(...page.json.data);
    if (!page.json.next) break;
    const next = new URL(page.json.next);
    assert.equal(next.origin, tp.handle.origin);
    page = await call('GET', next.pathname.replace(/^\/api/, '') + next.search);
  }
  return { sizes, items };
}

describe('platform v3', () => {
before(async () => {
  tc = tp.client();
  await tp.admin('POST', '/owners', { name: 'Second Source', type: 'Source' });
  const hosts = Array.from({ length: 24 }, (_, i) => `host${String(i).padStart(2, '0')}.example.com`);
  for (const [i, hostName] of hosts.entries()) {
    const tags = i % 3 === 0 ? { data: [{ name: 'Crimeware' }] } : undefined;
    const r = await call('POST', '/v3/indicators', { type: 'Host', hostName, rating: i % 6, confidence: i * 4, tags });
    assert.equal(r.status, 201, JSON.stringify(r.json));
  }
  for (const [ip, rating] of [['10.0.0.1', 1], ['10.0.0.2', 5]] as const) {
    assert.equal((await call('POST', '/v3/indicators', { type: 'Address', ip, rating })).status, 201);
  }
  const url = await call('POST', '/v3/indicators', { type: 'URL', text: 'http://example.com/p?q="1"&r=a:b/c' });
  assert.equal(url.status, 201, JSON.stringify(url.json));
});

describe('v3 listing', () => {
  test('next links page through every item, keep the query, and stop on an exactly full last page', async () => {
    const hosts = await walk('/v3/indicators', { tql: 'typeName = "Host"', resultLimit: '8', owner: 'Example Organization' });
    assert.deepEqual(hosts.sizes, [8, 8, 8]); // 24 items: no fourth, empty page
    assert.equal(new Set(hosts.items.map((i) => i.id)).size, 24);
    assert.ok(hosts.items.every((i) => i.type === 'Host'));

    // without owner= every owner the user belongs to is listed (the filtered path)
    const all = await walk('/v3/indicators', { resultLimit: '10' });
    assert.deepEqual(all.sizes, [10, 10, 7]);
    assert.deepEqual(all.items.map((i) => i.id), [...all.items.map((i) => i.id)].sort((a, b) => a - b));

    const second = await call('GET', '/v3/indicators', undefined, { resultStart: '10', resultLimit: '10', tql: 'rating >= 0' });
    assert.match(second.json.prev, /resultStart=0&resultLimit=10/);
    assert.match(second.json.next, /tql=rating\+%3E%3D\+0/);
    assert.equal(second.json.count, undefined);
    const counted = await call('GET', '/v3/indicators', undefined, { count: 'true', resultLimit: '1', tql: 'typeName in ("Address","URL")' });
    assert.equal(counted.json.count, 3);
    assert.equal(counted.json.prev, undefined);
  });

  test('each TQL operator, tags, owners, and/or with parentheses', async () => {
    const ids = async (tql: string) => (await walk('/v3/indicators', { tql, resultLimit: '100' })).items.map((i) => i.summary);
    assert.deepEqual(await ids('summary = "HOST01.example.com"'), ['host01.example.com']);
    assert.deepEqual(await ids('typeName = "Host" and rating > 4'), ['host05.example.com', 'host11.example.com', 'host17.example.com', 'host23.example.com']);
    assert.equal((await ids('typeName = "Host" and rating != 0')).length, 20);
    assert.deepEqual(await ids('confidence <= 4'), ['host00.example.com', 'host01.example.com']);
    assert.deepEqual(await ids('confidence GEQ 88'), ['host22.example.com', 'host23.example.com']);
    assert.deepEqual(await ids('summary in ("10.0.0.1", "10.0.0.2")'), ['10.0.0.1', '10.0.0.2']);
    assert.equal((await ids('typeName not in ("Host")')).length, 3);
    assert.deepEqual(await ids('summary startswith "host2"'), ['host20.example.com', 'host21.example.com', 'host22.example.com', 'host23.example.com']);
    assert.deepEqual(await ids('summary contains "p?q=\\"1\\""'), ['http://example.com/p?q="1"&r=a:b/c']);
    assert.deepEqual(await ids('tag = "crimeware" and confidence > 60'), ['host18.example.com', 'host21.example.com']);
    assert.deepEqual(await ids('(typeName = "Address" and rating = 5) or summary endswith "23.example.com"'), ['host23.example.com', '10.0.0.2']);
    assert.equal((await ids('ownerName = "Example Organization" and dateAdded > "2000-01-01"')).length, 27);
    assert.deepEqual(await ids('ownerName = "Second Source"'), []);
    assert.equal((await ids('lastModified < "2000-01-01"')).length, 0);
    const byId = await ids('id = 1');
    assert.deepEqual(byId, ['host00.example.com']);
  });

  test('unsupported keywords and bad queries are 400 v3 errors naming them', async () => {
    const r = await call('GET', '/v3/indicators', undefined, { tql: 'calScore >= 500 and hasGroup(id in (10,15))' });
    assert.equal(r.status, 400);
    assert.equal(r.json.status, 'Error');
    assert.equal(r.json.errCode, '0x1001');
    assert.match(r.json.message, /keyword calScore is not supported by the local platform for indicators/);
    const syntax = await call('GET', '/v3/groups', undefined, { tql: 'name = "x" and' });
    assert.equal(syntax.status, 400);
    assert.match(syntax.json.message, /Invalid TQL: expected a keyword or "\(" at position 15, found the end of the query/);
    const fields = await call('GET', '/v3/indicators', undefined, { fields: ['tags', 'colourScheme'] });
    assert.equal(fields.status, 400);
    assert.match(fields.json.message, /Invalid fields: colourScheme/);
    const paging = await call('GET', '/v3/indicators', undefined, { resultLimit: '10001' });
    assert.equal(paging.status, 400);
    assert.equal(paging.json.status, 'Error');
    const sorting = await call('GET', '/v3/indicators', undefined, { sorting: 'colour desc' });
    assert.match(sorting.json.message, /Invalid sorting: unknown keyword "colour"/);
  });

  test('sorting orders the whole result before paging', async () => {
    const r = await walk('/v3/indicators', { tql: 'typeName = "Host"', sorting: 'confidence desc', resultLimit: '5', owner: 'Example Organization' });
    assert.equal(r.items[0].summary, 'host23.example.com');
    assert.equal(r.items[23].summary, 'host00.example.com');
  });

  test('OPTIONS describes the TQL keywords and the fields', async () => {
    const tql = await call('OPTIONS', '/v3/indicators/tql');
    assert.ok(tql.json.data.some((k: any) => k.keyword === 'summary' && k.type === 'StringLower'));
    const fields = await call('OPTIONS', '/v3/groups/fields');
    assert.deepEqual(fields.json.data.map((f: any) => f.name).sort(), ['assignments', 'associatedGroups', 'associatedIndicators', 'associatedVictimAssets', 'attributes', 'securityLabels', 'tags']);
  });
});

describe('v3 items', () => {
  test('create is an upsert; nested tags, attributes and labels append, replace and delete', async () => {
    const first = await call('POST', '/v3/indicators', {
      type: 'EmailAddress',
      address: 'Bad@Example.COM',
      rating: 2,
      tags: { data: [{ name: 'One' }, { name: 'Two' }] },
      attributes: { data: [{ type: 'Description', value: 'first', default: true }] },
      securityLabels: { data: [{ name: 'TLP:AMBER' }] },
    });
    assert.equal(first.status, 201);
    assert.equal(first.json.message, 'Created');
    assert.equal(first.json.data.address, 'Bad@example.com');
    assert.equal(first.json.data.description, 'first');
    const again = await call('POST', '/v3/indicators', { type: 'EmailAddress', address: 'Bad@EXAMPLE.com', confidence: 70, tags: { data: [{ name: 'Three' }] } });
    assert.equal(again.status, 200);
    assert.equal(again.json.message, 'Updated');
    assert.equal(again.json.data.id, first.json.data.id);
    const id = first.json.data.id;
    const read = async () => (await call('GET', `/v3/indicators/${id}`, undefined, { fields: ['tags', 'attributes', 'securityLabels'] })).json.data;
    let item = await read();
    assert.deepEqual(item.tags.data.map((t: any) => t.name), ['One', 'Three', 'Two']);
    assert.equal(item.rating, 2);
    assert.equal(item.confidence, 70);
    assert.deepEqual(item.securityLabels.data.map((l: any) => [l.name, l.owner]), [['TLP:AMBER', 'System']]);

    const put = await call('PUT', `/v3/indicators/${id}`, {
      rating: 4,
      tags: { data: [{ name: 'Only' }], mode: 'replace' },
      securityLabels: { data: [{ name: 'TLP:AMBER' }], mode: 'delete' },
      attributes: { data: [{ id: item.attributes.data[0].id }], mode: 'delete' },
      observations: 3,
    });
    assert.equal(put.json.message, 'Updated');
    item = await read();
    assert.deepEqual(item.tags.data.map((t: any) => t.name), ['Only']);
    assert.deepEqual(item.securityLabels.data, []);
    assert.deepEqual(item.attributes.data, []);
    assert.equal(item.rating, 4);
    const obs = await call('GET', `/v3/indicators/${id}`, undefined, { fields: 'observations' });
    assert.equal(obs.json.data.observations, 3);

    const bad = await call('PUT', `/v3/indicators/${id}`, { tags: { data: [{ name: 'x' }], mode: 'merge' } });
    assert.equal(bad.status, 400);
    assert.match(bad.json.message, /tags\.mode: must be append, replace or delete, got "merge"/);
    const badRating = await call('PUT', `/v3/indicators/${id}`, { rating: 9 });
    assert.equal(badRating.status, 400);
    assert.equal(badRating.json.errCode, '0x1001');
    assert.match(badRating.json.message, /rating/);
    assert.equal((await read()).rating, 4, 'a refused update changes nothing');
  });

  test('indicators by id, by summary (encoded) and by any File hash; 404 in the v3 shape', async () => {
    const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
    const file = await call('POST', '/v3/indicators', { type: 'File', md5, sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' });
    assert.equal(file.status, 201, JSON.stringify(file.json));
    assert.equal((await call('GET', `/v3/indicators/${md5}`)).json.data.id, file.json.data.id);
    assert.equal((await call('GET', '/v3/indicators/DA39A3EE5E6B4B0D3255BFEF95601890AFD80709')).json.data.md5, md5.toUpperCase());
    const url = await call('GET', `/v3/indicators/${encodeURIComponent('http://example.com/p?q="1"&r=a:b/c')}`);
    assert.equal(url.json.data.text, 'http://example.com/p?q="1"&r=a:b/c');
    const missing = await call('GET', '/v3/indicators/424242');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { status: 'Error', message: 'The requested resource was not found' });
    const del = await call('DELETE', `/v3/indicators/${file.json.data.id}`);
    assert.deepEqual(del.json, { message: 'Deleted', status: 'Success' });
    assert.equal((await call('GET', `/v3/indicators/${md5}`)).status, 404);
  });

  test('groups: create with required fields, associations both ways, xid lookup, TQL on names and tags', async () => {
    const missing = await call('POST', '/v3/groups', { type: 'Email', name: 'No subject' });
    assert.equal(missing.status, 400);
    assert.match(missing.json.message, /subject/);
    const adversary = await call('POST', '/v3/groups', { type: 'Adversary', name: 'Bad Panda', xid: 'panda-1', tags: { data: [{ name: 'APT' }] } });
    assert.equal(adversary.status, 201, JSON.stringify(adversary.json));
    const incident = await call('POST', '/v3/groups', {
      type: 'Incident',
      name: 'Breach',
      eventDate: '2024-02-03T04:05:06-01:00',
      status: 'Open',
      associatedGroups: { data: [{ id: adversary.json.data.id }] },
      associatedIndicators: { data: [{ type: 'Host', summary: 'c2.example.net' }] },
    });
    assert.equal(incident.status, 201, JSON.stringify(incident.json));
    assert.equal(incident.json.data.eventDate, '2024-02-03T05:05:06Z');
    assert.equal(incident.json.data.upVoteCount, '0');
    const view = await call('GET', `/v3/groups/${incident.json.data.id}`, undefined, { fields: ['associatedGroups', 'associatedIndicators'] });
    assert.deepEqual(view.json.data.associatedGroups.data.map((g: any) => g.name), ['Bad Panda']);
    assert.deepEqual(view.json.data.associatedIndicators.data.map((i: any) => i.summary), ['c2.example.net']);
    const byXid = await call('GET', '/v3/groups/panda-1', undefined, { owner: 'Example Organization', fields: 'associatedGroups' });
    assert.deepEqual(byXid.json.data.associatedGroups.data.map((g: any) => g.name), ['Breach']);

    const found = await walk('/v3/groups', { tql: '(summary startswith "bad" or summary = "breach") and typeName in ("Adversary", "Incident")' });
    assert.deepEqual(found.items.map((g) => g.name).sort(), ['Bad Panda', 'Breach']);
    assert.deepEqual((await walk('/v3/groups', { tql: 'tag = "APT"' })).items.map((g) => g.name), ['Bad Panda']);

    const renamed = await call('PUT', `/v3/groups/${incident.json.data.id}`, { name: 'Breach 2', status: 'Closed', associatedGroups: { data: [{ id: adversary.json.data.id }], mode: 'delete' } });
    assert.equal(renamed.json.data.status, 'Closed');
    const after = await call('GET', `/v3/groups/${adversary.json.data.id}`, undefined, { fields: 'associatedGroups' });
    assert.deepEqual(after.json.data.associatedGroups.data, []);
    const badStatus = await call('PUT', `/v3/groups/${incident.json.data.id}`, { status: 'Sleeping' });
    assert.equal(badStatus.status, 400);
    assert.match(badStatus.json.message, /status/);
    assert.equal((await call('DELETE', `/v3/groups/${adversary.json.data.id}`)).json.message, 'Deleted');
  });

  test('owners: read-only members cannot write, other owners\' items stay hidden', async () => {
    const user = await tp.admin('POST', '/users', { owners: [{ name: 'Common Community', role: 'Read Only User' }] });
    const reader = tp.client({ accessId: user.userName, secretKey: user.secretKey });
    const write = await reader.request({
      method: 'POST',
      path: '/v3/indicators',
      body: { type: 'Host', hostName: 'nope.example.com', ownerName: 'Common Community' },
      allowErrorStatus: true,
    });
    assert.equal(write.status, 401);
    assert.equal(write.json().status, 'Error');
    assert.match(write.json().message, /access was denied/);
    const hidden = await reader.request({ path: '/v3/indicators/1', allowErrorStatus: true });
    assert.equal(hidden.status, 404);
    const none = await reader.request({ path: '/v3/indicators', query: { tql: 'typeName = "Host"' } });
    assert.deepEqual(none.json().data, []);
    const foreign = await reader.request({ path: '/v3/indicators', query: { owner: 'Example Organization' }, allowErrorStatus: true });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.json().status, 'Error');
  });
});

describe('v3 File hashes: PUT with mode merge and delete', () => {
  const md5 = '0cc175b9c0f1b6a831c399e269772661';
  const sha1 = '86f7e437faa5a7fce15d1ddcb9eaeaea377667b8';
  const sha256 = 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb';
  const up = (h: string) => h.toUpperCase();
  let fileId = 0;
  // a second File of the owner holds this sha1
  const otherSha1 = 'e9d71f5ee7c92d6dc9e92ffdad17b8bd49418f98';

  before(async () => {
    const file = await call('POST', '/v3/indicators', { type: 'File', md5, rating: 3 });
    assert.equal(file.status, 201, JSON.stringify(file.json));
    fileId = file.json.data.id;
    const other = await call('POST', '/v3/indicators', { type: 'File', sha1: otherSha1 });
    assert.equal(other.status, 201, JSON.stringify(other.json));
  });

  const hashes = async () => {
    const r = await call('GET', `/v3/indicators/${fileId}`);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    return { md5: r.json.data.md5, sha1: r.json.data.sha1, sha256: r.json.data.sha256, summary: r.json.data.summary, rating: r.json.data.rating };
  };

  test('merge adds hashes (the File is then found by each), delete removes them, other fields stay', async () => {
    const merged = await call('PUT', `/v3/indicators/${fileId}`, { sha1, sha256, mode: 'merge' });
    assert.equal(merged.status, 200, JSON.stringify(merged.json));
    assert.deepEqual(await hashes(), { md5: up(md5), sha1: up(sha1), sha256: up(sha256), summary: `${up(md5)} : ${up(sha1)} : ${up(sha256)}`, rating: 3 });
    assert.equal((await call('GET', `/v3/indicators/${sha256}`)).json.data.id, fileId);
    // merging a hash the File has already changes nothing
    assert.equal((await call('PUT', `/v3/indicators/${fileId}`, { md5: up(md5), mode: 'merge' })).status, 200);

    const deleted = await call('PUT', `/v3/indicators/${fileId}`, { md5, sha1, mode: 'delete' });
    assert.equal(deleted.status, 200, JSON.stringify(deleted.json));
    assert.deepEqual(await hashes(), { md5: undefined, sha1: undefined, sha256: up(sha256), summary: up(sha256), rating: 3 });
    assert.equal((await call('GET', `/v3/indicators/${md5}`)).status, 404, 'the deleted hash no longer finds the File');

    // without mode the hashes of a body are identity: ignored on update, so a GET written back changes nothing
    const roundTrip = await call('PUT', `/v3/indicators/${fileId}`, { ...(await call('GET', `/v3/indicators/${fileId}`)).json.data, md5 });
    assert.equal(roundTrip.status, 200, JSON.stringify(roundTrip.json));
    assert.equal((await hashes()).summary, up(sha256));
    // a create with mode merge is the usual upsert: the hash joins the File holding the others
    const created = await call('POST', '/v3/indicators', { type: 'File', md5, sha256, mode: 'merge' });
    assert.equal(created.status, 200, JSON.stringify(created.json));
    assert.equal(created.json.data.id, fileId);
    assert.equal((await hashes()).summary, `${up(md5)} : ${up(sha256)}`);
  });

  const refused: Array<[name: string, body: () => Record<string, unknown>, message: RegExp]> = [
    ['an unknown mode', () => ({ sha1, mode: 'append' }), /^mode: must be merge or delete, got "append"$/],
    ['a mode without a hash', () => ({ rating: 1, mode: 'merge' }), /^mode: merge needs the md5, sha1 or sha256 to merge$/],
    ['a hash of the wrong form', () => ({ sha1: 'xyz', mode: 'merge' }), /^sha1: "xyz" is not a SHA-1 hash$/],
    ['a hash of another kind', () => ({ sha1: md5, mode: 'merge' }), /^sha1: "0cc175b9c0f1b6a831c399e269772661" is not a SHA-1 hash$/],
    ['merging over a hash of the same kind', () => ({ md5: 'e1671797c52e15f763380b45e841ec32', mode: 'merge' }), /^md5: the File already has md5 [0-9A-F]{32}; delete it before merging E1671797C52E15F763380B45E841EC32$/],
    ['merging a hash another File holds', () => ({ sha1: otherSha1, mode: 'merge' }), /^sha1: E9D71F5EE7C92D6DC9E92FFDAD17B8BD49418F98 belongs to another File of the owner \(id \d+\)$/],
    ['deleting a hash the File does not have', () => ({ sha1, mode: 'delete' }), /^sha1: the File has no sha1 86F7E437FAA5A7FCE15D1DDCB9EAEAEA377667B8$/],
    ['deleting every hash', () => ({ md5, sha256, mode: 'delete' }), /^mode: deleting md5, sha256 would leave the File without a hash$/],
  ];
  for (const [name, body, message] of refused) {
    test(`refused with a 400 naming the field, nothing written: ${name}`, async () => {
      const before = await hashes();
      const r = await call('PUT', `/v3/indicators/${fileId}`, body());
      assert.equal(r.status, 400, JSON.stringify(r.json));
      assert.equal(r.json.errCode, '0x1001');
      assert.match(r.json.message, message);
      assert.deepEqual(await hashes(), before);
    });
  }

  test('mode on another indicator type, and delete on a create, are 400s', async () => {
    const host = await call('POST', '/v3/indicators', { type: 'Host', hostName: 'mode.example.com' });
    const r = await call('PUT', `/v3/indicators/${host.json.data.id}`, { mode: 'merge', md5 });
    assert.equal(r.status, 400);
    assert.equal(r.json.message, "mode: only a File's hashes take a mode, this is a Host");
    const c = await call('POST', '/v3/indicators', { type: 'File', sha1, mode: 'delete' });
    assert.equal(c.status, 400);
    assert.match(c.json.message, /^mode: delete removes hashes from an existing File/);
  });
});
});
