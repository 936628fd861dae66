import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPlatform } from '../../../src/platform/index.js';
import { usePlatform } from '../../helpers/platform.js';
import { config, job } from './helpers.js';

describe('batch disabled', () => {
  const tp = usePlatform({ batch: { enabled: false } });
  test('every batch call answers 503 with the documented message', async () => {
    const res = await tp.client({ retries: 0 }).request({ method: 'POST', path: '/v2/batch', body: config(), allowErrorStatus: true });
    assert.equal(res.status, 503);
    assert.equal(res.json().message, 'Batch job api is not available.  Ensure that batchJobEnabled is true and document storage is enabled and configured;');
  });
});

describe('synchronous createAndUpload', () => {
  const tp = usePlatform({ batch: { synchronousLimit: 10 } });
  test('small data is processed before the call returns, larger data is queued', async () => {
    const client = tp.client({ retries: 0 });
    const send = async (count: number) => {
      const content = JSON.stringify({ indicator: Array.from({ length: count }, (_, i) => ({ summary: `10.50.${count}.${i}`, type: 'Address' })) });
      const boundary = 'sync-boundary';
      const body = Buffer.from(
        [`--${boundary}\r\nContent-Disposition: form-data; name="config"\r\n\r\n${JSON.stringify(config())}\r\n`, `--${boundary}\r\nContent-Disposition: form-data; name="content"\r\n\r\n${content}\r\n`, `--${boundary}--\r\n`].join(''),
      );
      const res = await client.request({ method: 'POST', path: '/v2/batch/createAndUpload', body, contentType: `multipart/form-data; boundary=${boundary}` });
      return res.json().data.batchStatus;
    };
    const small = await send(3);
    assert.equal(small.status, 'Completed');
    assert.equal(small.successIndicatorCount, 3);
    const large = await send(40);
    assert.notEqual(large.status, 'Completed');
  });
});

test('bad batch settings stop the platform from starting, naming the setting', async () => {
  await assert.rejects(startPlatform({ port: 0, batch: { maxIndicators: 0 } }), /batch.maxIndicators: must be a whole number of at least 1, got 0/);
  await assert.rejects(startPlatform({ port: 0, batch: { sliceMs: 0.5 } }), /batch.sliceMs: must be a whole number of at least 1, got 0.5/);
});

describe('slices ended by time', () => {
  const tp = usePlatform({ batch: { sliceMs: 1 } });
  test('a job cut into a slice per run of steps keeps every item once, and its refused item alone', async () => {
    const client = tp.client();
    const indicator = Array.from({ length: 1_200 }, (_, i) => (i === 700 ? { summary: '10.52.999.1', type: 'Address' } : { summary: `10.52.${i >> 8}.${i & 255}`, type: 'Address', tag: [{ name: 'sliced' }] }));
    const { status, errors } = await job(client, { indicator }, { tagWriteType: 'Append' });
    assert.equal(status.successIndicatorCount, 1_199);
    assert.equal(status.errorIndicatorCount, 1);
    assert.deepEqual(
      errors.map((e) => e.errorSource),
      ['Address "10.52.999.1"'],
    );
    const tagged = await client.v2('GET', '/v2/tags/sliced/indicators', { query: { resultLimit: '5000' } });
    assert.equal((tagged.indicator as unknown[]).length, 1_199);
  });
});
