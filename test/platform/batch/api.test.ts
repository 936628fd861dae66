import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { usePlatform } from '../../helpers/platform.js';
import { config, errors, job, runJob, waitDone, OWNER } from './helpers.js';

const tp = usePlatform({ batch: { maxUploadBytes: 200_000 } });

function multipart(parts: Record<string, string>): { body: Buffer; contentType: string } {
  const boundary = 'test-boundary-1234';
  const chunks = Object.entries(parts).map(
    ([name, text]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n${text}\r\n`,
  );
  return { body: Buffer.from(`${chunks.join('')}--${boundary}--\r\n`), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('batch API v2 over HTTP', () => {
  test('POST /v2/batch creates a job; GET shows it Created with zero counts', async () => {
    const client = tp.client();
    const res = await client.request({ method: 'POST', path: '/v2/batch', body: config() });
    assert.equal(res.status, 201);
    const { batchId } = res.json().data;
    assert.ok(Number.isInteger(batchId));
    const status = await client.v2('GET', `/v2/batch/${batchId}`);
    assert.deepEqual(status, { batchStatus: { id: batchId, status: 'Created', errorCount: 0, successCount: 0, unprocessCount: 0 } });
    // no data yet: errors are not available
    const early = await client.request({ path: `/v2/batch/${batchId}/errors`, allowErrorStatus: true });
    assert.equal(early.status, 400);
    assert.deepEqual(early.json(), { status: 'Invalid', description: 'Batch still in Created state' });
  });

  test('bad configs are refused naming the field and value; unknown owners 403; read-only members get the plain-text 401', async () => {
    const client = tp.client({ retries: 0 });
    const refuse = async (body: unknown, status: number, pattern: RegExp) => {
      const res = await client.request({ method: 'POST', path: '/v2/batch', body: body as Record<string, unknown>, allowErrorStatus: true });
      assert.equal(res.status, status, res.text());
      assert.match(res.text(), pattern);
    };
    await refuse(config({ action: 'Merge' }), 400, /action must be one of Create, Delete, got \\"Merge\\"/);
    await refuse(config({ haltOnError: 'maybe' }), 400, /haltOnError must be true or false, got \\"maybe\\"/);
    await refuse({ ...config(), attributeWriteType: undefined }, 400, /attributeWriteType is required/);
    await refuse(config({ owner: 'Nobody Inc' }), 403, /The requested owner was not found/);

    await tp.admin('POST', '/owners', { name: 'Read Only Community', type: 'Community' });
    const user = await tp.admin('POST', '/users', { secretKey: 'r'.repeat(40), owners: [{ name: OWNER, role: 'Organization Administrator' }, { name: 'Read Only Community', role: 'Read Only User' }] });
    const reader = tp.client({ accessId: user.userName, secretKey: 'r'.repeat(40), retries: 0 });
    const res = await reader.request({ method: 'POST', path: '/v2/batch', body: config({ owner: 'Read Only Community' }), allowErrorStatus: true });
    assert.equal(res.status, 401);
    assert.equal(res.text(), 'Unable to perform the requested operation due to the following error(s): You do not have permission to create Indicators; Groups; Attributes; Tags; Security Labels;');
  });

  test('data must be octet-stream; V2 objects, the wrapped form and V1 bare arrays are all read', async () => {
    const client = tp.client({ retries: 0 });
    const { batchId } = await client.v2('POST', '/v2/batch', { body: config() });
    const wrong = await client.request({ method: 'POST', path: `/v2/batch/${batchId}`, body: '{"indicator":[]}', allowErrorStatus: true });
    assert.equal(wrong.status, 400);
    assert.match(wrong.text(), /application\/octet-stream/);

    const accepted = await client.request({
      method: 'POST',
      path: `/v2/batch/${batchId}`,
      body: Buffer.from(JSON.stringify({ indicator: [{ summary: '10.10.0.1', type: 'Address' }] })),
      contentType: 'application/octet-stream',
    });
    assert.equal(accepted.status, 202);
    assert.equal(accepted.json().status, 'Success');
    assert.equal(accepted.json().data.batchStatus.id, batchId);
    const again = await client.request({ method: 'POST', path: `/v2/batch/${batchId}`, body: Buffer.from('{}'), contentType: 'application/octet-stream', allowErrorStatus: true });
    assert.equal(again.status, 400);
    assert.equal((await waitDone(client, batchId)).successCount, 1);

    const wrapped = await job(client, [{ indicator: [{ summary: '10.10.0.2', type: 'Address' }], group: [{ name: 'g', type: 'Threat', xid: 'wrapped-1' }] }]);
    assert.equal(wrapped.status.successCount, 2);
    const v1 = await job(client, [{ summary: '10.10.0.3', type: 'Address', rating: 2, description: 'from V1', tag: [{ name: 'v1' }] }], { version: 'V1' });
    assert.equal(v1.status.successCount, 1);
    const indicator = await client.v2('GET', '/v2/indicators/addresses/10.10.0.3', { query: { includeAttributes: 'true', includeTags: 'true' } });
    assert.equal(indicator.address.rating, 2);
    assert.equal(indicator.address.description, 'from V1');
    assert.deepEqual(indicator.address.tag.map((t: any) => t.name), ['v1']);
  });

  test('createAndUpload takes multipart config + content and answers with the batchStatus', async () => {
    const client = tp.client({ retries: 0 });
    const form = multipart({
      config: JSON.stringify(config()),
      content: JSON.stringify({ indicator: [{ summary: 'multipart.example.com', type: 'Host', rating: 1 }] }),
    });
    const res = await client.request({ method: 'POST', path: '/v2/batch/createAndUpload', query: { includeAdditional: 'true' }, body: form.body, contentType: form.contentType });
    assert.equal(res.status, 201);
    const status = res.json().data.batchStatus;
    assert.ok(['Queued', 'Running', 'Completed'].includes(status.status));
    const done = await waitDone(client, status.id);
    assert.equal(done.successIndicatorCount, 1);
    assert.equal((await client.v2('GET', '/v2/indicators/hosts/multipart.example.com')).host.rating, 1);

    const missing = multipart({ config: JSON.stringify(config()) });
    const bad = await client.request({ method: 'POST', path: '/v2/batch/createAndUpload', body: missing.body, contentType: missing.contentType, allowErrorStatus: true });
    assert.equal(bad.status, 400);
    assert.match(bad.json().message, /"config" and "content" are required/);
  });

  test('GET with includeAdditional reports counts by kind; errors come as gzip JSON, 404 when there are none', async () => {
    const client = tp.client({ retries: 0 });
    const clean = await job(client, { indicator: [{ summary: '10.11.0.1', type: 'Address' }] });
    const res = await client.request({ path: `/v2/batch/${clean.id}/errors`, allowErrorStatus: true });
    assert.equal(res.status, 404);

    const mixed = await job(client, {
      group: [{ name: 'ok group', type: 'Adversary', xid: 'api-g1' }, { name: 'no type', xid: 'api-g2' }],
      indicator: [{ summary: '10.11.0.2', type: 'Address' }, { summary: 'not an ip', type: 'Address' }],
    });
    assert.deepEqual(
      Object.fromEntries(Object.entries(mixed.status).filter(([k]) => /Count$/.test(k))),
      {
        errorCount: 2,
        successCount: 2,
        unprocessCount: 0,
        successGroupCount: 1,
        errorGroupCount: 1,
        unprocessGroupCount: 0,
        successIndicatorCount: 1,
        errorIndicatorCount: 1,
        unprocessIndicatorCount: 0,
        successAssociationCount: 0,
        errorAssociationCount: 0,
        unprocessAssociationCount: 0,
      },
    );
    const raw = await client.request({ path: `/v2/batch/${mixed.id}/errors` });
    assert.equal(raw.header('content-encoding'), 'gzip');
    assert.equal(raw.header('content-type'), 'application/octet-stream');
    const list = JSON.parse(gunzipSync(raw.body).toString());
    assert.equal(list.length, 2);
    assert.deepEqual(list.map((e: any) => e.code).sort(), ['0x1005', '0x1006']);
    for (const e of list) {
      assert.equal(typeof e.errorReason, 'string');
      assert.equal(typeof e.errorSource, 'string');
    }
    assert.match(list.find((e: any) => e.code === '0x1005').errorReason, /not an ip/);
  });

  test('uploads over the size limit get the documented Invalid answer', async () => {
    const client = tp.client({ retries: 0 });
    const { batchId } = await client.v2('POST', '/v2/batch', { body: config() });
    const big = Buffer.alloc(250_000, 32);
    const res = await client.request({ method: 'POST', path: `/v2/batch/${batchId}`, body: big, contentType: 'application/octet-stream', allowErrorStatus: true });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json(), { status: 'Invalid', description: 'File size greater than allowable limit of 200000' });
    const form = multipart({ config: JSON.stringify(config()), content: ' '.repeat(250_000) });
    const viaMultipart = await client.request({ method: 'POST', path: '/v2/batch/createAndUpload', body: form.body, contentType: form.contentType, allowErrorStatus: true });
    assert.equal(viaMultipart.status, 400);
    assert.deepEqual(viaMultipart.json(), { status: 'Invalid', description: 'File size greater than allowable limit of 200000' });
  });

  test('invalid JSON completes the job with one JSON-syntax error and nothing unprocessed', async () => {
    const client = tp.client({ retries: 0 });
    const id = await runJob(client, '{"indicator": [', { haltOnError: 'true' });
    const status = await waitDone(client, id);
    assert.equal(status.errorCount, 1);
    assert.equal(status.unprocessCount, 0);
    const [error] = await errors(client, id);
    assert.equal(error.code, '0x1003');
    assert.match(error.errorReason, /JsonSyntaxException/);
  });

  test('jobs of other owners are not found', async () => {
    const client = tp.client({ retries: 0 });
    await tp.admin('POST', '/owners', { name: 'Private Source', type: 'Source', defaultUser: 'none' });
    const user = await tp.admin('POST', '/users', { secretKey: 'p'.repeat(40), owners: [{ name: 'Private Source', role: 'Editor' }] });
    const other = tp.client({ accessId: user.userName, secretKey: 'p'.repeat(40), retries: 0 });
    const { batchId } = await other.v2('POST', '/v2/batch', { body: config({ owner: 'Private Source' }) });
    const res = await client.request({ path: `/v2/batch/${batchId}`, allowErrorStatus: true });
    assert.equal(res.status, 404);
    const missing = await client.request({ path: '/v2/batch/999999', allowErrorStatus: true });
    assert.equal(missing.status, 404);
  });
});
