import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../../helpers/platform.js';
import { call, enc } from './helpers.js';

const tp = usePlatform();

describe('v2 attributes, tags and security labels', () => {
  test('attributes on an indicator, a group, a task and a victim: CRUD, displayed Description/Source', async () => {
    const c = tp.client();
    await c.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'attr.example.com' } });
    const adv = (await c.v2('POST', '/v2/groups/adversaries', { body: { name: 'A' } })).adversary;
    const task = (await c.v2('POST', '/v2/tasks', { body: { name: 'T' } })).task;
    const victim = (await c.v2('POST', '/v2/victims', { body: { name: 'V' } })).victim;
    const items = [
      ['/v2/indicators/hosts/attr.example.com', 'host'],
      [`/v2/groups/adversaries/${adv.id}`, 'adversary'],
      [`/v2/tasks/${task.id}`, 'task'],
      [`/v2/victims/${victim.id}`, 'victim'],
    ];
    for (const [item, entity] of items) {
      const res = await call(c, 'POST', `${item}/attributes`, { type: 'Description', value: 'Test Description', displayed: true, source: 'Hybrid Analysis' });
      assert.equal(res.status, 201, item);
      const attr = res.body.data.attribute;
      assert.equal(attr.type, 'Description');
      assert.equal(attr.value, 'Test Description');
      assert.equal(attr.displayed, true);
      assert.equal(attr.source, 'Hybrid Analysis');
      assert.match(attr.dateAdded, /Z$/);
      const list = await c.v2('GET', `${item}/attributes`);
      assert.equal(list.resultCount, 1);
      assert.equal(list.attribute[0].id, attr.id);
      const upd = await c.v2('PUT', `${item}/attributes/${attr.id}`, { body: { value: 'Changed' } });
      assert.equal(upd.attribute.value, 'Changed');
      assert.equal(upd.attribute.type, 'Description');
      if (entity === 'host' || entity === 'task') {
        const got = await c.v2('GET', item);
        assert.equal(got[entity].description, 'Changed', `${item} shows the displayed Description`);
      }
      assert.equal((await c.v2('GET', `${item}/attributes/${attr.id}`)).attribute.value, 'Changed');
      await c.v2('DELETE', `${item}/attributes/${attr.id}`);
      assert.equal((await call(c, 'GET', `${item}/attributes/${attr.id}`)).status, 404);
    }
  });

  test('attribute errors: unknown type, empty value, immutable type; nothing stored', async () => {
    const c = tp.client();
    await c.v2('POST', '/v2/indicators/addresses', { body: { ip: '10.20.30.40' } });
    const base = '/v2/indicators/addresses/10.20.30.40/attributes';
    const unknown = await call(c, 'POST', base, { type: 'Not A Type', value: 'x' });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message, /^The requested attribute type was not found.*Not A Type/);
    const empty = await call(c, 'POST', base, { type: 'Source', value: '' });
    assert.equal(empty.status, 400);
    assert.match(empty.body.message, /^This attribute requires a value/);
    const made = await c.v2('POST', base, { body: { type: 'Source', value: 'feed' } });
    const retype = await call(c, 'PUT', `${base}/${made.attribute.id}`, { type: 'Description', value: 'y' });
    assert.equal(retype.status, 400);
    assert.match(retype.body.message, /type/);
    const all = await c.v2('GET', base);
    assert.deepEqual(all.attribute.map((a: any) => [a.type, a.value]), [['Source', 'feed']]);
  });

  test('attribute security labels', async () => {
    const c = tp.client();
    const g = (await c.v2('POST', '/v2/groups/threats', { body: { name: 'Th' } })).threat;
    const attr = (await c.v2('POST', `/v2/groups/threats/${g.id}/attributes`, { body: { type: 'Comment', value: 'c' } })).attribute;
    const base = `/v2/groups/threats/${g.id}/attributes/${attr.id}/securityLabels`;
    assert.deepEqual(await c.v2('POST', `${base}/${enc('TLP:AMBER')}`), undefined);
    assert.deepEqual((await c.v2('GET', base)).securityLabel.map((l: any) => l.name), ['TLP:AMBER']);
    assert.equal((await call(c, 'POST', `${base}/NOPE`)).status, 400);
    await c.v2('DELETE', `${base}/${enc('TLP:AMBER')}`);
    assert.equal((await c.v2('GET', base)).resultCount, 0);
  });

  test('tags: apply (creating), list, pivot, rename, delete everywhere; 128 character limit', async () => {
    const c = tp.client();
    await c.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'tagged.example.com' } });
    const inc = (await c.v2('POST', '/v2/groups/incidents', { body: { name: 'Inc', eventDate: '2020-01-01' } })).incident;
    const tagName = 'APT 28/Fancy:Bear\\x';
    assert.equal((await call(c, 'POST', `/v2/indicators/hosts/tagged.example.com/tags/${enc(tagName)}`)).status, 201);
    await c.v2('POST', `/v2/groups/incidents/${inc.id}/tags/${enc(tagName)}`);
    await c.v2('POST', `/v2/groups/incidents/${inc.id}/tags/Second`);
    const tags = await c.v2('GET', `/v2/groups/incidents/${inc.id}/tags`);
    assert.deepEqual(tags.tag.map((t: any) => t.name).sort(), [tagName, 'Second'].sort());
    assert.match(tags.tag[0].webLink, /tag\.xhtml\?tag=.*&owner=Example\+Organization/);
    assert.equal((await c.v2('GET', `/v2/tags/${enc(tagName)}`)).tag.name, tagName);

    const ind = await c.v2('GET', `/v2/tags/${enc(tagName)}/indicators`);
    assert.deepEqual(ind.indicator.map((i: any) => i.summary), ['tagged.example.com']);
    const hosts = await c.v2('GET', `/v2/tags/${enc(tagName)}/indicators/hosts`);
    assert.equal(hosts.host[0].hostName, 'tagged.example.com');
    const groups = await c.v2('GET', `/v2/tags/${enc(tagName)}/groups`);
    assert.deepEqual(groups.group.map((g: any) => g.id), [inc.id]);
    assert.equal((await c.v2('GET', `/v2/tags/${enc(tagName)}/groups/incidents/${inc.id}`)).incident.id, inc.id);
    assert.equal((await c.v2('GET', `/v2/tags/${enc(tagName)}/groups/adversaries`)).resultCount, 0);

    const weighted = await c.v2('GET', '/v2/tags', { query: { filters: 'weight>1' } });
    assert.deepEqual(weighted.tag.map((t: any) => t.name), [tagName]);

    const renamed = await c.v2('PUT', '/v2/tags/Second', { body: { name: 'Renamed', description: 'about' } });
    assert.equal(renamed.tag.name, 'Renamed');
    const detailed = await c.v2('GET', '/v2/tags', { query: { detailed: true, filters: 'name^Ren' } });
    assert.equal(detailed.tag[0].description, 'about');

    await c.v2('DELETE', `/v2/tags/${enc(tagName)}`);
    assert.equal((await c.v2('GET', '/v2/indicators/hosts/tagged.example.com/tags')).resultCount, 0);
    assert.deepEqual((await c.v2('GET', `/v2/groups/incidents/${inc.id}/tags`)).tag.map((t: any) => t.name), ['Renamed']);

    const long = await call(c, 'POST', `/v2/groups/incidents/${inc.id}/tags/${'x'.repeat(129)}`);
    assert.equal(long.status, 400);
    assert.match(long.body.message, /The name for this Tag is invalid, please enter a name between 1-128 characters/);
    const made = await c.v2('POST', '/v2/tags', { body: { name: 'Ransomware', description: 'enc' } });
    assert.equal(made.tag.description, 'enc');
    assert.equal((await call(c, 'DELETE', `/v2/groups/incidents/${inc.id}/tags/NeverApplied`)).status, 404);
  });

  test('security labels: seeded TLP set, apply, pivot, unknown label refused, delete removes everywhere', async () => {
    const c = tp.client();
    const labels = await c.v2('GET', '/v2/securityLabels');
    for (const name of ['TLP:WHITE', 'TLP:GREEN', 'TLP:AMBER', 'TLP:RED', 'TLP:CLEAR', 'TLP:AMBER+STRICT']) {
      assert.ok(labels.securityLabel.some((l: any) => l.name === name), name);
    }
    const red = await c.v2('GET', `/v2/securityLabels/${enc('TLP:RED')}`);
    assert.equal(red.securityLabel.color, 'FF2B2B');
    await c.v2('POST', '/v2/indicators/emailAddresses', { body: { address: 'bad@example.com' } });
    const item = `/v2/indicators/emailAddresses/${enc('bad@example.com')}`;
    await c.v2('POST', `${item}/securityLabels/${enc('TLP:RED')}`);
    assert.equal((await c.v2('GET', `${item}/securityLabels/${enc('TLP:RED')}`)).securityLabel.name, 'TLP:RED');
    const unknown = await call(c, 'POST', `${item}/securityLabels/Custom`);
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.message, /securityLabel.*Custom/);
    const pivot = await c.v2('GET', `/v2/securityLabels/${enc('TLP:RED')}/indicators`);
    assert.deepEqual(pivot.indicator.map((i: any) => i.summary), ['bad@example.com']);
    const filtered = await c.v2('GET', '/v2/securityLabels', { query: { filters: 'name^TLP:A' } });
    assert.deepEqual(filtered.securityLabel.map((l: any) => l.name).sort(), ['TLP:AMBER', 'TLP:AMBER+STRICT']);
    const withLabels = await c.v2('GET', item, { query: { includes: 'labels' } });
    assert.deepEqual(withLabels.emailAddress.securityLabel.map((l: any) => l.name), ['TLP:RED']);
    await c.v2('DELETE', `/v2/securityLabels/${enc('TLP:RED')}`);
    assert.equal((await c.v2('GET', `${item}/securityLabels`)).resultCount, 0);
    assert.equal((await call(c, 'GET', `/v2/securityLabels/${enc('TLP:RED')}`)).status, 404);
  });
});
