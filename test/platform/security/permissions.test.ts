// Issue 11 points 3, 8 and 12, tried as an attacker would against a real platform: a read-only member and a second
// user with an owner of their own try to write through someone else's batch job, to link across owners with v3,
// and to create system-wide security labels through batch. Each attempt is refused, the server stays up and
// nothing changes (items are counted before and after).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TcClient } from '../../../src/client/index.js';
import { encodeSegment } from '../../../src/client/url.js';
import { usePlatform } from '../../helpers/platform.js';
import { call, userWithRole } from '../ti/helpers.js';
import { errors, waitDone } from '../batch/helpers.js';

const tp = usePlatform();
const ORG = 'Example Organization';
const OTHER = 'Other Org';

const batchConfig = (owner = ORG) => ({ version: 'V2', owner, haltOnError: 'false', action: 'Create', attributeWriteType: 'Replace' });
const upload = (client: TcClient, id: number, data: unknown) =>
  client.request({ method: 'POST', path: `/v2/batch/${id}`, body: Buffer.from(JSON.stringify(data)), contentType: 'application/octet-stream', allowErrorStatus: true, retries: 0 });

/** How many indicators, groups and security labels an owner has (by default as the organization's administrator). */
async function counts(owner = ORG, c: TcClient = tp.client()) {
  const total = async (path: string, query: Record<string, string> = {}) => (await c.v2('GET', path, { query: { resultLimit: '1', ...query } })).resultCount as number;
  return {
    indicators: await total('/v2/indicators', { owner }),
    groups: await total('/v2/groups', { owner }),
    labels: await total('/v2/securityLabels'),
  };
}

async function serverUp(): Promise<void> {
  assert.deepEqual(await tp.admin('GET', '/health'), { ok: true });
}

