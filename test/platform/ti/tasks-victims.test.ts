import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../../helpers/platform.js';
import { call } from './helpers.js';

const tp = usePlatform();

describe('v2 tasks', () => {
  describe('one task through its lifecycle: create with an assignee, update (both assignee forms), people, refusals, delete', () => {
    let c: ReturnType<typeof tp.client>;
    let me: string;
    let t: any;

    test('create: 201, Not Started, neither escalated nor reminded, due date in UTC, assignee and owner set', async () => {
      c = tp.client();
      me = tp.handle.accessId;
      const made = await call(c, 'POST', '/v2/tasks', {
        name: 'Test Task',
        dueDate: '2017-07-13T13:36:53-04:00',
        escalationDate: '2017-07-14',
        description: 'look into it',
        assignee: [{ userName: me }],
      });
      assert.equal(made.status, 201);
      t = made.body.data.task;
      assert.equal(t.status, 'Not Started');
      assert.equal(t.escalated, false);
      assert.equal(t.reminded, false);
      assert.equal(t.dueDate, '2017-07-13T17:36:53Z');
      assert.equal(t.description, 'look into it');
      assert.equal(t.assignee[0].userName, me);
      assert.match(t.webLink, /workflow\/task\.xhtml\?task=/);
      assert.equal(t.owner.name, 'Example Organization');
    });

    test('a past due date on a task not completed makes it overdue', () => {
      assert.equal(t.overdue, true);
    });

    test('update to Completed: no longer overdue; assignee as a list, escalatee as {userName: [...]}', async () => {
      const upd = await c.v2('PUT', `/v2/tasks/${t.id}`, { body: { status: 'Completed', escalatee: { userName: [me] }, assignee: [] } });
      assert.equal(upd.task.status, 'Completed');
      assert.equal(upd.task.overdue, false);
      assert.deepEqual(upd.task.assignee, []);
      assert.equal(upd.task.escalatee[0].userName, me);
    });

    test('assignees and escalatees have their own endpoints: add, list, get one, remove', async () => {
      await c.v2('POST', `/v2/tasks/${t.id}/assignees/${me}`);
      assert.deepEqual((await c.v2('GET', `/v2/tasks/${t.id}/assignees`)).user.map((u: any) => u.userName), [me]);
      assert.equal((await c.v2('GET', `/v2/tasks/${t.id}/escalatees/${me}`)).user.userName, me);
      await c.v2('DELETE', `/v2/tasks/${t.id}/escalatees/${me}`);
      assert.equal((await c.v2('GET', `/v2/tasks/${t.id}/escalatees`)).resultCount, 0);
    });

    test('an unknown user cannot be assigned (400)', async () => {
      assert.equal((await call(c, 'POST', `/v2/tasks/${t.id}/assignees/nobody`)).status, 400);
      const badUser = await call(c, 'POST', '/v2/tasks', { name: 'x', assignee: [{ userName: 'ghost' }] });
      assert.equal(badUser.status, 400);
      assert.match(badUser.body.message, /assignee.*ghost/);
    });

    test('an unknown status is refused with the list of valid ones', async () => {
      const bad = await call(c, 'POST', '/v2/tasks', { name: 'x', status: 'Sleeping' });
      assert.equal(bad.status, 400);
      assert.match(bad.body.message, /status for this Task is invalid , please enter one of the following values: Not Started/);
    });

    test('after delete, the task is a 404', async () => {
      await c.v2('DELETE', `/v2/tasks/${t.id}`);
      assert.equal((await call(c, 'GET', `/v2/tasks/${t.id}`)).status, 404);
    });
  });

  test('task filters: status with = and !, overdue, assignee, name ^', async () => {
    const c = tp.client();
    const me = tp.handle.accessId;
    await c.v2('POST', '/v2/tasks', { body: { name: 'alpha one', status: 'In Progress', assignee: [{ userName: me }] } });
    await c.v2('POST', '/v2/tasks', { body: { name: 'alpha two', status: 'Deferred', dueDate: '2001-01-01' } });
    await c.v2('POST', '/v2/tasks', { body: { name: 'beta', status: 'Deferred' } });
    const names = async (filters: string, extra: Record<string, string> = {}) =>
      (await c.v2('GET', '/v2/tasks', { query: { filters, ...extra } })).task.map((t: any) => t.name).sort();
    assert.deepEqual(await names('status=Deferred'), ['alpha two', 'beta']);
    assert.deepEqual(await names('status!Deferred'), ['alpha one']);
    assert.deepEqual(await names('name^alpha'), ['alpha one', 'alpha two']);
    assert.deepEqual(await names('overdue=true'), ['alpha two']);
    assert.deepEqual(await names(`assignee=${me}`), ['alpha one']);
    assert.deepEqual(await names('name^beta,overdue=true', { orParams: 'true' }), ['alpha two', 'beta']);
    const notForGroups = await call(c, 'GET', '/v2/groups', undefined, { query: { filters: 'name!x' } });
    assert.equal(notForGroups.status, 400);
    assert.match(notForGroups.body.message, /only for tasks/);
  });
});

