import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../../helpers/platform.js';
import { call, enc } from './helpers.js';

const tp = usePlatform();

describe('v2 listing: pagination, filters, includes, modifiedSince, deleted', () => {
  before(async () => {
    const c = tp.client();
    for (let i = 1; i <= 25; i++) {
      await c.v2('POST', '/v2/indicators/addresses', { body: { ip: `10.0.0.${i}`, rating: i % 6, confidence: i * 4 } });
    }
    await c.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'listing.example.com', rating: 1, dnsActive: true } });
    await c.v2('PUT', '/v2/indicators/addresses/10.0.0.25', { body: { active: false } });
  });

  test('pages of resultLimit with resultCount only on the first page; the client paginator gets every item once', async () => {
    const c = tp.client();
    const first = await call(c, 'GET', '/v2/indicators/addresses', undefined, { query: { resultStart: 0, resultLimit: 10 } });
    assert.equal(first.body.data.resultCount, 24, 'inactive indicators are left out by default');
    assert.equal(first.body.data.address.length, 10);
    const second = await call(c, 'GET', '/v2/indicators/addresses', undefined, { query: { resultStart: 10, resultLimit: 10 } });
    assert.equal(second.body.data.resultCount, undefined);
    assert.equal(second.body.data.address.length, 10);
    const third = await c.v2('GET', '/v2/indicators/addresses', { query: { resultStart: 20, resultLimit: 10 } });
    assert.equal(third.address.length, 4);
    const seen: string[] = [];
    for await (const a of c.paginate('/v2/indicators/addresses', 'address', {}, { resultLimit: 7 })) seen.push(a.ip);
    assert.equal(seen.length, 24);
    assert.equal(new Set(seen).size, 24);
    for (const bad of [{ resultLimit: 10001 }, { resultLimit: 0 }, { resultStart: -1 }, { resultLimit: 'ten' }]) {
      const res = await call(c, 'GET', '/v2/indicators', undefined, { query: bad as any });
      assert.equal(res.status, 400, JSON.stringify(bad));
      assert.match(res.body.message, /resultStart and resultLimit/);
    }
    assert.equal((await c.v2('GET', '/v2/indicators', { query: { resultLimit: 10000 } })).resultCount, 25);
  });

  test('each filter operator: = < > ^, orParams, encoded values, bools, dates', async () => {
    const c = tp.client();
    const summaries = async (filters: string, extra: Record<string, string> = {}) =>
      (await c.v2('GET', '/v2/indicators', { query: { filters, resultLimit: 100, ...extra } })).indicator.map((i: any) => i.summary).sort();
    assert.deepEqual(await summaries('summary=10.0.0.3'), ['10.0.0.3']);
    assert.deepEqual(await summaries('summary^10.0.0.2'), ['10.0.0.2', '10.0.0.20', '10.0.0.21', '10.0.0.22', '10.0.0.23', '10.0.0.24']);
    assert.deepEqual(await summaries('confidence>90'), ['10.0.0.23', '10.0.0.24']);
    assert.deepEqual(await summaries('confidence<9,rating>0'), ['10.0.0.1', '10.0.0.2']);
    assert.deepEqual(await summaries('summary=10.0.0.1,summary=listing.example.com', { orParams: 'true' }), ['10.0.0.1', 'listing.example.com']);
    assert.deepEqual(await summaries('dnsActive=true'), ['listing.example.com']);
    assert.deepEqual(await summaries('active=false'), ['10.0.0.25']);
    assert.equal((await summaries('active=true,active=false', { orParams: 'true' })).length, 26);
    assert.equal((await summaries('dateAdded>2000-01-01')).length, 25);
    assert.equal((await summaries('dateAdded<2000-01-01T00:00')).length, 0);
    assert.deepEqual(await summaries('threatAssessScore>900'), ['10.0.0.23']);
    // the filter travels URL-encoded (= as %3D, < as %3C, ^ as %5E): what the client sends here
    const raw = await c.request({ path: '/v2/indicators?filters=summary%5E10.0.0.1%2Cconfidence%3C50&resultLimit=100' });
    assert.deepEqual(raw.json().data.indicator.map((i: any) => i.summary).sort(), ['10.0.0.1', '10.0.0.10', '10.0.0.11', '10.0.0.12']);
    for (const [filters, message] of [
      ['bogus=1', /unknown filter field "bogus"/],
      ['rating>high', /rating needs a number/],
      ['dateAdded<someday', /dateAdded needs a date/],
      ['summary', /cannot read/],
    ] as const) {
      const res = await call(c, 'GET', '/v2/indicators', undefined, { query: { filters } });
      assert.equal(res.status, 400, filters);
      assert.equal(res.body.status, 'Failure');
      assert.match(res.body.message, message);
    }
  });

  test('filters on groups and tags, and values containing , : / are matched', async () => {
    const c = tp.client();
    await c.v2('POST', '/v2/groups/signatures', { body: { name: 'sig: a/b', fileName: 'x', fileType: 'Snort', fileText: 'alert' } });
    await c.v2('POST', '/v2/groups/signatures', { body: { name: 'other', fileName: 'y', fileType: 'YARA', fileText: 'rule' } });
    await c.v2('POST', '/v2/groups/campaigns', { body: { name: 'camp', firstSeen: '2019-06-01' } });
    const names = async (path: string, filters: string) =>
      (await c.v2('GET', path, { query: { filters } }))[path.endsWith('groups') ? 'group' : path.split('/').pop()!.replace(/s$/, '')].map(
        (g: any) => g.name,
      );
    assert.deepEqual(await names('/v2/groups/signatures', 'fileType=Snort'), ['sig: a/b']);
    assert.deepEqual(await names('/v2/groups', 'name=sig: a/b'), ['sig: a/b']);
    assert.deepEqual(await names('/v2/groups', 'name^SIG'), ['sig: a/b'], 'starts-with is case-insensitive');
    assert.deepEqual(await names('/v2/groups/campaigns', 'firstSeen>2019-01-01'), ['camp']);
    assert.deepEqual(await names('/v2/groups/campaigns', 'firstSeen<2019-01-01'), []);
  });

  test('includeAdditional, includeTags, includeAttributes and includes=labels embed metadata in lists and single items', async () => {
    const c = tp.client();
    const item = '/v2/indicators/addresses/10.0.0.1';
    await c.v2('POST', `${item}/tags/Listed`);
    await c.v2('POST', `${item}/attributes`, { body: { type: 'Source', value: 'unit test', displayed: true } });
    await c.v2('POST', `${item}/securityLabels/${enc('TLP:GREEN')}`);
    const single = (await c.v2('GET', item, { query: { includeTags: true, includeAttributes: true, includeAdditional: true } })).address;
    assert.deepEqual(single.tag.map((t: any) => t.name), ['Listed']);
    assert.deepEqual(single.attribute.map((a: any) => a.value), ['unit test']);
    assert.equal(single.source, 'unit test');
    assert.equal(single.active, true);
    assert.equal(single.observationCount, 0);
    assert.equal(single.privateFlag, false);
    const plain = (await c.v2('GET', item)).address;
    assert.equal(plain.tag, undefined);
    assert.equal(plain.active, undefined);
    const listed = await c.v2('GET', '/v2/indicators', { query: { filters: 'summary=10.0.0.1', includes: 'tags,attributes', 'includes ': '' } });
    assert.deepEqual(listed.indicator[0].tag.map((t: any) => t.name), ['Listed']);
    const labels = await c.request({ path: '/v2/indicators?filters=summary%3D10.0.0.1&includes=labels&includes=additional' });
    const ind = labels.json().data.indicator[0];
    assert.deepEqual(ind.securityLabel.map((l: any) => l.name), ['TLP:GREEN']);
    assert.equal(ind.activeLocked, false);
  });

  test('modifiedSince returns what changed at or after the time', async () => {
    const c = tp.client();
    // within the five-minute signature window, so HMAC still verifies
    await tp.admin('POST', '/clock', { offsetMs: 200_000 });
    try {
      await c.v2('PUT', '/v2/indicators/addresses/10.0.0.7', { body: { rating: 4 } });
      const since = new Date(Date.now() + 100_000).toISOString();
      const changed = await c.v2('GET', '/v2/indicators', { query: { modifiedSince: since } });
      assert.deepEqual(changed.indicator.map((i: any) => i.summary), ['10.0.0.7']);
      const typed = await c.v2('GET', '/v2/indicators/addresses', { query: { modifiedSince: since } });
      assert.equal(typed.resultCount, 1);
      const bad = await call(c, 'GET', '/v2/indicators', undefined, { query: { modifiedSince: 'last tuesday' } });
      assert.equal(bad.status, 400);
      assert.match(bad.body.message, /modifiedSince/);
    } finally {
      await tp.admin('POST', '/clock', { offsetMs: 0 });
    }
  });

  test('deleted indicators are listed (all and per type, deletedSince)', async () => {
    const c = tp.client();
    await c.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'doomed.example.com' } });
    await c.v2('DELETE', '/v2/indicators/hosts/doomed.example.com');
    const all = await c.v2('GET', '/v2/indicators/deleted');
    const row = all.indicator.find((i: any) => i.summary === 'doomed.example.com');
    assert.ok(row);
    assert.equal(row.type, 'Host');
    assert.equal(row.ownerName, 'Example Organization');
    assert.match(row.dateAdded, /Z$/);
    assert.equal((await c.v2('GET', '/v2/indicators/hosts/deleted')).resultCount, 1);
    assert.equal((await c.v2('GET', '/v2/indicators/addresses/deleted')).resultCount, 0);
    const future = await c.v2('GET', '/v2/indicators/deleted', { query: { deletedSince: '2999-01-01' } });
    assert.equal(future.resultCount, 0);
  });
});