describe('permissions across owners, batch jobs and security labels', () => {
  let reader: TcClient; // Read Only User in the organization
  let writer: TcClient; // Standard User in the organization: writes, administers nothing
  let outsider: TcClient; // administers Other Org, may only read the organization
  let orgGroupId: number;

  before(async () => {
    await tp.admin('POST', '/owners', { name: OTHER, type: 'Organization' });
    reader = await userWithRole(tp, ORG, 'Read Only User');
    writer = await userWithRole(tp, ORG, 'Standard User');
    outsider = await userWithRole(tp, OTHER, 'Organization Administrator', [{ name: ORG, role: 'Read Only User' }]);
    orgGroupId = (await tp.client().v2('POST', '/v2/groups/threats', { body: { name: 'Org threat' } })).threat.id;
  });

  test('point 3: a batch job is only for its creator (or an owner administrator); others cannot upload, read or create', async () => {
    const owner = tp.client();
    const { batchId } = await writer.v2('POST', '/v2/batch', { body: batchConfig() });
    const before = await counts();
    const data = { indicator: [{ type: 'Host', summary: 'smuggled.example.com' }] };

    // the read-only member, a writer who did not create it, and a member of another owner: the job does not exist
    const stranger = await userWithRole(tp, ORG, 'Standard User');
    for (const client of [reader, stranger, outsider]) {
      assert.equal((await upload(client, batchId, data)).status, 404);
      assert.equal((await call(client, 'GET', `/v2/batch/${batchId}`)).status, 404);
      assert.equal((await call(client, 'GET', `/v2/batch/${batchId}/errors`)).status, 404);
    }
    // createAndUpload by a read-only member: the batch API's plain-text 401, no job, no data
    const form = new FormData();
    form.append('config', JSON.stringify(batchConfig()));
    form.append('content', JSON.stringify(data));
    const res = await reader.request({ method: 'POST', path: '/v2/batch/createAndUpload', body: form, allowErrorStatus: true, retries: 0 });
    assert.equal(res.status, 401);
    assert.match(res.text(), /^Unable to perform the requested operation due to the following error\(s\): You do not have permission to create Indicators/);
    assert.equal((await call(reader, 'POST', '/v2/batch', batchConfig())).status, 401);

    await serverUp();
    assert.deepEqual(await counts(), before);
    assert.equal((await call(writer, 'GET', `/v2/batch/${batchId}`)).body.data.batchStatus.status, 'Created', 'the job is untouched');

    // its creator uploads; the owner's administrator may read its status too
    assert.equal((await upload(writer, batchId, data)).status, 202);
    assert.equal((await waitDone(writer, batchId)).successCount, 1);
    assert.equal((await owner.v2('GET', `/v2/batch/${batchId}`)).batchStatus.status, 'Completed');
    assert.deepEqual(await errors(owner, batchId), []);
  });

  test('point 3: a creator made read-only since cannot upload to its job (plain-text 401), and the job stays empty', async () => {
    const user = await tp.admin('POST', '/users', { owners: [{ name: ORG, role: 'Standard User' }], defaultOwner: ORG });
    const creator = tp.client({ accessId: user.userName, secretKey: user.secretKey });
    const { batchId } = await creator.v2('POST', '/v2/batch', { body: batchConfig() });
    const directory = tp.handle.context.directory;
    // the membership changes under the job (what an administrator does in the owner's settings)
    directory.setMembership(user.id, directory.ownerByName(ORG)!.id, 'Read Only User');
    const before = await counts();
    const res = await upload(creator, batchId, { indicator: [{ type: 'Host', summary: 'demoted.example.com' }] });
    assert.equal(res.status, 401);
    assert.match(res.text(), /You do not have permission to create Indicators/);
    assert.equal((await creator.v2('GET', `/v2/batch/${batchId}`)).batchStatus.status, 'Created', 'its creator still reads it');
    await serverUp();
    assert.deepEqual(await counts(), before);
  });

  test('point 8: v3 refuses a link to a group the caller may only read; v2 refuses different owners; writers of both may link in v3', async () => {
    const before = { org: await counts(ORG), other: await counts(OTHER, outsider) };
    const created = await call(outsider, 'POST', '/v3/groups', {
      type: 'Adversary',
      name: 'Linked to what I may only read',
      associatedGroups: { data: [{ id: orgGroupId }] },
    });
    assert.equal(created.status, 401);
    assert.equal(created.body.status, 'Error');
    assert.match(created.body.message, /access was denied/);
    assert.match(created.body.message, new RegExp(`group ${orgGroupId}`));

    // the same through an update of a group of its own, and through v2
    const mine = (await outsider.v2('POST', '/v2/groups/adversaries', { body: { name: 'Mine' } })).adversary.id;
    const after = { org: await counts(ORG), other: await counts(OTHER, outsider) };
    const updated = await call(outsider, 'PUT', `/v3/groups/${mine}`, { associatedGroups: { data: [{ id: orgGroupId }] } });
    assert.equal(updated.status, 401);
    const v2 = await call(outsider, 'POST', `/v2/groups/adversaries/${mine}/groups/threats/${orgGroupId}`);
    assert.equal(v2.status, 400);
    assert.deepEqual(v2.body, { status: 'Failure', message: 'The owners of the requested objects were different' });
    await serverUp();
    assert.deepEqual(after.org, before.org);
    assert.equal(after.other.groups, before.other.groups + 1, 'only the group created in its own owner (the v3 attempt left nothing)');
    assert.deepEqual(await counts(ORG), before.org);
    assert.equal((await tp.client().v2('GET', `/v2/groups/threats/${orgGroupId}/groups`)).resultCount, 0, 'nothing links to the organization group');

    // a user who writes to both owners may link across them with v3 (the real v3 allows it), not with v2
    const both = await userWithRole(tp, ORG, 'Standard User', [{ name: OTHER, role: 'Standard User' }]);
    const linked = await call(both, 'POST', '/v3/groups', { type: 'Adversary', name: 'Cross-owner', associatedGroups: { data: [{ id: orgGroupId }] } }, { query: { owner: OTHER } });
    assert.equal(linked.status, 201, JSON.stringify(linked.body));
    assert.equal((await tp.client().v2('GET', `/v2/groups/threats/${orgGroupId}/groups`)).resultCount, 1);
    const host = (await both.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'other-owner.example.com' }, query: { owner: OTHER } })).host;
    assert.equal(host.owner.name, OTHER);
    const v3Indicator = await call(both, 'PUT', `/v3/indicators/${host.id}`, { associatedGroups: { data: [{ id: orgGroupId }] } });
    assert.equal(v3Indicator.status, 200, JSON.stringify(v3Indicator.body));
  });

  test('point 8: batch links stay within the job owner and need write access there', async () => {
    const before = await counts();
    const linkedIndicators = async () => (await tp.client().v2('GET', `/v2/groups/threats/${orgGroupId}/indicators`)).resultCount as number;
    const linkedBefore = await linkedIndicators();
    // a writer's batch job in its own owner cannot reach the organization's group by id
    const { batchId } = await outsider.v2('POST', '/v2/batch', { body: batchConfig(OTHER) });
    assert.equal((await upload(outsider, batchId, { indicator: [{ type: 'Host', summary: 'batch-link.example.com' }], association: [{ ref_1: 'batch-link.example.com', type_1: 'Host', id_2: orgGroupId }] })).status, 202);
    const status = await waitDone(outsider, batchId);
    assert.equal(status.successIndicatorCount, 1);
    assert.equal(status.errorAssociationCount, 1);
    const [err] = await errors(outsider, batchId);
    assert.equal(err.code, '0x1009');
    assert.match(err.errorReason, new RegExp(`no group with id ${orgGroupId} in the owner`));
    assert.deepEqual(await counts(), before);
    assert.equal(await linkedIndicators(), linkedBefore);
  });

  test('point 12: only an administrator creates security labels through batch; others get an item error and the item is kept', async () => {
    const before = await counts();
    const label = { name: 'Made By A Writer', description: 'should not exist', color: 'FF0000' };
    const { batchId } = await writer.v2('POST', '/v2/batch', { body: batchConfig() });
    assert.equal((await upload(writer, batchId, { indicator: [{ type: 'Host', summary: 'labelled.example.com', rating: 3, securityLabel: [label, { name: 'TLP:GREEN' }] }] })).status, 202);
    const status = await waitDone(writer, batchId);
    assert.equal(status.successIndicatorCount, 1, 'the indicator is saved');
    assert.equal(status.errorCount, 1);
    const [err] = await errors(writer, batchId);
    assert.equal(err.code, '0x2001');
    assert.match(err.errorReason, /"Made By A Writer".*only an administrator may create security labels/);
    assert.match(err.errorSource, /labelled\.example\.com/);
    await serverUp();
    const after = await counts();
    assert.equal(after.labels, before.labels, 'no label was created');
    assert.equal(after.indicators, before.indicators + 1);
    const c = tp.client();
    assert.equal((await call(c, 'GET', `/v2/securityLabels/${encodeSegment(label.name)}`)).status, 404);
    const kept = await c.v2('GET', '/v2/indicators/hosts/labelled.example.com/securityLabels');
    assert.deepEqual(kept.securityLabel.map((l: { name: string }) => l.name), ['TLP:GREEN'], 'the existing label is applied');

    // the organization's administrator may
    const { batchId: adminJob } = await c.v2('POST', '/v2/batch', { body: batchConfig() });
    await upload(c, adminJob, { indicator: [{ type: 'Host', summary: 'admin-labelled.example.com', securityLabel: [label] }] });
    assert.equal((await waitDone(c, adminJob)).errorCount, 0);
    assert.equal((await c.v2('GET', `/v2/securityLabels/${encodeSegment(label.name)}`)).securityLabel.name, label.name);
  });
});
