import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../../helpers/platform.js';
import { call, enc } from './helpers.js';

const tp = usePlatform();

describe('v2 associations', () => {
  test('group ↔ indicator and group ↔ group links are symmetric, listed generic and typed, removable', async () => {
    const c = tp.client();
    const adv = (await c.v2('POST', '/v2/groups/adversaries', { body: { name: 'Adv' } })).adversary;
    const inc = (await c.v2('POST', '/v2/groups/incidents', { body: { name: 'Inc', eventDate: '2020-01-01' } })).incident;
    await c.v2('POST', '/v2/indicators/urls', { body: { text: 'http://bad.example/x y'.replace(' ', '%20') } });
    const url = enc('http://bad.example/x%20y');
    await c.v2('POST', '/v2/indicators/addresses', { body: { ip: '1.2.3.4' } });

    assert.deepEqual(await call(c, 'POST', `/v2/groups/adversaries/${adv.id}/indicators/urls/${url}`).then((r) => r.body), { status: 'Success' });
    await c.v2('POST', `/v2/indicators/addresses/1.2.3.4/groups/adversaries/${adv.id}`);
    await c.v2('POST', `/v2/groups/adversaries/${adv.id}/groups/incidents/${inc.id}`);

    const fromGroup = await c.v2('GET', `/v2/groups/adversaries/${adv.id}/indicators`);
    assert.deepEqual(fromGroup.indicator.map((i: any) => i.summary).sort(), ['1.2.3.4', 'http://bad.example/x%20y']);
    assert.ok(fromGroup.indicator.every((i: any) => i.type && i.ownerName));
    const typed = await c.v2('GET', `/v2/groups/adversaries/${adv.id}/indicators/addresses`);
    assert.deepEqual(typed.address.map((a: any) => a.ip), ['1.2.3.4']);
    const back = await c.v2('GET', `/v2/indicators/urls/${url}/groups`);
    assert.deepEqual(back.group.map((g: any) => [g.type, g.name]), [['Adversary', 'Adv']]);
    assert.equal((await c.v2('GET', `/v2/groups/incidents/${inc.id}/groups/adversaries`)).adversary[0].id, adv.id);
    assert.equal((await c.v2('GET', `/v2/groups/incidents/${inc.id}/groups/adversaries/${adv.id}`)).adversary.id, adv.id);
    assert.equal((await call(c, 'GET', `/v2/groups/incidents/${inc.id}/groups/threats`)).body.data.resultCount, 0);

    await c.v2('DELETE', `/v2/indicators/addresses/1.2.3.4/groups/adversaries/${adv.id}`);
    assert.equal((await c.v2('GET', `/v2/groups/adversaries/${adv.id}/indicators`)).resultCount, 1);
    assert.equal((await call(c, 'DELETE', `/v2/indicators/addresses/1.2.3.4/groups/adversaries/${adv.id}`)).status, 404);

    const self = await call(c, 'POST', `/v2/groups/adversaries/${adv.id}/groups/adversaries/${adv.id}`);
    assert.equal(self.status, 400);
    assert.match(self.body.message, /^Invalid association/);

    // deleting a group removes its links
    await c.v2('DELETE', `/v2/groups/incidents/${inc.id}`);
    assert.equal((await c.v2('GET', `/v2/groups/adversaries/${adv.id}/groups`)).resultCount, 0);
  });

  test('custom indicator ↔ indicator association types, with pair validation', async () => {
    const c = tp.client();
    await c.v2('POST', '/v2/indicators/addresses', { body: { ip: '192.168.0.1' } });
    await c.v2('POST', '/v2/indicators/cidrBlocks', { body: { Block: '192.168.0.0/24' } });
    await c.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'ptr.example.com' } });
    const cidr = enc('192.168.0.0/24');
    const ok = await call(c, 'POST', `/v2/indicators/addresses/192.168.0.1/associations/cidrToAddress/indicators/cidrBlocks/${cidr}`);
    assert.equal(ok.status, 200);
    const listed = await c.v2('GET', '/v2/indicators/addresses/192.168.0.1/associations/cidrToAddress/indicators');
    assert.deepEqual(listed.indicator.map((i: any) => i.summary), ['192.168.0.0/24']);
    const reverse = await c.v2('GET', `/v2/indicators/cidrBlocks/${cidr}/associations/cidrToAddress/indicators/addresses`);
    assert.deepEqual(reverse.address.map((i: any) => i.ip), ['192.168.0.1']);
    assert.equal((await c.v2('GET', `/v2/indicators/cidrBlocks/${cidr}/indicators`)).resultCount, 1, 'plain indicator list shows typed links too');
    assert.equal((await c.v2('GET', '/v2/indicators/addresses/192.168.0.1/associations/dnsPtrRecord/indicators')).resultCount, 0);

    const wrong = await call(c, 'POST', `/v2/indicators/hosts/ptr.example.com/associations/cidrToAddress/indicators/cidrBlocks/${cidr}`);
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.message, 'Invalid association, a Host cannot be associated with a CIDR through CIDR to Address');

    const custom = await call(c, 'POST', '/v2/indicators/hosts/ptr.example.com/associations/hostToSomething/indicators/addresses/192.168.0.1');
    assert.equal(custom.status, 200, 'custom association types are allowed');
    assert.equal((await c.v2('GET', '/v2/indicators/addresses/192.168.0.1/associations/hostToSomething/indicators')).indicator[0].summary, 'ptr.example.com');

    await c.v2('DELETE', `/v2/indicators/addresses/192.168.0.1/associations/cidrToAddress/indicators/cidrBlocks/${cidr}`);
    assert.equal((await c.v2('GET', '/v2/indicators/addresses/192.168.0.1/associations/cidrToAddress/indicators')).resultCount, 0);
    await c.v2('DELETE', '/v2/indicators/addresses/192.168.0.1/indicators/hosts/ptr.example.com');
    assert.equal((await c.v2('GET', '/v2/indicators/addresses/192.168.0.1/indicators')).resultCount, 0);
  });

  test('victims join groups only with an asset; victim assets link to groups; victim pivots are indirect', async () => {
    const c = tp.client();
    const v = (await c.v2('POST', '/v2/victims', { body: { name: 'Vic' } })).victim;
    const camp = (await c.v2('POST', '/v2/groups/campaigns', { body: { name: 'Camp' } })).campaign;
    const early = await call(c, 'POST', `/v2/groups/campaigns/${camp.id}/victims/${v.id}`);
    assert.equal(early.status, 400);
    assert.match(early.body.message, /Victim Asset/);
    const asset = (await c.v2('POST', `/v2/victims/${v.id}/victimAssets/emailAddresses`, { body: { address: 'ceo@example.com', addressType: 'Work' } }))
      .victimEmailAddress;
    await c.v2('POST', `/v2/groups/campaigns/${camp.id}/victims/${v.id}`);
    assert.equal((await c.v2('GET', `/v2/victims/${v.id}/groups`)).group[0].id, camp.id);
    assert.equal((await c.v2('GET', `/v2/groups/campaigns/${camp.id}/victims`)).victim[0].id, v.id);

    await c.v2('POST', `/v2/groups/campaigns/${camp.id}/victimAssets/emailAddresses/${asset.id}`);
    const assets = await c.v2('GET', `/v2/groups/campaigns/${camp.id}/victimAssets`);
    assert.deepEqual(assets.victimAsset.map((a: any) => [a.type, a.name]), [['EmailAddress', 'ceo@example.com']]);

    await c.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'victim-pivot.example.com' } });
    await c.v2('POST', `/v2/groups/campaigns/${camp.id}/indicators/hosts/victim-pivot.example.com`);
    const indirect = await c.v2('GET', `/v2/victims/${v.id}/indicators`);
    assert.deepEqual(indirect.indicator.map((i: any) => i.summary), ['victim-pivot.example.com']);
    const direct = await call(c, 'POST', `/v2/victims/${v.id}/indicators/hosts/victim-pivot.example.com`);
    assert.equal(direct.status, 404, 'there is no direct victim-indicator link');
    await c.v2('DELETE', `/v2/groups/campaigns/${camp.id}/victimAssets/emailAddresses/${asset.id}`);
    assert.equal((await c.v2('GET', `/v2/groups/campaigns/${camp.id}/victimAssets`)).resultCount, 0);
  });

  test('tasks link to groups and indicators', async () => {
    const c = tp.client();
    const task = (await c.v2('POST', '/v2/tasks', { body: { name: 'Investigate' } })).task;
    const thr = (await c.v2('POST', '/v2/groups/threats', { body: { name: 'Thr' } })).threat;
    await c.v2('POST', `/v2/tasks/${task.id}/groups/threats/${thr.id}`);
    assert.equal((await c.v2('GET', `/v2/groups/threats/${thr.id}/tasks`)).task[0].id, task.id);
    assert.equal((await c.v2('GET', `/v2/groups/threats/${thr.id}/tasks/${task.id}`)).task.name, 'Investigate');
    await c.v2('POST', '/v2/indicators/mutexes', { body: { Mutex: 'evil-mutex' } });
    await c.v2('POST', `/v2/indicators/mutexes/evil-mutex/tasks/${task.id}`);
    assert.equal((await c.v2('GET', `/v2/tasks/${task.id}/indicators`)).indicator[0].summary, 'evil-mutex');
    assert.equal((await c.v2('GET', `/v2/groups/threats/${thr.id}/groups`)).resultCount, 0, 'tasks are not listed among groups');
  });
});
