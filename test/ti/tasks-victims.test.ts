// Tasks (assignees, escalatees) and victims (assets) through the TI module against the target (local platform, or
// ThreatConnect in live mode: docs/testing.md).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useTarget } from '../helpers/target.js';
import { ThreatIntelligence, TiNotFoundError } from '../../src/ti/index.js';
import { TcApiError, TcConfigError } from '../../src/core/errors.js';

const target = useTarget();
const n = target.name;
let ti: ThreatIntelligence;
let me: string;
let colleague: string;

describe('TI tasks and victims', () => {
  before(async () => {
    ti = new ThreatIntelligence(target.client({ retries: 0 }));
    // an API user's user name is its access id
    me = target.clientOptions().accessId!;
    // a second user exists only where the admin interface can make one
    if (target.admin) colleague = (await target.admin('POST', '/users', { owners: [{ name: target.owner, role: 'Standard User' }] })).userName;
  });

  test('task CRUD with dates, status and people', async (t) => {
    if (target.localOnly(t, 'a second user, created through the admin interface')) return;
    const task = ti.task({ name: n('Triage'), status: 'Not Started', dueDate: '2030-01-02T03:04:05Z', description: 'look', assignees: [me], escalatees: [colleague] });
    const created = await task.create();
    assert.equal(created.name, n('Triage'));
    assert.equal(created.dueDate, '2030-01-02T03:04:05Z');
    assert.deepEqual(created.assignee?.map((u) => u.userName), [me]);
    assert.deepEqual(created.escalatee?.map((u) => u.userName), [colleague]);
    const updated = await task.update({ status: 'In Progress', reminderDate: new Date('2029-12-31T00:00:00Z') });
    assert.equal(updated.status, 'In Progress');
    assert.equal(updated.reminderDate, '2029-12-31T00:00:00Z');
    assert.equal((await ti.task({ id: created.id }).get()).status, 'In Progress');
    await task.delete();
    await assert.rejects(task.get(), TiNotFoundError);
    assert.throws(() => ti.task({ name: 'x', status: 'Sleeping' as never }), /status: must be one of Not Started/);
    await assert.rejects(ti.task({ description: 'no name' }).create(), (e: Error) => e instanceof TcConfigError && e.field === 'name');
  });

  test('assignees and escalatees: list, get, add, delete', async (t) => {
    if (target.localOnly(t, 'a second user, created through the admin interface')) return;
    const task = ti.task({ name: n('People') });
    await task.create();
    await task.addAssignee(me);
    await task.addAssignee(colleague);
    assert.deepEqual((await task.assignees().toArray()).map((u) => u.userName).sort(), [me, colleague].sort());
    assert.equal((await task.assignee(colleague)).userName, colleague);
    await task.deleteAssignee(me);
    assert.deepEqual((await task.assignees().toArray()).map((u) => u.userName), [colleague]);
    await task.addEscalatee(me);
    assert.equal((await task.escalatee(me)).userName, me);
    assert.deepEqual((await task.escalatees().toArray()).map((u) => u.userName), [me]);
    await task.deleteEscalatee(me);
    assert.deepEqual(await task.escalatees().toArray(), []);
    await assert.rejects(task.addAssignee('nobody-at-all'), (e: Error) => e instanceof TcApiError && e.status >= 400);
  });

  test('tasks carry metadata and associations like other items', async () => {
    const task = ti.task({ name: n('With metadata') });
    await task.create();
    await task.addTag(n('Workflow'));
    await task.addAttribute('Description', 'why');
    const host = ti.host(target.host('task-link.example.com'));
    await host.create();
    await task.addAssociation(host);
    assert.deepEqual((await task.tags().toArray()).map((t) => t.name), [n('Workflow')]);
    assert.deepEqual((await task.indicatorAssociations().toArray()).map((i) => i.summary), [target.host('task-link.example.com')]);
    assert.deepEqual((await host.taskAssociations().toArray()).map((t) => t.name), [n('With metadata')]);
  });

  test('victim CRUD and every asset kind', async () => {
    const victim = ti.victim({ name: n('John Doe'), org: 'Test Org', suborg: 'HR', workLocation: 'Washington D.C.', nationality: 'American' });
    const created = await victim.create();
    assert.equal(created.org, 'Test Org');
    assert.equal((await victim.update({ description: 'a person' })).description, 'a person');
    const email = await victim.addAsset('emailAddresses', { address: 'john@example.org', addressType: 'personal' });
    const network = await victim.addAsset('networkAccounts', { account: 'jdoe', network: 'Active Directory' });
    const phone = await victim.addAsset('phoneNumbers', { phoneType: '+1 555 0199' });
    const social = await victim.addAsset('socialNetworks', { account: '@jdoe', network: 'Mastodon' });
    const site = await victim.addAsset('webSites', { webSite: 'https://jdoe.example.org/a b' });
    assert.equal(email.type, 'EmailAddress');
    assert.equal(network.account, 'jdoe');
    assert.equal(phone.phoneType, '+1 555 0199');
    assert.equal(social.network, 'Mastodon');
    assert.equal(site.webSite, 'https://jdoe.example.org/a b');
    assert.deepEqual((await victim.assets().toArray()).map((a) => a.type).sort(), ['EmailAddress', 'NetworkAccount', 'Phone', 'SocialNetwork', 'WebSite']);
    assert.deepEqual((await victim.assets('webSites').toArray()).map((a) => a.id), [site.id]);
    assert.equal((await victim.asset('emailAddresses', email.id)).address, 'john@example.org');
    assert.equal((await victim.updateAsset('networkAccounts', network.id, { account: 'john.doe' })).account, 'john.doe');
    await victim.deleteAsset('phoneNumbers', phone.id);
    assert.equal((await victim.assets().toArray()).length, 4);

    const group = ti.incident({ name: n('Victimised'), eventDate: '2024-01-01' });
    await group.create();
    await victim.addAssociation(group);
    assert.deepEqual((await victim.groupAssociations('Incident').toArray()).map((g) => g.name), [n('Victimised')]);
    await victim.delete();
    await assert.rejects(victim.get(), TiNotFoundError);
    assert.throws(() => ti.victimAsset('pagers' as never, 1), /assetType: must be one of emailAddresses/);
  });
});
