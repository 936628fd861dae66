import { test as it, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../helpers/platform.js';
import { ResourceQuery } from '../../src/filters/index.js';
import { IndicatorValidator } from '../../src/indicators/index.js';
import { COMMUNITY, ORG, seed, type Seeded } from './seed.js';

const tp = usePlatform();
let data: Seeded;
// root-level hooks of node 20 do not wait for each other, so the seeding hook lives in the suite
const test = (name: string, fn: () => unknown) => it(name, fn as () => Promise<void>);
describe('legacy filters against the platform', () => {
before(() => {
  data = seed(tp.handle);
});

const summaries = (items: Array<Record<string, any>>) =>
  items.map((i) => i.summary ?? i.ip ?? i.hostName ?? i.text ?? i.md5 ?? i.name).sort();

test('no filter object: the container itself, from the default owner', async () => {
  const q = new ResourceQuery(tp.client({ owner: ORG, resultLimit: 2 }), 'indicators');
  const items = await q.retrieve();
  assert.deepEqual(summaries(items), [
    '10.0.0.1', '10.0.0.2', '8743B52063CD84097A65D1633F5C74F5', 'bad.example.com', 'good.example.com', 'http://bad.example.com/x',
  ]);
});

test('owner filter applies to each request of its object; the same value in two owners stays two items', async () => {
  const q = new ResourceQuery(tp.client(), 'indicators');
  q.addFilter().owner(COMMUNITY);
  assert.deepEqual((await q.retrieve()).map((i) => i.id), [data.ids.c1]);

  const both = new ResourceQuery(tp.client(), 'indicators');
  both.addFilter().owner(ORG, COMMUNITY).tag('APT');
  const items = await both.retrieve();
  assert.deepEqual(items.map((i) => i.id).sort((a, b) => a - b), [data.ids.a1, data.ids.a2, data.ids.u1, data.ids.c1].sort((a, b) => a - b));
  assert.deepEqual(items.filter((i) => i.summary === '10.0.0.1').map((i) => i.ownerName).sort(), [COMMUNITY, ORG]);
});

test('API filters inside one object are joined (OR) and de-duplicated by id', async () => {
  const q = new ResourceQuery(tp.client(), 'indicators');
  q.addFilter().owner(ORG).tag('APT').securityLabel('TLP:RED');
  const items = await q.retrieve();
  // 10.0.0.1 has both the tag and the label: it appears once
  assert.deepEqual(summaries(items), ['10.0.0.1', '10.0.0.2', 'bad.example.com', 'http://bad.example.com/x']);
  assert.equal(new Set(items.map((i) => i.id)).size, items.length);
});

test('post filters intersect (AND), with EQ/NE/GT/GE/LT/LE on numbers', async () => {
  const run = async (build: (q: ResourceQuery) => void) => {
    const q = new ResourceQuery(tp.client(), 'indicators');
    build(q);
    return summaries(await q.retrieve());
  };
  assert.deepEqual(await run((q) => q.addFilter().owner(ORG).tag('APT').postFilter('rating', 2, 'GE').postFilter('confidence', 80, 'LT')), ['http://bad.example.com/x']);
  assert.deepEqual(await run((q) => q.addFilter().owner(ORG).postFilter('rating', 3, 'EQ')), ['bad.example.com']);
  assert.deepEqual(await run((q) => q.addFilter().owner(ORG).postFilter('rating', 3, 'NE')), ['10.0.0.1', '10.0.0.2', '8743B52063CD84097A65D1633F5C74F5', 'http://bad.example.com/x']);
  assert.deepEqual(await run((q) => q.addFilter().owner(ORG).postFilter('rating', 4, 'GT')), ['10.0.0.1']);
  assert.deepEqual(await run((q) => q.addFilter().owner(ORG).postFilter('rating', 2, 'LE')), ['10.0.0.2', '8743B52063CD84097A65D1633F5C74F5']);
  assert.deepEqual(await run((q) => q.addFilter().owner(ORG).postFilter('confidence', 20, 'lt')), []);
  assert.deepEqual(await run((q) => q.addFilter().owner(ORG).postFilter('type', 'Host')), ['bad.example.com', 'good.example.com']);
});

test('date post filters compare instants, not strings', async () => {
  // 2020-01-01T03:00:00Z is before 2020-01-01T00:00:00-05:00 (= 05:00Z), though it sorts after it as text
  const q = new ResourceQuery(tp.client(), 'indicators');
  q.addFilter().owner(ORG).postFilter('dateAdded', '2020-01-01T00:00:00-05:00', 'GT').postFilter('dateAdded', new Date('2020-01-03T00:00:00Z'), 'LE');
  assert.deepEqual(summaries(await q.retrieve()), ['10.0.0.2', 'bad.example.com']);
  const naive = new ResourceQuery(tp.client(), 'indicators');
  naive.addFilter().owner(ORG).postFilter('lastModified', '2020-01-05', 'GE');
  assert.deepEqual(summaries(await naive.retrieve()), ['8743B52063CD84097A65D1633F5C74F5', 'http://bad.example.com/x']);
});

test('several filter objects: AND intersects, OR joins, the first object\'s operator is ignored', async () => {
  const and = new ResourceQuery(tp.client(), 'indicators');
  and.addFilter({ operator: 'OR' }).owner(ORG).tag('APT');
  and.addFilter({ indicatorType: 'Address' }).owner(ORG);
  assert.deepEqual(summaries(await and.retrieve()), ['10.0.0.1', '10.0.0.2']);

  const or = new ResourceQuery(tp.client(), 'indicators');
  or.addFilter().owner(ORG).tag('Crime');
  or.addFilter().owner(ORG).operator('OR').adversaryId(data.ids.badGuy);
  assert.deepEqual(summaries(await or.retrieve()), ['10.0.0.1', 'bad.example.com']);

  const mixed = new ResourceQuery(tp.client(), 'indicators');
  mixed.addFilter().owner(ORG).tag('APT');
  mixed.addFilter({ operator: 'OR' }).owner(ORG).incidentId(data.ids.breach);
  mixed.addFilter({ operator: 'AND' }).owner(ORG).securityLabel('TLP:RED');
  assert.deepEqual(summaries(await mixed.retrieve()), ['10.0.0.1', 'bad.example.com']);
});

test('indicator-type restriction switches every request to the typed endpoints', async () => {
  const q = new ResourceQuery(tp.client(), 'indicators');
  const f = q.addFilter('hosts').owner(ORG);
  assert.equal(f.baseRequest().path, '/v2/indicators/hosts');
  const hosts = await q.retrieve();
  assert.deepEqual(hosts.map((h) => [h.hostName, h.type]).sort(), [['bad.example.com', 'Host'], ['good.example.com', 'Host']]);

  const tagged = new ResourceQuery(tp.client(), 'indicators');
  const t = tagged.addFilter({ indicatorType: 'Address' }).owner(ORG).tag('APT');
  assert.equal(t.requests[0].path, '/v2/tags/APT/indicators/addresses');
  assert.deepEqual(summaries(await tagged.retrieve()), ['10.0.0.1', '10.0.0.2']);
  assert.throws(() => t.indicator('bad.example.com'), /filter\.indicator: is a Host, but this filter is restricted to Address/);
});

test('indicator filter: detected type, the item itself on indicator containers, its associations elsewhere', async () => {
  const q = new ResourceQuery(tp.client(), 'indicators');
  const f = q.addFilter().owner(ORG).indicator('Bad.Example.com');
  assert.equal(f.requests[0].path, '/v2/indicators/hosts/bad.example.com');
  assert.deepEqual((await q.retrieve()).map((i) => i.id), [data.ids.h1]);

  const groups = new ResourceQuery(tp.client(), 'adversaries');
  groups.addFilter().owner(ORG).indicator('10.0.0.1');
  assert.deepEqual((await groups.retrieve()).map((g) => g.name), ['Bad Guy']);

  const all = new ResourceQuery(tp.client(), 'groups');
  all.addFilter().owner(ORG).indicator('bad.example.com').postFilter('type', 'Incident');
  assert.deepEqual((await all.retrieve()).map((g) => g.name), ['Breach']);

  const owners = new ResourceQuery(tp.client(), 'owners');
  owners.addFilter().indicator('10.0.0.1');
  assert.deepEqual((await owners.retrieve()).map((o) => o.name).sort(), [COMMUNITY, ORG]);

  // a custom validator decides detection for the filter
  const strict = new ResourceQuery(tp.client(), 'indicators', { validator: new IndicatorValidator({ patterns: { Host: [] } }) });
  assert.throws(() => strict.addFilter().indicator('bad.example.com'), /filter\.indicator: "bad\.example\.com" is not a recognised indicator/);
});

test('group containers: tag, id and name/date post filters', async () => {
  const q = new ResourceQuery(tp.client(), 'adversaries');
  q.addFilter().owner(ORG).tag('APT');
  assert.deepEqual((await q.retrieve()).map((g) => [g.name, g.type]), [['Other Guy', 'Adversary']]);

  const byId = new ResourceQuery(tp.client(), 'Incident');
  byId.addFilter().owner(ORG).id(data.ids.breach);
  assert.deepEqual((await byId.retrieve()).map((g) => g.name), ['Breach']);

  const named = new ResourceQuery(tp.client(), 'groups');
  named.addFilter().owner(ORG).postFilter('name', 'T1').postFilter('dateAdded', '2021-01-01', 'GT');
  assert.deepEqual((await named.retrieve()).map((g) => g.name), ['T1']);
});

test('task, victim and owner containers', async () => {
  const tasks = new ResourceQuery(tp.client(), 'tasks');
  tasks.addFilter().owner(ORG).tag('APT').postFilter('name', 'Investigate');
  tasks.addFilter({ operator: 'OR' }).owner(ORG).adversaryId(data.ids.badGuy);
  assert.deepEqual((await tasks.retrieve()).map((t) => [t.id, t.name]), [[data.ids.task, 'Investigate']]);

  const victims = new ResourceQuery(tp.client(), 'victims');
  victims.addFilter().owner(ORG).adversaryId(data.ids.badGuy);
  assert.deepEqual((await victims.retrieve()).map((v) => v.name), ['Acme Corp']);
  const byId = new ResourceQuery(tp.client(), 'victims');
  byId.addFilter().id(data.ids.victim).postFilter('name', 'Acme Corp', 'NE');
  assert.deepEqual(await byId.retrieve(), []);

  const owners = new ResourceQuery(tp.client(), 'owners');
  owners.addFilter().postFilter('type', 'Community');
  assert.deepEqual((await owners.retrieve()).map((o) => o.name), [COMMUNITY]);
});

test('attribute and tag post filters ask the API to embed them', async () => {
  const q = new ResourceQuery(tp.client(), 'indicators');
  const f = q.addFilter().owner(ORG).postFilter('attribute', 'Description').postFilter('tag', 'APT');
  const items = await q.retrieve();
  assert.deepEqual(summaries(items), ['10.0.0.2']);
  assert.equal(f.postFilterNames.join(','), 'attribute,tag');
  const entry = q.report.entries.filter((e) => e.kind === 'request').at(-1);
  assert.equal(entry?.query?.includeAttributes, 'true');
  assert.equal(entry?.query?.includeTags, 'true');
});

test('modified-since: sent on the base collection, checked client-side on pivots', async () => {
  const q = new ResourceQuery(tp.client(), 'indicators').modifiedSince('2020-01-04T00:00:00Z');
  q.addFilter().owner(ORG);
  assert.deepEqual(summaries(await q.retrieve()), ['8743B52063CD84097A65D1633F5C74F5', 'good.example.com', 'http://bad.example.com/x']);
  assert.equal(q.report.entries.filter((e) => e.kind === 'request').at(-1)?.query?.modifiedSince, '2020-01-04T00:00:00Z');

  const pivot = new ResourceQuery(tp.client(), 'indicators').modifiedSince(new Date('2020-01-02T00:00:00Z'));
  pivot.addFilter().owner(ORG).tag('APT');
  assert.deepEqual(summaries(await pivot.retrieve()), ['10.0.0.2', 'http://bad.example.com/x']);
});

test('filters a container does not have are rejected with a clear error', () => {
  const c = tp.client();
  assert.throws(() => new ResourceQuery(c, 'owners').addFilter().documentId(1), /filter\.documentId: is not an API filter of owners; use one of id, indicator, got 1/);
  assert.throws(() => new ResourceQuery(c, 'indicators').addFilter().id(3), /filter\.id: is not an API filter of indicators/);
  assert.throws(() => new ResourceQuery(c, 'groups').addFilter().id(3), /filter\.id: is not an API filter of groups/);
  assert.throws(() => new ResourceQuery(c, 'tasks').addFilter().taskId(3), /filter\.taskId: is not an API filter of tasks/);
  assert.throws(() => new ResourceQuery(c, 'victims').addFilter().victimId(3), /filter\.victimId/);
  assert.throws(() => new ResourceQuery(c, 'batchJobs').addFilter().tag('x'), /filter\.tag: is not an API filter of batchJobs; use one of id/);
  assert.throws(() => new ResourceQuery(c, 'indicators').addFilter().postFilter('name', 'x'), /postFilter\.name: is not a post filter of indicators/);
  assert.throws(() => new ResourceQuery(c, 'adversaries').addFilter().postFilter('name', 'x', 'GT'), /postFilter\.name\.operator: must be EQ or NE/);
  assert.throws(() => new ResourceQuery(c, 'indicators').addFilter().postFilter('rating', '3'), /postFilter\.rating: must be a finite number, got "3"/);
  assert.throws(() => new ResourceQuery(c, 'indicators').addFilter().postFilter('rating', 3, 'XX' as never), /postFilter\.rating\.operator: must be one of EQ, NE, GT, GE, LT, LE/);
  assert.throws(() => new ResourceQuery(c, 'indicators').addFilter().postFilter('dateAdded', 'yesterday'), /postFilter\.dateAdded: must be an ISO-8601 date/);
  assert.throws(() => new ResourceQuery(c, 'indicators').addFilter().adversaryId(-1), /adversaryId: must be a positive integer id, got -1/);
  assert.throws(() => new ResourceQuery(c, 'indicators').addFilter().operator('XOR' as never), /operator: must be AND or OR, got "XOR"/);
  assert.throws(() => new ResourceQuery(c, 'groups').addFilter({ indicatorType: 'Host' }), /indicatorType: only indicator containers/);
  assert.throws(() => new ResourceQuery(c, 'indicators').addFilter({ indicatorType: 'Widget' }), /indicatorType: is not an indicator type/);
  assert.throws(() => new ResourceQuery(c, 'widgets'), /resource: is not a filterable container/);
  assert.throws(() => new ResourceQuery(c, 'groups').modifiedSince('2020-01-01'), /modifiedSince: applies to indicator containers/);
});

test('a filter naming something that does not exist selects nothing and leaves a failure entry', async () => {
  const q = new ResourceQuery(tp.client(), 'indicators');
  q.addFilter().owner(ORG).tag('No Such Tag').indicator('10.0.0.2');
  assert.deepEqual(summaries(await q.retrieve()), ['10.0.0.2']);
  const failures = q.report.failures;
  assert.equal(failures.length, 1);
  assert.equal(failures[0].status, 404);
  assert.match(failures[0].description, /tag "No Such Tag"/);
});
});
