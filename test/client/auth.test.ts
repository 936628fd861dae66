import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { hmacHeaders, TcApiError, TcClient, TcConfigError } from '../../src/client/index.js';
import { usePlatform, captureLogger } from '../helpers/platform.js';

const tp = usePlatform();

describe('HMAC auth against the platform', () => {
  test('a signed call lists the default owners', async () => {
    const owners = await tp.client().v2('GET', '/v2/owners');
    assert.equal(owners.resultCount, 2);
    assert.deepEqual(
      owners.owner.map((o: any) => [o.name, o.type]),
      [
        ['Example Organization', 'Organization'],
        ['Common Community', 'Community'],
      ],
    );
  });

  test('an owner name with a space travels encoded and is signed as sent', async () => {
    const data = await tp.client().v2('GET', '/v2/owners/mine', { query: { owner: 'Common Community' } });
    assert.equal(data.owner.name, 'Example Organization');
    const list = await tp.client().request({ path: '/v2/owners', query: { owner: 'Common Community', resultLimit: 1 } });
    assert.equal(list.status, 200);
  });

  test('a wrong secret is refused with the exact message', async () => {
    const client = tp.client({ secretKey: 'b'.repeat(64), retries: 0 });
    await assert.rejects(client.v2('GET', '/v2/owners'), (err: unknown) => {
      assert.ok(err instanceof TcApiError);
      assert.equal(err.status, 401);
      assert.equal(err.serverMessage, 'Signature data did not match expected result');
      assert.equal(err.method, 'GET');
      assert.match(err.url, /\/api\/v2\/owners/);
      return true;
    });
  });

  test('a stale timestamp is refused, and so is a missing one', async () => {
    const path = '/api/v2/owners';
    const stale = hmacHeaders(tp.handle.accessId, tp.handle.secretKey, path, 'GET', Math.floor(Date.now() / 1000) - 301);
    const res = await request(`${tp.handle.origin}${path}`, { headers: stale });
    assert.equal(res.statusCode, 401);
    assert.deepEqual(await res.body.json(), { status: 'Failure', message: 'Timestamp out of acceptable time range' });

    const fresh = hmacHeaders(tp.handle.accessId, tp.handle.secretKey, path, 'GET');
    const res2 = await request(`${tp.handle.origin}${path}`, { headers: { Authorization: fresh.Authorization } });
    assert.equal(res2.statusCode, 401);
    assert.equal(((await res2.body.json()) as any).message, 'Invalid timestamp');
  });

  test('the platform clock decides the window: a skewed client is refused', async () => {
    await tp.admin('POST', '/clock', { offsetMs: 10 * 60 * 1000 });
    try {
      await assert.rejects(tp.client({ retries: 0 }).v2('GET', '/v2/owners'), /Timestamp out of acceptable time range/);
    } finally {
      await tp.admin('POST', '/clock', { offsetMs: 0 });
    }
  });

  test('an unknown access id and a missing header are Access Denied', async () => {
    await assert.rejects(tp.client({ accessId: '99999999999999999999', retries: 0 }).v2('GET', '/v2/owners'), /Access Denied/);
    const res = await request(`${tp.handle.url}/v2/owners`);
    assert.equal(res.statusCode, 401);
    assert.equal(((await res.body.json()) as any).message, 'Access Denied');
  });

  test('signature covers the query: tampering with it after signing is refused', async () => {
    const signed = hmacHeaders(tp.handle.accessId, tp.handle.secretKey, '/api/v2/owners?resultLimit=1', 'GET');
    const res = await request(`${tp.handle.url}/v2/owners?resultLimit=2`, { headers: signed });
    assert.equal(res.statusCode, 401);
    assert.equal(((await res.body.json()) as any).message, 'Signature data did not match expected result');
  });

  test('the legacy base URL without /api works, signing the path without the prefix', async () => {
    const client = tp.client({ apiPath: tp.handle.origin });
    const data = await client.v2('GET', '/v2/owners');
    assert.equal(data.resultCount, 2);
  });
});

