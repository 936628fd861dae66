import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { adminFetch, usePlatform } from '../../helpers/platform.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { enc } from './helpers.js';

const tp = usePlatform();

const adminRaw = (method: string, path: string, body?: unknown) => adminFetch(tp.handle, method, path, { json: body });

describe('admin state: seed from JSON, export to JSON', () => {
  test('a hand-written seed file loads, with associations by file ids and metadata by name', async () => {
    const seed = {
      version: 1,
      owners: [{ name: 'Seed Source', type: 'Source' }],
      securityLabels: [{ name: 'Internal', description: 'ours only', color: '0000FF' }],
      groups: [
        { id: 500, owner: 'Example Organization', type: 'Adversary', name: 'Seeded Adversary', xid: 'seed-1', tags: ['Seeded'], attributes: [{ type: 'Description', value: 'from seed', displayed: true }] },
      ],
      indicators: [
        { id: 700, owner: 'Example Organization', type: 'Host', summary: 'seeded.example.com', rating: 4, confidence: 70, tags: ['Seeded'], securityLabels: ['Internal'] },
        { owner: 'Seed Source', type: 'Address', summary: '203.0.113.9' },
      ],
      associations: [{ from: { kind: 'group', id: 500 }, to: { kind: 'indicator', id: 700 } }],
    };
    const res = await tp.admin('POST', '/state', seed);
    assert.deepEqual(res, { ok: true, indicators: 2, groups: 1, victims: 0, associations: 1 });
    const c = tp.client();
    const host = await c.v2('GET', '/v2/indicators/hosts/seeded.example.com', { query: { includes: 'labels,tags' } });
    assert.equal(host.host.id, 700);
    assert.equal(host.host.rating, 4);
    assert.deepEqual(host.host.securityLabel.map((l: any) => l.name), ['Internal']);
    assert.equal((await c.v2('GET', '/v2/groups/adversaries/500/indicators')).indicator[0].summary, 'seeded.example.com');
    assert.equal((await c.v2('GET', '/v2/tags/Seeded/groups')).group[0].name, 'Seeded Adversary');
  });

  test('a bad file is refused whole with 400 naming the place, and nothing changes', async () => {
    const before = await tp.admin('GET', '/state');
    const bad = await adminRaw('POST', '/state', {
      indicators: [
        { owner: 'Example Organization', type: 'Host', summary: 'fine.example.com' },
        { owner: 'Example Organization', type: 'Address', summary: '10.0.0.1', rating: 9 },
      ],
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /^indicators\[1\].*rating/);
    const badOwner = await adminRaw('POST', '/state?replace=true', { groups: [{ owner: 'Nobody', type: 'Threat', name: 'x' }] });
    assert.equal(badOwner.status, 400);
    assert.match(badOwner.body.error, /groups\[0\]\.owner: unknown owner "Nobody"/);
    const notJson = await adminFetch(tp.handle, 'POST', '/state', { raw: Buffer.from('{oops'), contentType: 'application/json' });
    assert.equal(notJson.status, 400);
    assert.deepEqual(await tp.admin('GET', '/state'), before, 'nothing changed, not even by replace=true');
  });

  test('export → reset → import → export gives the same JSON', async () => {
    const c = tp.client();
    await c.v2('POST', '/v2/indicators/files', { body: { md5: 'f'.repeat(32), sha256: 'e'.repeat(64), size: 10 } });
    const file = `/v2/indicators/files/${'F'.repeat(32)}`;
    await c.v2('POST', `${file}/fileOccurrences`, { body: { fileName: 'a.dll', path: 'C:\\Windows', date: '2017-07-13T00:00:00-05:00' } });
    await c.v2('POST', `${file}/observations`, { body: { count: 3 } });
    await c.v2('POST', `${file}/falsePositive`);
    const attr = (await c.v2('POST', `${file}/attributes`, { body: { type: 'Source', value: 'sandbox', displayed: true } })).attribute;
    await c.v2('POST', `${file}/attributes/${attr.id}/securityLabels/${enc('TLP:AMBER')}`);
    await c.v2('POST', '/v2/indicators/urls', { body: { text: 'http://gone.example/' } });
    await c.v2('DELETE', `/v2/indicators/urls/${enc('http://gone.example/')}`);
    const doc = (await c.v2('POST', '/v2/groups/documents', { body: { name: 'Doc', fileName: 'd.bin' } })).document;
    await c.request({ method: 'POST', path: `/v2/groups/documents/${doc.id}/upload`, body: Buffer.from([1, 2, 3]) });
    const task = (await c.v2('POST', '/v2/tasks', { body: { name: 'T', assignee: [{ userName: tp.handle.accessId }], dueDate: '2030-01-01' } })).task;
    await c.v2('POST', `/v2/groups/documents/${doc.id}/tasks/${task.id}`);
    const v = (await c.v2('POST', '/v2/victims', { body: { name: 'V', org: 'O' } })).victim;
    const asset = (await c.v2('POST', `/v2/victims/${v.id}/victimAssets/networkAccounts`, { body: { account: 'jd', network: 'AD' } })).victimNetworkAccount;
    await c.v2('POST', `/v2/groups/documents/${doc.id}/victimAssets/networkAccounts/${asset.id}`);
    await c.v2('POST', `/v2/groups/adversaries/500/adversaryAssets/handles`, { body: { handle: 'h4x' } });
    await c.v2('POST', '/v2/indicators/addresses', { body: { ip: '192.0.2.1' } });
    await c.v2('POST', '/v2/indicators/addresses/192.0.2.1/associations/dnsPtrRecord/indicators/hosts/seeded.example.com');

    const first = await tp.admin('GET', '/state');
    assert.ok(first.indicators.length >= 4);
    assert.ok(first.associations.some((a: any) => a.type === 'dnsPtrRecord'));
    assert.equal(first.deletedIndicators.length, 1);
    assert.ok(JSON.stringify(first).indexOf(tp.handle.secretKey) < 0, 'no secrets in the export');

    await tp.admin('POST', '/reset');
    assert.equal((await c.v2('GET', '/v2/indicators')).resultCount, 0);
    await tp.admin('POST', '/state', first);
    const second = await tp.admin('GET', '/state');
    assert.deepEqual(second, first);
    assert.deepEqual([...(await c.request({ path: `/v2/groups/documents/${doc.id}/download` })).body], [1, 2, 3]);
    const occ = await c.v2('GET', `${file}/fileOccurrences`);
    assert.equal(occ.fileOccurrence[0].path, 'C:\\Windows');
  });

  test('the seed file example in docs/platform.md loads', async () => {
    const doc = readFileSync(join(process.cwd(), 'docs', 'platform.md'), 'utf8');
    const block = /A seed file names[\s\S]*?```json\n([\s\S]*?)```/.exec(doc);
    assert.ok(block, 'the example is in the docs');
    const res = await tp.admin('POST', '/state', JSON.parse(block[1]));
    assert.equal(res.indicators, 1);
    const c = tp.client();
    const host = await c.v2('GET', '/v2/indicators/hosts/bad.example.com', { query: { owner: 'Acme Feed', includes: 'labels' } });
    assert.equal(host.host.description, 'C2');
    assert.deepEqual(host.host.securityLabel.map((l: any) => l.name), ['TLP:AMBER']);
  });

  test('after an admin reset the TI tables are empty and cached tag and label ids are forgotten', async () => {
    const c = tp.client();
    await c.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'before-reset.example.com' } });
    await c.v2('POST', '/v2/indicators/hosts/before-reset.example.com/tags/Cached');
    await tp.admin('POST', '/reset');
    const empty = await tp.admin('GET', '/state');
    assert.deepEqual([empty.indicators, empty.groups, empty.victims, empty.tags, empty.associations], [[], [], [], [], []]);
    assert.equal(empty.securityLabels.length, 6, 'the TLP labels are seeded again');
    await c.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'after-reset.example.com' } });
    await c.v2('POST', '/v2/indicators/hosts/after-reset.example.com/tags/Cached');
    await c.v2('POST', `/v2/indicators/hosts/after-reset.example.com/securityLabels/${enc('TLP:RED')}`);
    assert.deepEqual((await c.v2('GET', '/v2/tags/Cached/indicators')).indicator.map((i: any) => i.summary), ['after-reset.example.com']);
  });
});

test('replace=true takes the very file that is loaded (checked against a fresh platform, not the current data)', async () => {
  const c = tp.client();
  await c.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'replace-same.example.com', rating: 2 } });
  await c.v2('POST', '/v2/groups/adversaries', { body: { name: 'Replace Same', xid: 'replace-same-1' } });
  const state = await tp.admin('GET', '/state');
  const res = await tp.admin('POST', '/state?replace=true', state);
  assert.equal(res.ok, true);
  assert.deepEqual(await tp.admin('GET', '/state'), state);
});