describe('v2 type catalogues', () => {
  test('indicator types with string booleans, by entity, with regexes and keys on includeAdditional', async () => {
    const c = tp.client();
    const all = await c.v2('GET', '/v2/types/indicatorTypes');
    const address = all.indicatorType.find((t: any) => t.name === 'Address');
    assert.deepEqual(address, { name: 'Address', custom: 'false', parsable: 'true', apiBranch: 'addresses', apiEntity: 'address' });
    const reg = all.indicatorType.find((t: any) => t.name === 'Registry Key');
    assert.equal(reg.custom, 'true');
    assert.equal(reg.value1Label, 'Key Name');
    const file = await c.v2('GET', '/v2/types/indicatorTypes/file', { query: { includeAdditional: true } });
    assert.deepEqual(file.indicatorType.keys, { key1: 'md5', key2: 'sha1', key3: 'sha256' });
    assert.ok(file.indicatorType.regexes.length >= 3);
    assert.equal((await call(c, 'GET', '/v2/types/indicatorTypes/nope')).status, 404);
  });

  test('association, group and attribute types', async () => {
    const c = tp.client();
    const assoc = await c.v2('GET', '/v2/types/associationTypes');
    assert.deepEqual(
      assoc.associationType.find((a: any) => a.name === 'Adversary'),
      { name: 'Adversary', custom: 'false', fileAction: 'false', apiBranch: 'adversaries' },
    );
    assert.equal((await c.v2('GET', '/v2/types/associationTypes/cidrToAddress')).associationType.name, 'CIDR to Address');
    assert.equal((await c.v2('GET', `/v2/types/associationTypes/${enc('URL Host')}`)).associationType.apiBranch, 'urlHost');
    assert.equal((await c.v2('GET', '/v2/types/groupTypes')).resultCount, 16);
    const attrs = await c.v2('GET', '/v2/types/attributeTypes');
    const names = attrs.attributeType.map((a: any) => a.name);
    for (const n of ['Description', 'Source', 'Additional Analysis and Context', 'External ID', 'First Seen', 'Last Seen']) assert.ok(names.includes(n), n);
    const one = await c.v2('GET', `/v2/types/attributeTypes/${enc('First Seen')}`);
    assert.equal(one.attributeType.validationRule.type, 'Regex');
    const small = await c.v2('GET', '/v2/types/attributeTypes', { query: { filters: 'maxSize<200' } });
    assert.ok(small.attributeType.every((a: any) => a.maxSize < 200));
    assert.ok(small.attributeType.length >= 2);
  });
});
