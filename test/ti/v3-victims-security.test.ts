// The SDK's v3 victims, victim assets, victim attributes and /v3/security/* collections against the platform.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../helpers/platform.js';
import { ThreatIntelligence, TiNotFoundError, TiV3Error, tql, type V3VictimFieldMap } from '../../src/ti/index.js';
import { OWNER_ROLE } from '../../src/model/schema/owner-role.js';
import { VICTIM_ASSET } from '../../src/model/schema/victim-asset.js';
import { VICTIM } from '../../src/model/schema/victim.js';

const tp = usePlatform();
let ti: ThreatIntelligence;

describe('TI v3 victims and security objects', () => {
  before(async () => {
    ti = new ThreatIntelligence(tp.client({ retries: 0 }));
    for (let i = 0; i < 7; i++) {
      // one labelled victim for the securityLabel keyword
      const securityLabels = i === 4 ? { data: [{ name: 'TLP:RED' }] } : undefined;
      await ti.v3.victims.create({ name: `Paging Victim ${i}`, nationality: i % 2 ? 'Atlantean' : 'Lemurian', securityLabels });
    }
  });

  test('victims: create with nested assets, attributes, tags; get with each fields= value', async () => {
    const created = await ti.v3.victims.create({
      name: 'Alice Example',
      org: 'Example Corp',
      suborg: 'Finance',
      workLocation: 'Remote',
      assets: { data: [{ type: 'EmailAddress', address: 'alice@example.com', addressType: 'Work' }, { type: 'WebSite', website: 'alice.example.com' }] },
      attributes: { data: [{ type: 'Description', value: 'Targeted in a phishing run', default: true }] },
      tags: { data: [{ name: 'Phished' }] },
    });
    assert.equal(created.name, 'Alice Example');
    assert.equal(created.ownerName, 'Example Organization');
    const cases: Array<[string, (v: Record<string, unknown>) => void]> = [
      ['assets', (v) => assert.deepEqual((v.assets as { data: Array<{ type: string }> }).data.map((a) => a.type), ['EmailAddress', 'WebSite'])],
      ['attributes', (v) => assert.equal((v.attributes as { data: Array<{ value: string }> }).data[0].value, 'Targeted in a phishing run')],
      ['tags', (v) => assert.deepEqual((v.tags as { data: Array<{ name: string }> }).data.map((t) => t.name), ['Phished'])],
      ['securityLabels', (v) => assert.deepEqual(v.securityLabels, { data: [] })],
      ['associatedGroups', (v) => assert.deepEqual(v.associatedGroups, { data: [] })],
    ];
    for (const [field, check] of cases) {
      const got = await ti.v3.victims.get(created.id, { fields: [field as keyof V3VictimFieldMap] });
      check(got as Record<string, unknown>);
    }
    const plain = await ti.v3.victims.get(created.id);
    assert.equal(plain.description, 'Targeted in a phishing run');
    assert.equal((plain as Record<string, unknown>).assets, undefined);
  });

  test('victims: list with TQL keywords, paging by next links, count', async () => {
    const cases: Array<[string, string, number]> = [
      ['name prefix', 'name startswith "Paging Victim"', 7],
      ['nationality', tql`nationality = ${'Atlantean'}`.text, 3],
      ['asset type', 'assetTypename = "WebSite"', 1],
      ['asset value', 'assetName = "alice@example.com"', 1],
      ['tag', 'tag = "Phished"', 1],
      ['description (the displayed Description attribute)', 'description contains "phishing run" and assetTypename = "EmailAddress"', 1],
      ['security label', 'securityLabel = "TLP:RED" and nationality = "Lemurian"', 1],
      ['or with parentheses', '(organization = "Example Corp" or nationality = "Lemurian") and name contains "i"', 5],
    ];
    for (const [name, query, expected] of cases) {
      assert.equal((await ti.v3.victims.many({ tql: query }).toArray()).length, expected, name);
    }
    const paged = await ti.v3.victims.many({ tql: 'name startswith "Paging"', resultLimit: 3 }).toArray();
    assert.equal(new Set(paged.map((v) => v.id)).size, 7);
    assert.equal(await ti.v3.victims.count('name startswith "Paging"'), 7);
    await assert.rejects(ti.v3.victims.many({ tql: 'hostName = "x"' }).toArray(), /unsupported keyword for victims: hostName/);
  });

  test('victims: update by read-modify-write of a GET, nested modes append/replace/delete, delete', async () => {
    const group = await ti.v3.groups.create({ type: 'Adversary', name: 'Victim Adversary' });
    const v = await ti.v3.victims.create({
      name: 'Bob Example',
      assets: { data: [{ type: 'Phone', phone: '+1 555 0100' }] },
      attributes: { data: [{ type: 'Source', value: 'a call' }] },
      securityLabels: { data: [{ name: 'TLP:AMBER' }] },
      associatedGroups: { data: [{ id: group.id }] },
    });
    const every = ['assets', 'tags', 'attributes', 'securityLabels', 'associatedGroups'] as const;
    const got = await ti.v3.victims.get(v.id, { fields: every });
    const roundTrip = await ti.v3.victims.update(v.id, { ...got, nationality: 'Martian' });
    assert.equal(roundTrip.nationality, 'Martian');
    const after = await ti.v3.victims.get(v.id, { fields: every });
    assert.deepEqual({ ...after, nationality: undefined, lastModified: undefined }, { ...got, nationality: undefined, lastModified: undefined }, 'a GET written back changes nothing else');
    await ti.v3.victims.update(v.id, { associatedGroups: { data: [{ id: group.id }], mode: 'delete' } });

    const modes: Array<[string, Parameters<typeof ti.v3.victims.update>[1], (x: { assets: { data: Array<Record<string, unknown>> }; tags: { data: Array<{ name: string }> }; associatedGroups: { data: Array<{ id: number }> } }) => void]> = [
      ['append asset and tag', { assets: { data: [{ type: 'SocialNetwork', accountName: '@bob', socialNetwork: 'Mastodon' }] }, tags: { data: [{ name: 'A' }, { name: 'B' }] } }, (x) => {
        assert.equal(x.assets.data.length, 2);
        assert.deepEqual(x.tags.data.map((t) => t.name).sort(), ['A', 'B']);
      }],
      ['delete asset by type and value, tag by name', { assets: { data: [{ type: 'Phone', phone: '+1 555 0100' }], mode: 'delete' }, tags: { data: [{ name: 'A' }], mode: 'delete' } }, (x) => {
        assert.deepEqual(x.assets.data.map((a) => a.type), ['SocialNetwork']);
        assert.deepEqual(x.tags.data.map((t) => t.name), ['B']);
      }],
      ['replace assets and tags', { assets: { data: [{ type: 'NetworkAccount', accountName: 'bob', networkType: 'AD' }], mode: 'replace' }, tags: { data: [{ name: 'C' }], mode: 'replace' } }, (x) => {
        assert.deepEqual(x.assets.data.map((a) => [a.type, a.accountName, a.networkType]), [['NetworkAccount', 'bob', 'AD']]);
        assert.deepEqual(x.tags.data.map((t) => t.name), ['C']);
      }],
      ['associate a group, then remove it', { associatedGroups: { data: [{ id: group.id }] } }, (x) => assert.deepEqual(x.associatedGroups.data.map((g) => g.id), [group.id])],
      ['dissociate', { associatedGroups: { data: [{ id: group.id }], mode: 'delete' } }, (x) => assert.deepEqual(x.associatedGroups.data, [])],
    ];
    for (const [name, body, check] of modes) {
      await ti.v3.victims.update(v.id, body);
      check((await ti.v3.victims.get(v.id, { fields: ['assets', 'tags', 'associatedGroups'] })) as never);
      assert.ok(true, name);
    }
    await assert.rejects(ti.v3.victims.update(v.id, { assets: { data: [{ type: 'Phone', address: 'x@example.com' }] } }), /address: not a field of a Phone asset/);
    await assert.rejects(ti.v3.victims.update(v.id, { colour: 'red' } as never), /colour: not a field of Victim/);
    await tp.admin('POST', '/owners', { name: 'Other Source', type: 'Source' });
    const foreign = await ti.v3.groups.create({ type: 'Adversary', name: 'Foreign Adversary', ownerName: 'Other Source' });
    await assert.rejects(ti.v3.victims.update(v.id, { associatedGroups: { data: [{ id: foreign.id }] } }), /owners of the requested objects were different/);
    await ti.v3.victims.delete(v.id);
    await assert.rejects(ti.v3.victims.get(v.id), TiNotFoundError);
  });

  test('victim assets: create, get with fields, list with TQL and paging, round-trip update, delete', async () => {
    const v = await ti.v3.victims.create({ name: 'Carol Example' });
    const a = await ti.v3.victimAssets.create({ victimId: v.id, type: 'EmailAddress', address: 'carol@example.com' });
    assert.equal(a.address, 'carol@example.com');
    for (let i = 0; i < 4; i++) await ti.v3.victimAssets.create({ victimId: v.id, type: 'WebSite', website: `carol${i}.example.com` });
    const withGroups = await ti.v3.victimAssets.get(a.id, { fields: ['associatedGroups'] });
    assert.deepEqual(withGroups.associatedGroups, { data: [] });
    const cases: Array<[string, string, number]> = [
      ['by victim', `victimId = ${v.id}`, 5],
      ['by type', `victimId = ${v.id} and typeName = "WebSite"`, 4],
      ['by value', 'asset = "carol@example.com"', 1],
      ['by victim name', 'victimName = "Carol Example"', 5],
    ];
    for (const [name, query, expected] of cases) assert.equal((await ti.v3.victimAssets.many({ tql: query, resultLimit: 2 }).toArray()).length, expected, name);
    const got = await ti.v3.victimAssets.get(a.id);
    const updated = await ti.v3.victimAssets.update(a.id, { ...got, addressType: 'Personal' });
    assert.deepEqual([updated.address, updated.addressType, updated.victimId], ['carol@example.com', 'Personal', v.id]);
    await ti.v3.victimAssets.delete(a.id);
    await assert.rejects(ti.v3.victimAssets.get(a.id), TiNotFoundError);
    await assert.rejects(ti.v3.victimAssets.create({ victimId: 999999, type: 'Phone', phone: '1' }), /victimId: no victim 999999/);
  });

  test('victim attributes: create, get, list with TQL, round-trip update, delete', async () => {
    const v = await ti.v3.victims.create({ name: 'Dave Example' });
    const attr = await ti.v3.victimAttributes.create({ victimId: v.id, type: 'Description', value: 'first', source: 'interview' });
    await ti.v3.victimAttributes.create({ victimId: v.id, type: 'Source', value: 'a report' });
    assert.equal(attr.source, 'interview');
    assert.deepEqual((await ti.v3.victimAttributes.get(attr.id, { fields: ['securityLabels'] })).securityLabels, { data: [] });
    const cases: Array<[string, string, number]> = [
      ['by victim', `victimId = ${v.id}`, 2],
      ['by type', `victimId = ${v.id} and typeName = "Source"`, 1],
      ['by text', 'text contains "firs"', 1],
    ];
    for (const [name, query, expected] of cases) assert.equal((await ti.v3.victimAttributes.many({ tql: query }).toArray()).length, expected, name);
    const got = await ti.v3.victimAttributes.get(attr.id);
    const updated = await ti.v3.victimAttributes.update(attr.id, { ...got, value: 'second', pinned: true });
    assert.deepEqual([updated.value, updated.pinned, updated.type], ['second', true, 'Description']);
    await ti.v3.victimAttributes.delete(attr.id);
    await assert.rejects(ti.v3.victimAttributes.get(attr.id), TiNotFoundError);
  });

  test('OPTIONS /fields and /tql answer from the schema', async () => {
    const client = tp.client();
    const cases: Array<[string, string[], string[]]> = [
      ['/v3/victims', VICTIM.fields.filter((f) => 'optIn' in f && f.optIn).map((f) => f.name), VICTIM.tql.map((k) => k.keyword)],
      ['/v3/victimAssets', ['associatedGroups'], VICTIM_ASSET.tql.map((k) => k.keyword)],
      ['/v3/security/ownerRoles', [], OWNER_ROLE.tql.map((k) => k.keyword)],
    ];
    for (const [path, fields, keywords] of cases) {
      assert.deepEqual((await client.request({ method: 'OPTIONS', path: `${path}/fields` })).json().data.map((f: { name: string }) => f.name), fields, path);
      assert.deepEqual((await client.request({ method: 'OPTIONS', path: `${path}/tql` })).json().data.map((k: { keyword: string }) => k.keyword), keywords, path);
    }
    const readOnly = (await client.request({ method: 'OPTIONS', path: '/v3/victims', query: { show: 'readOnly' } })).json();
    assert.equal(readOnly.data.webLink.readOnly, true);
  });

  test('security: owners with role and rights, users without secrets, groups, role catalogues', async () => {
    await tp.admin('POST', '/owners', { name: 'Victim Community', type: 'Community' });
    const reader = await tp.admin('POST', '/users', { firstName: 'Rita', owners: [{ name: 'Victim Community', role: 'Read Only User' }] });
    await tp.admin('POST', '/userGroups', { name: 'Analysts', description: 'The analysts', users: [reader.userName] });

    const owners = await ti.v3.owners.many().toArray();
    const org = owners.find((o) => o.name === 'Example Organization')!;
    assert.equal(org.permIndicator, 'FULL');
    assert.equal(await ti.v3.owners.count(tql`ownerName = ${'Victim Community'}`), 1);

    const users = await ti.v3.users.many({ tql: 'firstName = "Rita"' }).toArray();
    assert.equal(users.length, 1);
    assert.equal(JSON.stringify(users).includes(reader.secretKey), false, 'no secret key');
    assert.equal('secretKey' in users[0], false);

    const group = (await ti.v3.userGroups.many({ tql: 'name = "Analysts"' }).toArray())[0];
    const withUsers = await ti.v3.userGroups.get(group.id, { fields: ['users'] });
    assert.deepEqual(withUsers.users.data.map((u) => u.firstName), ['Rita']);

    const cases: Array<[string, () => Promise<unknown[]>, number]> = [
      ['owner roles of communities', () => ti.v3.ownerRoles.many({ tql: 'commRole = true' }).toArray(), 5],
      ['owner roles paged', () => ti.v3.ownerRoles.many({ resultLimit: 4 }).toArray(), 11],
      ['system roles', () => ti.v3.systemRoles.many({ tql: 'name in ("Administrator", "Api User")' }).toArray(), 2],
    ];
    for (const [name, run, expected] of cases) assert.equal((await run()).length, expected, name);
    assert.equal((await ti.v3.systemRoles.get(1)).name, 'Administrator');

    // the reader sees itself and the community's members, its owner rights are read-only
    const readerTi = new ThreatIntelligence(tp.client({ accessId: reader.userName, secretKey: reader.secretKey, retries: 0 }));
    const mine = await readerTi.v3.owners.many().toArray();
    assert.deepEqual(mine.map((o) => [o.name, o.ownerRole, o.permIndicator, o.permUsers]), [['Victim Community', 'Read Only User', 'READ', 'NONE']]);
    assert.equal((await readerTi.v3.victims.many().toArray()).length, 0, 'no victims of owners it is not in');
    await assert.rejects(readerTi.v3.victims.create({ name: 'nope', ownerName: 'Victim Community' }), /access was denied/);
    await assert.rejects(
      tp.client().request({ method: 'POST', path: '/v3/security/users', body: { userName: 'x' } }),
      (err: Error & { status?: number }) => err.status === 404,
    );
  });

  test('exclusion lists: create, get, list with TQL, round-trip update with value modes, delete, permissions', async () => {
    const list = await ti.v3.exclusionLists.create({ name: 'Host', fixedValues: { data: [{ value: 'example.com' }] }, variableValues: { data: [{ value: '*.internal' }] } });
    assert.equal(list.owner, 'Example Organization');
    assert.equal(list.active, true);
    const got = await ti.v3.exclusionLists.get(list.id);
    const same = await ti.v3.exclusionLists.update(list.id, got);
    assert.deepEqual(same.fixedValues, { data: [{ value: 'example.com' }] }, 'a GET written back changes nothing');
    const cases: Array<[string, Parameters<typeof ti.v3.exclusionLists.update>[1], unknown]> = [
      ['append', { fixedValues: { data: [{ value: 'example.org' }] } }, ['example.com', 'example.org']],
      ['delete', { fixedValues: { data: [{ value: 'example.com' }], mode: 'delete' } }, ['example.org']],
      ['replace', { fixedValues: { data: [{ value: 'a.test' }, { value: 'b.test' }], mode: 'replace' } }, ['a.test', 'b.test']],
    ];
    for (const [name, body, expected] of cases) {
      const out = await ti.v3.exclusionLists.update(list.id, body);
      assert.deepEqual((out.fixedValues as { data: Array<{ value: string }> }).data.map((d) => d.value), expected, name);
    }
    assert.equal((await ti.v3.exclusionLists.update(list.id, { active: false })).active, false);
    assert.equal(await ti.v3.exclusionLists.count('active = false and name = "Host"'), 1);
    await assert.rejects(ti.v3.exclusionLists.create({ name: '' }), TiV3Error);
    await ti.v3.exclusionLists.delete(list.id);
    await assert.rejects(ti.v3.exclusionLists.get(list.id), TiNotFoundError);
  });
});
