import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import type { TcClient } from '../../../src/client/index.js';
import { usePlatform } from '../../helpers/platform.js';
import { call, userWithRole } from './helpers.js';

const tp = usePlatform();

describe('owner isolation and read-only members', () => {
  let reader: TcClient;
  let outsider: TcClient;
  let groupId: number;

  before(async () => {
    await tp.admin('POST', '/owners', { name: 'Other Org', type: 'Organization' });
    reader = await userWithRole(tp, 'Example Organization', 'Read Only User');
    outsider = await userWithRole(tp, 'Other Org', 'Organization Administrator');
    const c = tp.client();
    await c.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'private.example.com', rating: 2 } });
    groupId = (await c.v2('POST', '/v2/groups/threats', { body: { name: 'Private threat' } })).threat.id;
    await c.v2('POST', `/v2/groups/threats/${groupId}/tags/Secret`);
  });

  test('a read-only member reads but every write is 401 with the API message, and nothing changes', async () => {
    assert.equal((await reader.v2('GET', '/v2/indicators/hosts/private.example.com')).host.rating, 2);
    const writes: Array<[string, string, unknown, RegExp]> = [
      ['POST', '/v2/indicators/hosts', { hostName: 'new.example.com' }, /^The requested Indicator was not saved - access was denied$/],
      ['PUT', '/v2/indicators/hosts/private.example.com', { rating: 5 }, /^The requested Indicator was not updated - access was denied$/],
      ['DELETE', '/v2/indicators/hosts/private.example.com', undefined, /Indicator was not deleted/],
      ['POST', '/v2/groups/threats', { name: 'x' }, /Group was not saved/],
      ['PUT', `/v2/groups/threats/${groupId}`, { name: 'x' }, /Group was not updated/],
      ['DELETE', `/v2/groups/threats/${groupId}`, undefined, /Group was not deleted/],
      ['POST', `/v2/groups/threats/${groupId}/tags/More`, undefined, /access was denied/],
      ['POST', `/v2/groups/threats/${groupId}/attributes`, { type: 'Comment', value: 'c' }, /access was denied/],
      ['POST', `/v2/groups/threats/${groupId}/indicators/hosts/private.example.com`, undefined, /access was denied/],
      ['POST', '/v2/tasks', { name: 't' }, /Task was not saved/],
      ['POST', '/v2/victims', { name: 'v' }, /Victim was not saved/],
      ['POST', '/v2/tags', { name: 'n' }, /Tag was not saved/],
      ['POST', `/v2/groups/threats/${groupId}/publish`, {}, /access was denied/],
    ];
    for (const [method, path, body, message] of writes) {
      const res = await call(reader, method, path, body);
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(res.body.status, 'Failure');
      assert.match(res.body.message, message);
    }
    const c = tp.client();
    assert.equal((await c.v2('GET', '/v2/indicators/hosts/private.example.com')).host.rating, 2);
    assert.equal((await c.v2('GET', `/v2/groups/threats/${groupId}`)).threat.name, 'Private threat');
    assert.deepEqual((await c.v2('GET', `/v2/groups/threats/${groupId}/tags`)).tag.map((t: any) => t.name), ['Secret']);
  });

  test('another organization sees none of it: 404 by id, empty lists, 403 when naming the owner', async () => {
    assert.equal((await call(outsider, 'GET', `/v2/groups/threats/${groupId}`)).status, 404);
    assert.equal((await call(outsider, 'DELETE', `/v2/groups/threats/${groupId}`)).status, 404);
    assert.equal((await call(outsider, 'GET', '/v2/indicators/hosts/private.example.com')).status, 404);
    assert.equal((await outsider.v2('GET', '/v2/indicators')).resultCount, 0);
    assert.equal((await outsider.v2('GET', '/v2/tags')).resultCount, 0);
    const named = await call(outsider, 'GET', '/v2/indicators', undefined, { query: { owner: 'Example Organization' } });
    assert.equal(named.status, 403);
    assert.deepEqual(named.body, { status: 'Failure', message: 'The requested owner was not found (owner "Example Organization" exists, but this user is not a member of it)' });
    const unknown = await call(tp.client(), 'POST', '/v2/indicators/hosts', { hostName: 'x.example.com' }, { query: { owner: 'No Such Owner' } });
    assert.equal(unknown.status, 403);
    // the same value may live in several owners, each its own indicator
    const mine = await outsider.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'private.example.com', rating: 5 } });
    assert.equal(mine.host.owner.name, 'Other Org');
    assert.equal((await tp.client().v2('GET', '/v2/indicators/hosts/private.example.com')).host.rating, 2);
  });

  test('the owners pivot lists the caller\'s owners holding a value, with itemId on includes=additional', async () => {
    const c = tp.client();
    await c.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'shared.example.com' }, query: { owner: 'Common Community' } });
    await c.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'shared.example.com' } });
    const owners = await c.v2('GET', '/v2/indicators/hosts/shared.example.com/owners', { query: { includes: 'additional' } });
    assert.deepEqual(owners.owner.map((o: any) => o.name).sort(), ['Common Community', 'Example Organization']);
    assert.ok(owners.owner.every((o: any) => /^\d+$/.test(o.itemId)));
    const community = await c.v2('GET', '/v2/indicators/hosts/shared.example.com', { query: { owner: 'Common Community' } });
    assert.equal(community.host.owner.name, 'Common Community');
  });
});

describe('failures are v2 envelopes', () => {
  test('unknown routes, bad JSON, wrong methods and auth failures never leak a stack', async () => {
    const c = tp.client();
    for (const [method, path] of [
      ['GET', '/v2/indicators/nonsense/abc'],
      ['GET', '/v2/groups/threats/not-a-number'],
      ['PATCH', '/v2/indicators'],
      ['GET', '/v2/indicators/hosts/a.example.com/nothing'],
    ]) {
      const res = await call(c, method, path);
      assert.equal(res.status, 404, `${method} ${path}`);
      assert.deepEqual(res.body, { status: 'Failure', message: 'The requested resource was not found' });
    }
    for (const raw of ['{', 'null', '"text"', '[]']) {
      const res = await call(c, 'POST', '/v2/groups/adversaries', raw, { contentType: 'application/json' });
      assert.equal(res.status, 400, raw);
      assert.equal(res.body.status, 'Failure');
      assert.doesNotMatch(res.body.message, /at .*\.ts/);
    }
    const unsigned = await request(`${tp.handle.url}/v2/indicators`);
    assert.equal(unsigned.statusCode, 401);
    assert.equal(((await unsigned.body.json()) as any).status, 'Failure');
  });
});
