import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPlatform } from '../../../src/platform/index.js';
import { usePlatform } from '../../helpers/platform.js';
import { config } from './helpers.js';

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
});