describe('v2 victims and victim assets', () => {
  test('CRUD with every asset type', async () => {
    const c = tp.client();
    const made = await c.v2('POST', '/v2/victims', {
      body: { name: 'Example Victim', org: 'Test Org', suborg: 'HR Department', workLocation: 'Washington D.C.', nationality: 'American' },
    });
    const v = made.victim;
    assert.equal(v.suborg, 'HR Department');
    assert.match(v.webLink, /victim\.xhtml\?victim=/);
    const bodies: Array<[string, Record<string, string>, string, string]> = [
      ['emailAddresses', { address: 'a@b.example', addressType: 'Work' }, 'victimEmailAddress', 'EmailAddress'],
      ['networkAccounts', { account: 'John Doe', network: 'Active Directory' }, 'victimNetworkAccount', 'NetworkAccount'],
      ['phoneNumbers', { phoneType: '555-0100' }, 'victimPhone', 'Phone'],
      ['socialNetworks', { account: '@jd', network: 'Twitter' }, 'victimSocialNetwork', 'SocialNetwork'],
      ['webSites', { webSite: 'example.org' }, 'victimWebSite', 'WebSite'],
    ];
    for (const [branch, body, entity, type] of bodies) {
      const a = (await c.v2('POST', `/v2/victims/${v.id}/victimAssets/${branch}`, { body }))[entity];
      assert.equal(a.type, type);
      for (const [k, val] of Object.entries(body)) assert.equal(a[k], val);
      assert.equal((await c.v2('GET', `/v2/victims/${v.id}/victimAssets/${branch}/${a.id}`))[entity].id, a.id);
      assert.equal((await c.v2('GET', `/v2/victims/${v.id}/victimAssets/${branch}`))[entity].length, 1);
      const missing = await call(c, 'POST', `/v2/victims/${v.id}/victimAssets/${branch}`, {});
      assert.equal(missing.status, 400);
      assert.match(missing.body.message, new RegExp(Object.keys(body)[0]));
    }
    assert.equal((await c.v2('GET', `/v2/victims/${v.id}/victimAssets`)).resultCount, 5);
    const first = (await c.v2('GET', `/v2/victims/${v.id}/victimAssets/webSites`)).victimWebSite[0];
    assert.equal((await c.v2('PUT', `/v2/victims/${v.id}/victimAssets/webSites/${first.id}`, { body: { webSite: 'new.example' } })).victimWebSite.webSite, 'new.example');
    await c.v2('DELETE', `/v2/victims/${v.id}/victimAssets/webSites/${first.id}`);
    assert.equal((await c.v2('GET', `/v2/victims/${v.id}/victimAssets`)).resultCount, 4);

    const put = await c.v2('PUT', `/v2/victims/${v.id}`, { body: { name: 'Renamed Victim' } });
    assert.equal(put.victim.name, 'Renamed Victim');
    assert.equal(put.victim.org, 'Test Org');
    assert.deepEqual((await c.v2('GET', '/v2/victims', { query: { filters: 'name^Renamed' } })).victim.map((x: any) => x.id), [v.id]);
    const noName = await call(c, 'POST', '/v2/victims', { org: 'x' });
    assert.equal(noName.status, 400);
    assert.match(noName.body.message, /name/);
    await c.v2('DELETE', `/v2/victims/${v.id}`);
    assert.equal((await call(c, 'GET', `/v2/victims/${v.id}`)).status, 404);
  });
});
