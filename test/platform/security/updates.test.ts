// Issue 11 point 10: re-posting a user does not rotate its secret (409), PATCH changes only what it names, and a
// partial PUT of a job keeps everything it does not name.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { adminFetch, usePlatform } from '../../helpers/platform.js';
import { installTcx, probeTcx } from '../runner/helpers.js';

const tp = usePlatform();

describe('users', () => {
  test('re-posting an existing user is a 409 and its printed secret keeps working', async () => {
    const created = await tp.admin('POST', '/users', { userName: 'analyst', secretKey: 'analyst-secret-1', owners: [{ name: 'Example Organization' }] });
    const again = await adminFetch(tp.handle, 'POST', '/users', { json: { userName: 'analyst', secretKey: 'rotated-secret-2' } });
    assert.equal(again.status, 409);
    assert.match(again.body.error, /^userName: user "analyst" already exists; change it with PATCH/);
    const asDefault = await adminFetch(tp.handle, 'POST', '/users', { json: { userName: tp.handle.accessId, secretKey: 'takeover-secret' } });
    assert.equal(asDefault.status, 409, "the default user's secret cannot be replaced by a POST either");
    const owners = await tp.client({ accessId: 'analyst', secretKey: created.secretKey, retries: 0 }).v2<any>('GET', '/v2/owners');
    assert.ok(owners.owner.length > 0);
    assert.ok((await tp.client({ retries: 0 }).v2<any>('GET', '/v2/owners')).owner.length > 0);
  });

  test('PATCH /_platform/users/{name} changes only what it names', async () => {
    await tp.admin('POST', '/users', { userName: 'editor', secretKey: 'editor-secret-1', firstName: 'Ed', lastName: 'Itor', owners: [{ name: 'Example Organization', role: 'Read Only User' }] });
    const renamed = await tp.admin('PATCH', '/users/editor', { firstName: 'Edith' });
    assert.equal(renamed.firstName, 'Edith');
    assert.equal(renamed.lastName, 'Itor');
    assert.equal(renamed.secretKey, undefined, 'the secret is never sent back');
    assert.equal(renamed.owners[0].role, 'Read Only User', 'memberships untouched');
    assert.ok((await tp.client({ accessId: 'editor', secretKey: 'editor-secret-1', retries: 0 }).v2<any>('GET', '/v2/owners')).owner.length > 0, 'secret untouched');

    await tp.admin('PATCH', '/users/editor', { secretKey: 'editor-secret-2' });
    const old = await tp.client({ accessId: 'editor', secretKey: 'editor-secret-1', retries: 0 }).request({ path: '/v2/owners', allowErrorStatus: true });
    assert.equal(old.status, 401, 'a rotation asked for by name does rotate');

    const unknownField = await adminFetch(tp.handle, 'PATCH', '/users/editor', { json: { userName: 'renamed' } });
    assert.equal(unknownField.status, 400);
    assert.match(unknownField.body.error, /userName/);
    const missing = await adminFetch(tp.handle, 'PATCH', '/users/nobody', { json: { firstName: 'x' } });
    assert.equal(missing.status, 404);
  });
});

describe('jobs', () => {
  test('PUT /_platform/jobs/{job} with {"enabled": false} keeps the params, schedule and name', async () => {
    const installed = await installTcx(tp.handle, (await probeTcx()).bytes);
    assert.equal(installed.status, 201, JSON.stringify(installed.body));
    const job = await tp.admin('POST', '/jobs', { app: 'Runner_Probe_v1', name: 'kept', params: { mode: 'partial', sleep_ms: '5' }, schedule: '0 0 3 * * *' });
    const updated = await tp.admin('PUT', `/jobs/${job.id}`, { enabled: false });
    assert.equal(updated.enabled, false);
    assert.deepEqual(updated.params, job.params);
    assert.equal(updated.schedule, job.schedule);
    assert.equal(updated.name, 'kept');
    const renamed = await tp.admin('PUT', `/jobs/${job.id}`, { name: 'kept too' });
    assert.deepEqual(renamed.params, job.params);
    assert.equal(renamed.enabled, false);
  });
});
