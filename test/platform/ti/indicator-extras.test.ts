import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../../helpers/platform.js';
import { call } from './helpers.js';

const tp = usePlatform();
const SHA1 = '3395856ce81f2b7382dee72602f798b642f14140';

describe('v2 indicator extras', () => {
  test('file occurrences: create (one field at least), list, read, update, delete', async () => {
    const c = tp.client();
    await c.v2('POST', '/v2/indicators/files', { body: { sha1: SHA1 } });
    const base = `/v2/indicators/files/${SHA1}/fileOccurrences`;
    const made = await call(c, 'POST', base, { fileName: 'win999301.dll', path: 'C:\\Windows\\System', date: '2017-07-13T00:00:00-05:00' });
    assert.equal(made.status, 201);
    const occ = made.body.data.fileOccurrence;
    assert.equal(occ.date, '2017-07-13T05:00:00Z');
    assert.equal(occ.path, 'C:\\Windows\\System');
    assert.deepEqual((await c.v2('GET', base)).fileOccurrence.map((o: any) => o.id), [occ.id]);
    assert.equal((await c.v2('GET', `${base}/${occ.id}`)).fileOccurrence.fileName, 'win999301.dll');
    const upd = await c.v2('PUT', `${base}/${occ.id}`, { body: { fileName: 'renamed.dll' } });
    assert.equal(upd.fileOccurrence.fileName, 'renamed.dll');
    assert.equal(upd.fileOccurrence.path, 'C:\\Windows\\System');
    const empty = await call(c, 'POST', base, {});
    assert.equal(empty.status, 400);
    assert.match(empty.body.message, /fileOccurrence: at least one of fileName, path and date/);
    const badDate = await call(c, 'POST', base, { date: 'soon' });
    assert.equal(badDate.status, 400);
    assert.match(badDate.body.message, /date/);
    await c.v2('DELETE', `${base}/${occ.id}`);
    assert.equal((await c.v2('GET', base)).resultCount, 0);
    assert.equal((await call(c, 'GET', '/v2/indicators/files/00000000000000000000000000000000/fileOccurrences')).status, 404);
  });

  test('observations and false positives (one per user per day)', async () => {
    const c = tp.client();
    await c.v2('POST', '/v2/indicators/addresses', { body: { ip: '198.51.100.7' } });
    const base = '/v2/indicators/addresses/198.51.100.7';
    assert.deepEqual(await call(c, 'POST', `${base}/observations`, { count: 2 }).then((r) => r.body), { status: 'Success' });
    await c.v2('POST', `${base}/observations`, { body: { count: 3, dateObserved: '2016-07-13T17:50:25Z' } });
    const count = (await c.v2('GET', `${base}/observationCount`)).observationCount;
    assert.equal(count.count, 5);
    assert.equal(count.yourCount, 5);
    assert.match(count.lastObserved, /Z$/);
    const obs = await c.v2('GET', `${base}/observations`);
    assert.deepEqual(obs.observation.map((o: any) => o.count), [3, 2]);
    assert.equal((await call(c, 'POST', `${base}/observations`, { count: 0 })).status, 400);
    const fp1 = await c.v2('POST', `${base}/falsePositive`);
    assert.equal(fp1.falsePositive.count, 1);
    const fp2 = await c.v2('POST', `${base}/falsePositive`);
    assert.equal(fp2.falsePositive.count, 1, 'the same user the same day counts once');
    const extra = (await c.v2('GET', base, { query: { includeAdditional: true } })).address;
    assert.equal(extra.observationCount, 5);
    assert.equal(extra.falsePositiveCount, 1);
    const observed = await c.v2('GET', '/v2/indicators/observed');
    const row = observed.indicator.find((i: any) => i.summary === '198.51.100.7');
    assert.equal(row.observationCount, 5);
    assert.equal(row.userObservedList[0].userName, tp.handle.accessId);
    assert.equal((await c.v2('GET', '/v2/indicators/observed', { query: { dateObserved: '2016-07-13' } })).indicator[0].observationCount, 3);
    const filtered = await c.v2('GET', '/v2/indicators', { query: { filters: 'falsePositive>0' } });
    assert.deepEqual(filtered.indicator.map((i: any) => i.summary), ['198.51.100.7']);
  });

  test('DNS resolutions: empty lists when none are known; hosts and addresses see each other when seeded', async () => {
    const c = tp.client();
    await c.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'resolves.example.com' } });
    const none = await c.v2('GET', '/v2/indicators/hosts/resolves.example.com/dnsResolutions');
    assert.equal(none.resultCount, 0);
    assert.deepEqual(none.dnsResolution, []);
    await tp.admin('POST', '/state', {
      indicators: [{ owner: 'Example Organization', type: 'Host', summary: 'resolves.example.com', dnsResolutions: [{ address: '198.51.100.7', resolutionDate: '2020-02-02' }] }],
    });
    const some = await c.v2('GET', '/v2/indicators/hosts/resolves.example.com/dnsResolutions');
    assert.equal(some.dnsResolution[0].resolutionDate, '2020-02-02T00:00:00Z');
    assert.equal(some.dnsResolution[0].addresses[0].ip, '198.51.100.7');
    const hosts = await c.v2('GET', '/v2/indicators/addresses/198.51.100.7/dnsResolutions');
    assert.deepEqual(hosts.indicator.map((h: any) => h.summary), ['resolves.example.com']);
  });

  test('bulk status, JSON and CSV reports have no envelope', async () => {
    const c = tp.client();
    await c.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'bulk.example.com', rating: 2, confidence: 30 } });
    await c.v2('POST', '/v2/indicators/hosts/bulk.example.com/tags/Bulk');
    const status = (await c.request({ path: '/v2/indicators/bulk' })).json();
    assert.equal(status.bulkStatus.status, 'Complete');
    assert.equal(status.bulkStatus.name, 'Example Organization');
    const dump = (await c.request({ path: '/v2/indicators/bulk/json' })).json();
    const item = dump.indicator.find((i: any) => i.summary === 'bulk.example.com');
    assert.deepEqual(item.tag.map((t: any) => t.name), ['Bulk']);
    assert.equal(dump.status, undefined);
    const csv = await c.request({ path: '/v2/indicators/bulk/csv' });
    assert.match(String(csv.header('content-type')), /text\/csv/);
    const lines = csv.text().trim().split('\n');
    assert.equal(lines[0], 'Type,Value,Rating,Confidence');
    assert.ok(lines.includes('Host,bulk.example.com,2,30'));
    assert.ok(lines.includes('Host,resolves.example.com,null,null'));
  });

  test('file actions link a File to the indicators it drops or contacts', async () => {
    const c = tp.client();
    await c.v2('POST', '/v2/indicators/files', { body: { sha1: SHA1 } });
    await c.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'c2.example.com' } });
    const base = `/v2/indicators/files/${SHA1}/actions/traffic/indicators`;
    await c.v2('POST', `${base}/hosts/c2.example.com`);
    assert.deepEqual((await c.v2('GET', base)).indicator.map((i: any) => i.summary), ['c2.example.com']);
    assert.equal((await c.v2('GET', `${base}/hosts`)).host[0].hostName, 'c2.example.com');
    assert.equal((await c.v2('GET', `/v2/indicators/files/${SHA1}/actions/drop/indicators`)).resultCount, 0);
    assert.equal((await call(c, 'GET', `/v2/indicators/files/${SHA1}/actions/explode/indicators`)).status, 404);
    await c.v2('DELETE', `${base}/hosts/c2.example.com`);
    assert.equal((await c.v2('GET', base)).resultCount, 0);
  });
});
