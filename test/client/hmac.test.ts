import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hmacSignature, buildUrl, normaliseApiPath } from '../../src/client/index.js';

const A64 = 'a'.repeat(64);

test('HMAC reproduces the reference known-answer vectors', () => {
  assert.equal(hmacSignature(A64, '/api/v2/owners', 'GET', 1513703787), '7GZbB2hv4Cw37n+LKCwLSYi1jQnE3BQiHzcjDPSyFNU=');
  assert.equal(
    hmacSignature(A64, '/api/v2/indicators/hosts/example.com?owner=Common%20Community', 'GET', 1513703787),
    'WBZRM4v25LB11aJiYanU8Sx406h1C7w8pNm4ShOP+m4=',
  );
  assert.equal(hmacSignature(A64, '/api/v2/batch/12345', 'post', 1513703787), 'xJlKwUIo7VsDoMHEV6Cbnr1vZd+zSM/IkyimtxVww7s=');
});

test('the URL the client builds is the string tcex signs', () => {
  const url = buildUrl(normaliseApiPath('https://app.threatconnect.com/api/'), '/v2/groups/adversaries', {
    owner: 'My Org',
    createActivityLog: 'false',
    resultLimit: 10000,
    resultStart: 0,
  });
  const signed = url.pathname + url.search;
  assert.equal(signed, '/api/v2/groups/adversaries?owner=My+Org&createActivityLog=false&resultLimit=10000&resultStart=0');
  assert.equal(hmacSignature('secret', signed, 'GET', 1700000000), 'aN6f3ohk7NUwq8gMpHFuF5iK6stp7sAkoTPMGvrFJhM=');
});

test('legacy host without /api keeps paths at the root', () => {
  const url = buildUrl(normaliseApiPath('https://api.threatconnect.com'), '/v2/owners');
  assert.equal(url.pathname, '/v2/owners');
  assert.throws(() => normaliseApiPath('ftp://x'), /apiPath/);
  assert.throws(() => normaliseApiPath('not a url'), /apiPath: must be an absolute/);
});
