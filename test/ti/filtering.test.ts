// Filters through many() against the platform: each operator per collection kind, OR, modifiedSince, encoding.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../helpers/platform.js';
import { ThreatIntelligence } from '../../src/ti/index.js';
import { TcConfigError } from '../../src/core/errors.js';
import { sleep } from '../../src/core/sleep.js';

const tp = usePlatform();
let ti: ThreatIntelligence;

const summaries = async (it: AsyncIterable<{ summary: string }>) => {
  const out: string[] = [];
  for await (const i of it) out.push(i.summary);
  return out.sort();
};

describe('TI filters against the platform', () => {
  before(async () => {
    ti = new ThreatIntelligence(tp.client({ retries: 0 }));
    await ti.host('alpha.example.com', { rating: 1, confidence: 10 }).create();
    await ti.host('beta.example.com', { rating: 3, confidence: 50 }).create();
    await ti.host('gamma.example.org', { rating: 5, confidence: 90 }).create();
    await ti.url('http://alpha.example.com/login?user=a&next=/x,1').create();
    await ti.registryKey({ keyName: 'HKEY_CURRENT_USER\\Run', valueName: 'x', valueType: 'REG_SZ' }).create();
    await ti.file({ sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' }, { rating: 2 }).create();
  });

  test('indicators: =, <, >, ^ on summaries, ratings and confidence', async () => {
    const hosts = ti.indicators('Host');
    const eq = hosts.filters().add('confidence', '=', 50);
    assert.deepEqual((await hosts.many({ filters: eq }).toArray()).map((h) => h.hostName), ['beta.example.com']);
    const lt = hosts.filters().add('rating', '<', 3);
    assert.deepEqual((await hosts.many({ filters: lt }).toArray()).map((h) => h.hostName), ['alpha.example.com']);
    const gt = hosts.filters().add('confidence', '>', 10).add('rating', '>', 3);
    assert.deepEqual((await hosts.many({ filters: gt }).toArray()).map((h) => h.hostName), ['gamma.example.org']);
    const all = ti.indicators();
    const starts = all.filters().add('summary', '^', 'alpha');
    assert.deepEqual(await summaries(all.many({ filters: starts })), ['alpha.example.com']);
    const dated = all.filters().add('dateAdded', '>', '2000-01-01').add('dateAdded', '<', new Date(Date.now() + 86_400_000));
    assert.equal((await all.many({ filters: dated }).toArray()).length, 6);
  });

  test('values needing encoding: URLs with & = , / ? and registry keys with backslashes', async () => {
    const all = ti.indicators();
    const url = all.filters().add('summary', '=', 'http://alpha.example.com/login?user=a&next=/x,1');
    assert.deepEqual(await summaries(all.many({ filters: url })), ['http://alpha.example.com/login?user=a&next=/x,1']);
    // a comma followed by `name=` would be read by the server as a second filter, so it is refused up front
    assert.throws(() => all.filters().add('summary', '=', 'http://a.example.com/?x,y=z'), /cannot contain a comma followed by a name and an operator/);
    const key = all.filters().add('summary', '^', 'HKEY_CURRENT_USER\\Run : ');
    assert.deepEqual(await summaries(all.many({ filters: key })), ['HKEY_CURRENT_USER\\Run : x : REG_SZ']);
    const hash = all.filters().add('summary', '=', 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709');
    assert.equal((await all.many({ filters: hash }).toArray()).length, 1);
  });

  test('OR through orParams, and the active flag both ways', async () => {
    const hosts = ti.indicators('Host');
    const either = hosts.filters().add('rating', '<', 2).add('rating', '>', 4).or();
    assert.deepEqual((await hosts.many({ filters: either }).toArray()).map((h) => h.hostName).sort(), ['alpha.example.com', 'gamma.example.org']);
    const both = hosts.filters().add('rating', '<', 2).add('rating', '>', 4);
    assert.deepEqual(await hosts.many({ filters: both }).toArray(), []);

    await ti.host('beta.example.com').setActive(false);
    assert.equal((await hosts.many().toArray()).length, 2);
    const anyState = hosts.filters().add('active', '=', true).add('active', '=', false).or();
    assert.equal((await hosts.many({ filters: anyState }).toArray()).length, 3);
    await ti.host('beta.example.com').setActive(true);
  });

  test('modifiedSince keeps what changed since then', async () => {
    await sleep(1100);
    const mark = new Date();
    await ti.host('gamma.example.org').update({ rating: 4 });
    const changed = ti.indicators().filters().modifiedSince(mark);
    assert.deepEqual(await summaries(ti.indicators().many({ filters: changed })), ['gamma.example.org']);
  });

  test('groups: name = and ^, dates < and >, type fields', async () => {
    await ti.incident({ name: 'Incident Alpha', eventDate: '2020-01-01' }).create();
    await ti.incident({ name: 'Incident Beta', eventDate: '2023-06-01' }).create();
    await ti.campaign({ name: 'Campaign, with comma', firstSeen: '2019-04-02' }).create();
    await ti.document({ name: 'Doc', fileName: 'a.txt' }).create();
    const incidents = ti.groups('Incident');
    const named = incidents.filters().add('name', '=', 'incident beta');
    assert.deepEqual((await incidents.many({ filters: named }).toArray()).map((g) => g.name), ['Incident Beta']);
    const before2021 = incidents.filters().add('eventDate', '<', '2021-01-01');
    assert.deepEqual((await incidents.many({ filters: before2021 }).toArray()).map((g) => g.name), ['Incident Alpha']);
    const all = ti.groups();
    const prefix = all.filters().add('name', '^', 'Incident');
    assert.equal((await all.many({ filters: prefix }).toArray()).length, 2);
    const comma = all.filters().add('name', '=', 'Campaign, with comma');
    assert.deepEqual((await all.many({ filters: comma }).toArray()).map((g) => g.type), ['Campaign']);
    const seen = ti.groups('Campaign').filters().add('firstSeen', '>', '2019-01-01');
    assert.equal((await ti.groups('Campaign').many({ filters: seen }).toArray()).length, 1);
    const recent = all.filters().add('dateAdded', '>', new Date(Date.now() - 3_600_000));
    assert.equal((await all.many({ filters: recent }).toArray()).length, 4);
  });

  test('tasks: status = and !, due dates, booleans, assignees; victims and tags by name and weight', async () => {
    const user = (await ti.owners().members().toArray())[0].userName;
    await ti.task({ name: 'Done task', status: 'Completed', dueDate: '2020-01-01' }).create();
    await ti.task({ name: 'Late task', status: 'In Progress', dueDate: '2020-01-01', assignees: [user] }).create();
    await ti.task({ name: 'Future task', dueDate: '2999-01-01' }).create();
    const tasks = ti.tasks();
    const notDone = tasks.filters().add('status', '!', 'Completed');
    assert.deepEqual((await tasks.many({ filters: notDone }).toArray()).map((t) => t.name).sort(), ['Future task', 'Late task']);
    const done = tasks.filters().add('status', '=', 'Completed');
    assert.deepEqual((await tasks.many({ filters: done }).toArray()).map((t) => t.name), ['Done task']);
    const overdue = tasks.filters().add('overdue', '=', true);
    assert.deepEqual((await tasks.many({ filters: overdue }).toArray()).map((t) => t.name), ['Late task']);
    const dueLater = tasks.filters().add('dueDate', '>', '2100-01-01');
    assert.deepEqual((await tasks.many({ filters: dueLater }).toArray()).map((t) => t.name), ['Future task']);
    const assigned = tasks.filters().add('assignee', '=', user);
    assert.deepEqual((await tasks.many({ filters: assigned }).toArray()).map((t) => t.name), ['Late task']);

    await ti.victim({ name: 'Victim One' }).create();
    await ti.victim({ name: 'Other' }).create();
    const victims = ti.victims();
    assert.deepEqual((await victims.many({ filters: victims.filters().add('name', '^', 'Vic') }).toArray()).map((v) => v.name), ['Victim One']);
    assert.deepEqual((await victims.many({ filters: victims.filters().add('name', '=', 'Other') }).toArray()).map((v) => v.name), ['Other']);

    for (const h of ['alpha.example.com', 'beta.example.com']) await ti.host(h).addTag('Twice');
    await ti.host('gamma.example.org').addTag('Once');
    const tags = ti.tags();
    assert.deepEqual((await tags.many({ filters: tags.filters().add('weight', '=', 2) }).toArray()).map((t) => t.name), ['Twice']);
    assert.deepEqual((await tags.many({ filters: tags.filters().add('weight', '<', 2) }).toArray()).map((t) => t.name), ['Once']);
  });

  test('filters the collection cannot take are refused before any call', async () => {
    const groupFilters = ti.filters('group').add('fileType', '=', 'PDF');
    await assert.rejects(ti.indicators().many({ filters: groupFilters as never }).toArray(), TcConfigError);
    await assert.rejects(ti.indicators().many({ filters: groupFilters as never }).toArray(), /filters\.fileType: is not a indicator filter/);
  });
});
