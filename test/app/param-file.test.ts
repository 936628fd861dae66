import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { decryptParams, encryptParams, randomParamKey } from '../../src/index.js';

test('params round-trip through AES-CBC with a zero IV', () => {
  const key = randomParamKey();
  assert.deepEqual(decryptParams(encryptParams({ tc_owner: 'Example Organization', n: 1 }, key), key), { tc_owner: 'Example Organization', n: 1 });
});

test('every wrong key is reported as a wrong key, even when its padding happens to check out', () => {
  const data = encryptParams({ tc_owner: 'x', tc_out_path: '/tmp/out' }, randomParamKey());
  for (let i = 0; i < 600; i++) {
    assert.throws(() => decryptParams(data, randomParamKey()), /^Error: TC_APP_PARAM_FILE: cannot decrypt with TC_APP_PARAM_KEY \(wrong key or damaged file/);
  }
});

test('content that decrypts but is not JSON gets the same message with the reason', () => {
  const key = 'ABCDEFGHIJKLMNOP';
  const cipher = createCipheriv('aes-128-cbc', Buffer.from(key), Buffer.alloc(16));
  const data = Buffer.concat([cipher.update('not json at all', 'utf8'), cipher.final()]);
  assert.throws(() => decryptParams(data, key), /cannot decrypt with TC_APP_PARAM_KEY \(wrong key or damaged file: the content is not JSON\)/);
});
