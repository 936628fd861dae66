import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../../helpers/platform.js';
import { call, enc } from './helpers.js';

const tp = usePlatform();

describe('v2 indicators: create, read, update, delete', () => {
  test('an Address round-trips: POST 201 typed item with owner{}, GET, PUT, DELETE, then 404', async () => {
    const c = tp.client();
    const made = await call(c, 'POST', '/v2/indicators/addresses', { ip: '192.168.0.1', rating: 5.0, confidence: 100 });
    assert.equal(made.status, 201);
    const a = made.body.data.address;
    assert.equal(a.ip, '192.168.0.1');
    assert.equal(a.rating, 5);
    assert.equal(a.confidence, 100);
    assert.deepEqual(Object.keys(a.owner).sort(), ['id', 'name', 'type']);
    assert.equal(a.owner.name, 'Example Organization');
    assert.equal(a.summary, undefined, 'typed items carry value fields, not summary');
    assert.match(a.dateAdded, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

    const got = await c.v2('GET', '/v2/indicators/addresses/192.168.0.1');
    assert.equal(got.address.id, a.id);
    const put = await c.v2('PUT', '/v2/indicators/addresses/192.168.0.1', { body: { rating: 2, confidence: 40 } });
    assert.equal(put.address.rating, 2);
    assert.equal(put.address.confidence, 40);
    const del = await call(c, 'DELETE', '/v2/indicators/addresses/192.168.0.1');
    assert.equal(del.status, 200);
    assert.deepEqual(del.body, { status: 'Success' });
    const gone = await call(c, 'GET', '/v2/indicators/addresses/192.168.0.1');
    assert.equal(gone.status, 404);
    assert.deepEqual(gone.body, { status: 'Failure', message: 'The requested resource was not found' });
  });

  test('POSTing an existing indicator updates it (one indicator per owner and summary)', async () => {
    const c = tp.client();
    const first = await c.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'Upsert.Example.COM', rating: 1 } });
    const second = await c.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'upsert.example.com', confidence: 77 } });
    assert.equal(first.host.id, second.host.id);
    assert.equal(second.host.hostName, 'upsert.example.com');
    assert.equal(second.host.rating, 1, 'fields not sent are kept');
    assert.equal(second.host.confidence, 77);
    assert.equal(second.host.dnsActive, 'false', 'v2 host flags are strings');
    const list = await c.v2('GET', '/v2/indicators', { query: { filters: 'summary=upsert.example.com' } });
    assert.equal(list.resultCount, 1);
  });

  test('Host dnsActive/whoisActive are strings in v2; File size; custom types use label keys', async () => {
    const c = tp.client();
    const host = await c.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'flags.example.org', dnsActive: true, whoisActive: 'true' } });
    assert.equal(host.host.dnsActive, 'true');
    assert.equal(host.host.whoisActive, 'true');
    const upd = await c.v2('PUT', `/v2/indicators/hosts/flags.example.org`, { body: { dnsActive: false } });
    assert.equal(upd.host.dnsActive, 'false');
    assert.equal(upd.host.whoisActive, 'true');

    const file = await c.v2('POST', '/v2/indicators/files', { body: { md5: 'd41d8cd98f00b204e9800998ecf8427e', size: 1024 } });
    assert.equal(file.file.md5, 'D41D8CD98F00B204E9800998ECF8427E');
    assert.equal(file.file.size, 1024);

    const asn = await c.v2('POST', '/v2/indicators/asns', { body: { 'AS Number': 'asn 64500' } });
    assert.equal(asn.asn['AS Number'], 'ASN64500');
    assert.equal(asn.asn.type, 'ASN');

    const reg = await c.v2('POST', '/v2/indicators/registryKeys', {
      body: { 'Key Name': 'HKEY_LOCAL_MACHINE\\Software\\Evil', 'Value Name': 'Run', 'Value Type': 'REG_SZ' },
    });
    assert.equal(reg.registryKey['Key Name'], 'HKEY_LOCAL_MACHINE\\Software\\Evil');
    const path = `/v2/indicators/registryKeys/${enc('HKEY_LOCAL_MACHINE\\Software\\Evil : Run : REG_SZ')}`;
    assert.equal((await c.v2('GET', path)).registryKey.id, reg.registryKey.id);
  });

  test('a File is one indicator reachable by any hash, and hashes sent later merge into it', async () => {
    const c = tp.client();
    const md5 = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    const sha1 = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
    const sha256 = 'c'.repeat(64);
    const one = await c.v2('POST', '/v2/indicators/files', { body: { md5 } });
    const two = await c.v2('POST', '/v2/indicators/files', { body: { md5, sha1, sha256 } });
    assert.equal(one.file.id, two.file.id);
    for (const h of [md5, sha1.toUpperCase(), sha256]) {
      const got = await c.v2('GET', `/v2/indicators/files/${h}`);
      assert.equal(got.file.id, one.file.id);
      assert.equal(got.file.sha256, sha256.toUpperCase());
    }
    const generic = await c.v2('GET', '/v2/indicators/files', { query: { filters: `summary^${md5.toUpperCase()}` } });
    assert.equal(generic.resultCount, 1);
    const list = await c.v2('GET', '/v2/indicators', { query: { filters: `summary^${md5.toUpperCase()}` } });
    assert.equal(list.indicator[0].summary, `${md5} : ${sha1} : ${sha256}`.toUpperCase());
    assert.equal(list.indicator[0].ownerName, 'Example Organization');
    assert.equal(list.indicator[0].owner, undefined);
  });

  test('values with / \\ : and spaces are addressed by their encoded form', async () => {
    const c = tp.client();
    const url = 'http://Example.com/a%20path/x:y?q=1&b=\\c';
    const made = await c.v2('POST', '/v2/indicators/urls', { body: { text: url } });
    assert.equal(made.url.text, 'http://example.com/a%20path/x:y?q=1&b=\\c');
    assert.equal((await c.v2('GET', `/v2/indicators/urls/${enc('http://example.com/a%20path/x:y?q=1&b=\\c')}`)).url.id, made.url.id);
    const cidr = await c.v2('POST', '/v2/indicators/cidrBlocks', { body: { Block: '10.1.0.0/16' } });
    assert.equal((await c.v2('GET', `/v2/indicators/cidrBlocks/${enc('10.1.0.0/16')}`)).cidrBlock.id, cidr.cidrBlock.id);
    const ua = await c.v2('POST', '/v2/indicators/userAgents', { body: { 'User Agent String': 'Mozilla/5.0 (X11; Linux) \\ evil' } });
    const path = `/v2/indicators/userAgents/${enc('Mozilla/5.0 (X11; Linux) \\ evil')}`;
    assert.equal((await c.v2('GET', path)).userAgent.id, ua.userAgent.id);
    const mutex = await c.v2('POST', '/v2/indicators/mutexes', { body: { Mutex: 'Global\\a:b c' } });
    assert.equal((await c.v2('DELETE', `/v2/indicators/mutexes/${enc('Global\\a:b c')}`)), undefined);
    assert.ok(mutex.mutex.id);
  });

  test('bad input gets 400 naming the field, and nothing stored changes', async () => {
    const c = tp.client();
    await c.v2('POST', '/v2/indicators/addresses', { body: { ip: '10.9.9.9', rating: 3, confidence: 50 } });
    const cases: Array<[string, string, unknown, RegExp]> = [
      ['POST', '/v2/indicators/addresses', { ip: '10.9.9.9', rating: 6 }, /rating.*0-5.*6/],
      ['POST', '/v2/indicators/addresses', { ip: '10.9.9.9', confidence: 101 }, /confidence.*0-100/],
      ['POST', '/v2/indicators/addresses', { ip: '10.9.9.9', confidence: 'lots' }, /confidence/],
      ['PUT', '/v2/indicators/addresses/10.9.9.9', { rating: -1 }, /rating/],
      ['PUT', '/v2/indicators/addresses/10.9.9.9', { active: 'maybe' }, /active/],
      ['POST', '/v2/indicators/addresses', { ip: '999.1.1.1' }, /Please enter a valid Address.*ip.*999\.1\.1\.1/],
      ['POST', '/v2/indicators/hosts', { hostName: 'no spaces allowed.com' }, /hostName/],
      ['POST', '/v2/indicators/files', { md5: 'xyz' }, /md5/],
      ['POST', '/v2/indicators/addresses', {}, /ip/],
      ['POST', '/v2/indicators/addresses', [1, 2], /JSON object/],
      ['POST', '/v2/indicators/addresses', { ip: 12 }, /ip/],
    ];
    for (const [method, path, body, message] of cases) {
      const res = await call(c, method, path, body);
      assert.equal(res.status, 400, `${method} ${path} ${JSON.stringify(body)}`);
      assert.equal(res.body.status, 'Failure');
      assert.match(res.body.message, message);
    }
    const broken = await call(c, 'POST', '/v2/indicators/addresses', '{"ip": "10.9.9.9", rating: 1', { contentType: 'application/json' });
    assert.equal(broken.status, 400);
    assert.match(broken.body.message, /not valid JSON/);
    const after = await c.v2('GET', '/v2/indicators/addresses/10.9.9.9');
    assert.equal(after.address.rating, 3);
    assert.equal(after.address.confidence, 50);
    const none = await call(c, 'GET', '/v2/indicators/addresses/999.1.1.1');
    assert.equal(none.status, 404);
  });

  test('oversized bodies are refused with 400 and nothing is stored', async () => {
    const c = tp.client();
    tp.handle.context.settings.maxBodyBytes = 2048;
    try {
      const res = await call(c, 'POST', '/v2/indicators/hosts', { hostName: 'big.example.com', xid: 'x'.repeat(5000) });
      assert.equal(res.status, 400);
      assert.match(res.body.message, /too large/);
    } finally {
      tp.handle.context.settings.maxBodyBytes = 100 * 1024 * 1024;
    }
    assert.equal((await call(c, 'GET', '/v2/indicators/hosts/big.example.com')).status, 404);
  });
});
