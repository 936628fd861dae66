import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../helpers/platform.js';
import { Batch } from '../../src/batch/index.js';

const tp = usePlatform();

test('a field added to the schema is stored, accepted and answered by v2, batch and v3', async () => {
  const tc = tp.client();
  const call = async (method: string, path: string, body?: unknown, query?: Record<string, string>) => {
    const res = await tc.request({ method, path, body: body as any, query, allowErrorStatus: true, retries: 0 });
    return { status: res.status, json: res.json() as any };
  };
  const v2 = await call('POST', '/v2/groups/events', { name: 'v2 event', eventDate: '2024-01-02T00:00:00Z', severity: 'high' });
  assert.equal(v2.status, 201, JSON.stringify(v2.json));
  const v2get = await call('GET', `/v2/groups/events/${v2.json.data.event.id}`);
  console.log('v2 GET', JSON.stringify(v2get.json.data.event));
  assert.equal(v2get.json.data.event.severity, 'high');

  const batch = new Batch({ client: tc, owner: 'Example Organization', progress: false, poll: { minMs: 10 } });
  const ev = batch.event('batch event', '2024-01-03T00:00:00Z', { severity: 'low', xid: 'scratch-xid' });
  assert.equal(ev.severity, 'low');
  const job = await batch.submit();
  console.log('batch', JSON.stringify(job));
  const list = await call('GET', '/v2/groups/events', undefined, { resultLimit: '100' });
  const stored = list.json.data.event.find((e: any) => e.name === 'batch event');
  console.log('batch item via v2', JSON.stringify(stored));
  assert.equal(stored.severity, 'low');

  const v3 = await call('POST', '/v3/groups', { type: 'Event', name: 'v3 event', severity: 'medium' });
  assert.equal(v3.status, 201, JSON.stringify(v3.json));
  const v3get = await call('GET', `/v3/groups/${v3.json.data.id}`);
  console.log('v3 GET', JSON.stringify(v3get.json.data));
  assert.equal(v3get.json.data.severity, 'medium');
});
