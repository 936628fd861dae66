import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../helpers/platform.js';

const tp = usePlatform();

test('a global FormData body is sent as multipart (batch createAndUpload)', async () => {
  const form = new FormData();
  form.append('config', JSON.stringify({ version: 'V2', owner: 'Example Organization', action: 'Create', haltOnError: 'false', attributeWriteType: 'Replace' }));
  form.append('content', JSON.stringify({ indicator: [{ type: 'Host', summary: 'formdata.example.com', rating: 1 }], group: [] }));
  const c = tp.client();
  const data = await c.v2('POST', '/v2/batch/createAndUpload', { body: form, activityLog: null });
  const id = data.batchStatus.id;
  assert.ok(Number.isInteger(id));
  for (let i = 0; i < 100; i++) {
    const status = await c.v2('GET', `/v2/batch/${id}`);
    if (status.batchStatus.status === 'Completed') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const host = await c.v2('GET', '/v2/indicators/hosts/formdata.example.com');
  assert.equal(host.host.hostName, 'formdata.example.com');
});

test('objects are sent as JSON and buffers as octet-stream', async () => {
  const c = tp.client();
  const created = await c.v2('POST', '/v2/groups/adversaries', { body: { name: 'Body Test' } });
  assert.equal(created.adversary.name, 'Body Test');
  const doc = await c.v2('POST', '/v2/groups/documents', { body: { name: 'Doc', fileName: 'a.txt' } });
  await c.request({ method: 'POST', path: `/v2/groups/documents/${doc.document.id}/upload`, body: Buffer.from('hello') });
  const res = await c.request({ path: `/v2/groups/documents/${doc.document.id}/download` });
  assert.equal(res.text(), 'hello');
});
