// Metadata, associations and pivots through the TI module against the target (local platform, or ThreatConnect in
// live mode: docs/testing.md).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useTarget } from '../helpers/target.js';
import { ThreatIntelligence, TiNotFoundError } from '../../src/ti/index.js';
import { TcApiError } from '../../src/core/errors.js';

const target = useTarget();
const n = target.name;
const h = target.host;
let ti: ThreatIntelligence;

describe('TI metadata and associations', () => {
  before(() => {
    ti = new ThreatIntelligence(target.client({ retries: 0 }));
  });

  test('attributes: source, displayed, update, labels on attributes, delete', async () => {
    const host = ti.host(h('attributed.example.com'));
    await host.create();
    const desc = await host.addAttribute('Description', 'Seen in phishing.', { source: 'Hybrid Analysis', displayed: true });
    assert.equal(desc.type, 'Description');
    assert.equal(desc.source, 'Hybrid Analysis');
    assert.equal(desc.displayed, true);
    assert.equal((await host.get()).description, 'Seen in phishing.');
    const other = await host.addAttribute('External ID', 'ext-1');
    assert.deepEqual((await host.attributes().toArray()).map((a) => a.id), [desc.id, other.id]);
    assert.equal((await host.attribute(other.id)).value, 'ext-1');
    const changed = await host.updateAttribute(desc.id, 'Seen in many phishing runs.', { source: 'Analyst' });
    assert.equal(changed.value, 'Seen in many phishing runs.');
    assert.equal(changed.source, 'Analyst');

    await host.addAttributeLabel(desc.id, 'TLP:AMBER');
    assert.deepEqual((await host.attributeLabels(desc.id).toArray()).map((l) => l.name), ['TLP:AMBER']);
    await host.deleteAttributeLabel(desc.id, 'TLP:AMBER');
    assert.deepEqual(await host.attributeLabels(desc.id).toArray(), []);

    await host.deleteAttribute(other.id);
    await assert.rejects(host.attribute(other.id), TiNotFoundError);
    await assert.rejects(host.addAttribute('No Such Type', 'x'), (e: Error) => e instanceof TcApiError && e.status === 400 && /attribute type was not found/.test(e.serverMessage));
    await assert.rejects(host.addAttribute('Description', ''), /attribute\.value: must be a non-empty string/);
  });

  test('tags and security labels: names with reserved characters, includes embed them typed', async () => {
    const incident = ti.incident({ name: n('Tagged'), eventDate: '2024-01-01' });
    await incident.create();
    // tags are shared by name across owners, case-insensitively: a live run names its own
    for (const tag of ['APT/28: Fancy Bear', 'C:\\temp', '100% evil?', n('Crimeware')]) await incident.addTag(tag);
    await incident.addLabel('TLP:GREEN');
    await incident.addAttribute('Description', 'x');
    assert.deepEqual((await incident.tags().toArray()).map((t) => t.name).sort(), ['100% evil?', 'APT/28: Fancy Bear', 'C:\\temp', n('Crimeware')].sort());
    assert.deepEqual((await incident.labels().toArray()).map((l) => l.name), ['TLP:GREEN']);

    const full = await incident.get({ includes: ['tags', 'labels', 'attributes', 'additional'] });
    assert.equal(full.tag.length, 4);
    assert.deepEqual(full.securityLabel.map((l) => l.name), ['TLP:GREEN']);
    assert.equal(full.attribute[0].value, 'x');
    assert.equal(full.status, undefined); // no status was set

    await incident.deleteTag('APT/28: Fancy Bear');
    await incident.deleteLabel('TLP:GREEN');
    assert.equal((await incident.tags().toArray()).length, 3);
    assert.deepEqual(await incident.labels().toArray(), []);
    await assert.rejects(incident.addLabel('TLP:PLAID'), (e: Error) => e instanceof TcApiError && e.status === 400 && /unknown security label "TLP:PLAID"/.test(e.serverMessage));
    await assert.rejects(incident.addTag('t'.repeat(129)), /tag: must be at most 128 characters/);
  });

  describe('group-group, group-indicator, victim, victim asset and task associations, listed typed and deleted', () => {
    let adversary: ReturnType<ThreatIntelligence['adversary']>;
    let campaign: ReturnType<ThreatIntelligence['campaign']>;
    let host: ReturnType<ThreatIntelligence['host']>;
    let assetId: number;
    before(async () => {
      adversary = ti.adversary({ name: n('Linked Adversary') });
      campaign = ti.campaign({ name: n('Linked Campaign') });
      host = ti.host(h('linked.example.com'));
      const url = ti.url(`http://${h('linked.example.com')}/x/y`);
      const victim = ti.victim({ name: n('Jane') });
      const task = ti.task({ name: n('Investigate') });
      for (const item of [adversary, campaign, host, url, victim, task]) await item.create();
      assetId = (await victim.addAsset('emailAddresses', { address: 'jane@example.org', addressType: 'work' })).id;
      for (const other of [campaign, host, url, victim, ti.victimAsset('emailAddresses', assetId), task]) await adversary.addAssociation(other);
    });

    test('group to group: listed with their type, filtered by type, none of another type', async () => {
      assert.deepEqual((await adversary.groupAssociations().toArray()).map((g) => [g.type, g.name]), [['Campaign', n('Linked Campaign')]]);
      assert.deepEqual((await adversary.groupAssociations('Campaign').toArray()).map((g) => g.name), [n('Linked Campaign')]);
      assert.deepEqual(await adversary.groupAssociations('Incident').toArray(), []);
    });

    test('group to indicator: every indicator, and by type with its typed value field', async () => {
      assert.deepEqual((await adversary.indicatorAssociations().toArray()).map((i) => i.summary).sort(), [`http://${h('linked.example.com')}/x/y`, h('linked.example.com')]);
      assert.deepEqual((await adversary.indicatorAssociations('URL').toArray()).map((i) => i.text), [`http://${h('linked.example.com')}/x/y`]);
    });

    test('victims, victim assets and tasks are listed', async () => {
      assert.deepEqual((await adversary.victimAssociations().toArray()).map((v) => v.name), [n('Jane')]);
      assert.equal((await adversary.victimAssetAssociations().toArray())[0].id, assetId);
      assert.deepEqual((await adversary.taskAssociations().toArray()).map((t) => t.name), [n('Investigate')]);
    });

    test('associations are symmetric: visible from the other end', async () => {
      assert.deepEqual((await host.groupAssociations('Adversary').toArray()).map((g) => g.name), [n('Linked Adversary')]);
      assert.deepEqual((await campaign.groupAssociations().toArray()).map((g) => g.name), [n('Linked Adversary')]);
    });

    test('deleting one association leaves the others', async () => {
      await adversary.deleteAssociation(host);
      assert.deepEqual((await adversary.indicatorAssociations().toArray()).map((i) => i.type), ['URL']);
    });

    test('associating a group that does not exist is a 404', async () => {
      await assert.rejects(adversary.addAssociation(ti.adversary({ id: 99999 })), (e: Error) => e instanceof TcApiError && e.status === 404);
    });
  });

  test('typed indicator-to-indicator associations', async () => {
    const cidr = ti.cidr('192.168.0.0/24');
    const address = ti.address('192.168.0.1');
    const agent = ti.userAgent('curl/8.0');
    for (const i of [cidr, address, agent]) await i.create();
    await address.addCustomAssociation('cidrToAddress', cidr);
    await address.addCustomAssociation('addressToUserAgent', agent);
    assert.deepEqual((await address.customAssociations('cidrToAddress').toArray()).map((i) => i.summary), ['192.168.0.0/24']);
    assert.deepEqual((await cidr.customAssociations('cidrToAddress', 'Address').toArray()).map((i) => i.ip), ['192.168.0.1']);
    await assert.rejects(cidr.addCustomAssociation('addressToUserAgent', agent), (e: Error) => e instanceof TcApiError && e.status === 400 && /Invalid association/.test(e.serverMessage));
    await address.deleteCustomAssociation('cidrToAddress', cidr);
    assert.deepEqual(await address.customAssociations('cidrToAddress').toArray(), []);
  });

  test('tag pivots, tag CRUD and tag listings with filters', async () => {
    const host = ti.host(h('pivot.example.com'));
    const adversary = ti.adversary({ name: n('Pivot Adversary') });
    const victim = ti.victim({ name: n('Pivot Victim') });
    const task = ti.task({ name: n('Pivot Task') });
    for (const item of [host, adversary, victim, task]) {
      await item.create();
      await item.addTag(n('Pivot Tag'));
    }
    const tag = ti.tag(n('Pivot Tag'));
    assert.deepEqual((await tag.groups().many().toArray()).map((g) => g.name), [n('Pivot Adversary')]);
    assert.deepEqual((await tag.groups('Adversary').many({ includes: ['tags'] }).toArray()).map((g) => g.tag.length), [1]);
    assert.deepEqual(await tag.groups('Incident').many().toArray(), []);
    assert.deepEqual((await tag.indicators().many().toArray()).map((i) => i.summary), [h('pivot.example.com')]);
    assert.deepEqual((await tag.indicators('Host').many().toArray()).map((i) => i.hostName), [h('pivot.example.com')]);
    assert.deepEqual((await tag.victims().many().toArray()).map((v) => v.name), [n('Pivot Victim')]);
    assert.deepEqual((await tag.tasks().many().toArray()).map((t) => t.name), [n('Pivot Task')]);

    const made = await ti.tag(n('Described')).create('A tag with a description');
    assert.equal(made.name, n('Described'));
    assert.equal((await ti.tag(n('Described')).update({ description: 'new words' })).description, 'new words');
    const renamed = await ti.tag(n('Described')).update({ name: n('Renamed') });
    assert.equal(renamed.name, n('Renamed'));
    assert.equal((await ti.tag(n('Renamed')).get()).name, n('Renamed'));
    const heavy = ti.tags().filters().add('weight', '>', 3);
    assert.deepEqual((await ti.tags().many({ filters: heavy }).toArray()).map((t) => t.name), [n('Pivot Tag')]);
    const prefix = ti.tags().filters().add('name', '^', n('Ren'));
    assert.deepEqual((await ti.tags().many({ filters: prefix }).toArray()).map((t) => t.name), [n('Renamed')]);
    await tag.delete();
    assert.deepEqual(await host.tags().toArray(), []);
    await assert.rejects(ti.tag(n('Pivot Tag')).get(), TiNotFoundError);
  });

  test('security labels: listing and pivots', async () => {
    const email = ti.emailAddress(`${target.prefix || 'labelled'}@example.com`);
    await email.create();
    await email.addLabel('TLP:RED');
    const names = (await ti.securityLabels().many().toArray()).map((l) => l.name);
    assert.ok(names.includes('TLP:RED') && names.includes('TLP:WHITE'));
    const red = ti.securityLabel('TLP:RED');
    assert.equal((await red.get()).name, 'TLP:RED');
    assert.deepEqual((await red.indicators().many().toArray()).map((i) => i.summary), [`${target.prefix || 'labelled'}@example.com`]);
    assert.deepEqual((await red.indicators('EmailAddress').many().toArray()).map((i) => i.address), [`${target.prefix || 'labelled'}@example.com`]);
    const filtered = ti.securityLabels().filters().add('name', '^', 'TLP:A');
    assert.deepEqual((await ti.securityLabels().many({ filters: filtered }).toArray()).map((l) => l.name).sort(), ['TLP:AMBER', 'TLP:AMBER+STRICT']);
  });
});
