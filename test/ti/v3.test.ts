// The SDK's v3 path against the platform: TQL, typed fields, next-link paging, writes, typed v3 errors.
import { test, describe, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../helpers/platform.js';
import { servedGets } from './helpers/requests.js';
import { ThreatIntelligence, TiNotFoundError, TiPageError, TiV3Error, tql } from '../../src/ti/index.js';

const tp = usePlatform();
let ti: ThreatIntelligence;

const gets = (path: string) => servedGets(tp, path);

describe('TI v3', () => {
  before(async () => {
    ti = new ThreatIntelligence(tp.client({ retries: 0 }));
    for (let i = 0; i < 30; i++) {
      await ti.v3.indicators.create({ type: 'Host', hostName: `v3-${String(i).padStart(2, '0')}.example.com`, rating: i % 5, tags: i < 12 ? { data: [{ name: 'Batch A' }] } : undefined });
    }
    await ti.v3.indicators.create({ type: 'URL', text: 'http://v3.example.com/q?a="b"&c=d e'.replace(' ', '%20'), rating: 4 });
  });
  beforeEach(() => tp.admin('DELETE', '/requests'));

  test('many() follows next links across pages, exactly full pages included', async () => {
    const hosts = await ti.v3.indicators.many({ tql: 'typeName = "Host"', resultLimit: 10, owner: 'Example Organization' }).toArray();
    assert.equal(hosts.length, 30);
    assert.equal(new Set(hosts.map((h) => h.id)).size, 30);
    assert.equal(await gets('^/v3/indicators$'), 3);
    await tp.admin('DELETE', '/requests');
    const odd = await ti.v3.indicators.many({ resultLimit: 7 }).toArray();
    assert.equal(odd.length, 31);
    assert.equal(await gets('^/v3/indicators$'), 5);
  });

  test('TQL from the tql tag, fields typed into the items, count', async () => {
    const prefix = 'v3-0';
    const query = tql`summary startswith ${prefix} and rating >= ${3} and tag in ${['Batch A', 'nothing']}`;
    const tagged = await ti.v3.indicators.many({ tql: query, fields: ['tags', 'observations'] }).toArray();
    assert.deepEqual(tagged.map((f) => f.summary), ['v3-03.example.com', 'v3-04.example.com', 'v3-08.example.com', 'v3-09.example.com']);
    assert.deepEqual(tagged[0].tags.data.map((t) => t.name), ['Batch A']);
    assert.equal(tagged[0].observations, 0);
    assert.equal(await ti.v3.indicators.count(tql`typeName = ${'URL'}`), 1);
    assert.equal(await ti.v3.indicators.count(), 31);
  });

  test('get by id or summary, update with nested modes, delete', async () => {
    const url = await ti.v3.indicators.get('http://v3.example.com/q?a="b"&c=d%20e', { fields: ['tags'] });
    assert.equal(url.type, 'URL');
    assert.deepEqual(url.tags.data, []);
    const updated = await ti.v3.indicators.update(url.id, { rating: 1, tags: { data: [{ name: 'x' }, { name: 'y' }] } });
    assert.equal(updated.rating, 1);
    await ti.v3.indicators.update(url.id, { tags: { data: [{ name: 'x' }], mode: 'delete' } });
    assert.deepEqual((await ti.v3.indicators.get(url.id, { fields: ['tags'] })).tags.data.map((t) => t.name), ['y']);
    await ti.v3.indicators.delete(url.id);
    await assert.rejects(ti.v3.indicators.get(url.id), TiNotFoundError);
  });

  test('groups: create with associations, TQL on names and types, fields', async () => {
    const host = await ti.v3.indicators.get('v3-00.example.com');
    const adversary = await ti.v3.groups.create({ type: 'Adversary', name: 'V3 Panda', associatedIndicators: { data: [{ id: host.id }] } });
    await ti.v3.groups.create({ type: 'Event', name: 'V3 Event', eventDate: '2024-05-05', status: 'Escalated' });
    const groups = await ti.v3.groups.many({ tql: 'summary startswith "V3" and typeName in ("Adversary", "Event")', fields: ['associatedIndicators'] }).toArray();
    assert.deepEqual(groups.map((g) => g.name), ['V3 Panda', 'V3 Event']);
    assert.deepEqual(groups[0].associatedIndicators.data.map((i) => i.summary), ['v3-00.example.com']);
    assert.equal(groups[1].status, 'Escalated');
    assert.equal((await ti.v3.groups.update(adversary.id, { name: 'V3 Panda 2' })).name, 'V3 Panda 2');
    await ti.v3.groups.delete(adversary.id);
    assert.equal(await ti.v3.groups.count(), 1);
  });

  test('errors are typed and carry the server message and errCode', async () => {
    await assert.rejects(ti.v3.indicators.create({ type: 'Address', ip: 'not-an-ip' }), (e: Error) => {
      assert.ok(e instanceof TiV3Error);
      assert.equal(e.status, 400);
      assert.equal(e.errCode, '0x1001');
      assert.match(e.serverMessage, /not-an-ip/);
      return true;
    });
    await assert.rejects(ti.v3.indicators.many({ tql: 'calScore > 5 or hasTag(summary = "x")' }).toArray(), (e: Error) => {
      assert.ok(e instanceof TiPageError);
      assert.equal(e.errCode, '0x1001');
      assert.match(e.serverMessage, /keyword calScore is not supported by the local platform for indicators/);
      return true;
    });
    await assert.rejects(ti.v3.groups.get(424242), (e: Error) => e instanceof TiNotFoundError && e.serverMessage === 'The requested resource was not found');
    await assert.rejects(ti.v3.indicators.many({ fields: ['bogus' as never] }).first(), /Invalid fields: bogus/);
    await assert.rejects(ti.v3.indicators.get(-1), /id: must be a positive integer id/);
  });

  test('a page failing mid-walk is reported with where it stopped', async () => {
    const seen: number[] = [];
    const walk = async () => {
      for await (const item of ti.v3.indicators.many({ resultLimit: 10 })) {
        seen.push(item.id);
        if (seen.length === 10) await tp.admin('POST', '/faults', { path: '^/v3/indicators$', status: 500, message: 'boom', times: 1 });
      }
    };
    await assert.rejects(walk(), (e: Error) => e instanceof TiPageError && e.received === 10 && e.resultStart === 1 && e.serverMessage === 'boom');
    await tp.admin('DELETE', '/faults');
  });
});