describe('owners and membership', () => {
  test('owners/{id}, owners/mine/members and whoami answer in the v2 envelope', async () => {
    const c = tp.client();
    const one = await c.v2('GET', '/v2/owners/2');
    assert.deepEqual(one, { resultCount: 1, owner: { id: 2, name: 'Common Community', type: 'Community' } });
    const members = await c.v2('GET', '/v2/owners/mine/members');
    assert.ok(members.user.some((u: any) => u.userName === tp.handle.accessId));
    const me = await c.v2('GET', '/v2/whoami');
    assert.equal(me.user.userName, tp.handle.accessId);
    assert.equal(me.user.role, 'Api User');
  });

  test('an owner the user does not belong to is refused with 403', async () => {
    await tp.admin('POST', '/owners', { name: 'Private Source', type: 'Source' });
    const outsider = await tp.admin('POST', '/users', { owners: [{ name: 'Example Organization', role: 'Read Only User' }] });
    const c = tp.client({ accessId: outsider.userName, secretKey: outsider.secretKey, retries: 0 });
    const owners = await c.v2('GET', '/v2/owners');
    assert.deepEqual(owners.owner.map((o: any) => o.name), ['Example Organization']);
    await assert.rejects(c.v2('GET', '/v2/owners/mine/members', { query: { owner: 'Private Source' } }), (err: any) => {
      assert.equal(err.status, 403);
      assert.equal(err.serverMessage, 'The requested owner was not found (owner "Private Source" exists, but this user is not a member of it)');
      return true;
    });
    await assert.rejects(c.v2('GET', '/v2/owners/3'), /403/);
    await assert.rejects(c.v2('GET', '/v2/owners/mine/members', { query: { owner: 'No Such Owner' } }), (err: any) => {
      assert.equal(err.status, 403);
      assert.equal(err.serverMessage, 'The requested owner was not found', 'a missing owner is just not found');
      return true;
    });
  });

  test('pagination walks owner pages with resultStart/resultLimit and resultCount only on the first page', async () => {
    const names = ['P1', 'P2', 'P3', 'P4', 'P5'];
    for (const n of names) await tp.admin('POST', '/owners', { name: n, type: 'Source' });
    const u = await tp.admin('POST', '/users', { owners: names.map((name) => ({ name, role: 'Standard User' })) });
    const c = tp.client({ accessId: u.userName, secretKey: u.secretKey, resultLimit: 2 });
    const seen: string[] = [];
    for await (const o of c.paginate<any>('/v2/owners', 'owner')) seen.push(o.name);
    assert.deepEqual(seen, names);
    assert.equal(c.report.results, 5);
    assert.equal(c.report.methods.GET, 3);
    const page2 = await c.v2('GET', '/v2/owners', { query: { resultStart: 2, resultLimit: 2 } });
    assert.equal(page2.resultCount, undefined);
    await assert.rejects(c.v2('GET', '/v2/owners', { query: { resultLimit: 10001 } }), /maximum value for resultLimit is 10000/);
  });

  test('resultLimit outside 1..10000 is a config error naming the field', () => {
    assert.throws(() => tp.client({ resultLimit: 0 }), (err: any) => err instanceof TcConfigError && /resultLimit.*got 0/.test(err.message));
    assert.throws(() => tp.client({ resultLimit: 10001 }), /resultLimit: must be an integer from 1 to 10000, got 10001/);
    assert.throws(() => new TcClient({ apiPath: tp.handle.url }), /credentials/);
  });

  test('createActivityLog=false goes on every call unless asked otherwise', async () => {
    await tp.admin('DELETE', '/requests');
    const { lines, logger } = captureLogger();
    await tp.client({ logger }).v2('GET', '/v2/owners');
    await tp.client({ logger, activityLog: true }).v2('GET', '/v2/owners');
    assert.match(lines[0], /createActivityLog=false/);
    assert.match(lines[1], /createActivityLog=true/);
  });
});

describe('owner metrics', () => {
  test('daily rows for 30 days, counting what the owner holds', async () => {
    const c = tp.client();
    await c.request({ method: 'POST', path: '/v2/indicators/hosts', body: { hostName: 'metrics.example.com', rating: 4, confidence: 50 } });
    await c.request({ method: 'POST', path: '/v2/groups/threats', body: { name: 'Metric Threat' } });
    const all = await c.v2('GET', '/v2/owners/metrics');
    assert.equal(all.resultCount, 30);
    const today = all.ownerMetric[29];
    assert.equal(today.metricDate, new Date().toISOString().slice(0, 10));
    assert.ok(today.totalIndicator >= 1 && today.totalHost >= 1 && today.totalThreat >= 1);
    assert.equal(all.ownerMetric[0].totalHost <= today.totalHost, true);
    const one = await c.v2('GET', '/v2/owners/2/metrics');
    assert.equal(one.ownerMetric[29].totalIndicator, 0, 'the community holds nothing');
    await assert.rejects(c.v2('GET', '/v2/owners/999/metrics'), /The requested owner was not found/);
  });
});
