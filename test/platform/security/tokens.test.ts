// Token renewal through /appAuth against a real platform: only within the grace period after expiry (a setting),
// and never once the run the token was issued for has ended, renewals included.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminFetch, usePlatform } from '../../helpers/platform.js';
import { startPlatform } from '../../../src/platform/index.js';
import { apiStatus, eventually, orphanTcx, outFile, renew } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tcex-sec-tokens-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const dataFile = join(dir, 'platform.db');
const tp = usePlatform({ dataFile });
const strict = usePlatform({ tokenRenewGraceSeconds: 600 });
const hour = 3600 * 1000;

test('an expired token renews within the 24 h grace period, and not after it', async () => {
  const { token } = await tp.admin('POST', '/tokens', { ttlSeconds: 60 });
  try {
    await tp.admin('POST', '/clock', { offsetMs: 2 * hour });
    assert.equal(await apiStatus(tp.handle.origin, token), 401, 'the token has expired');
    const renewed = await renew(tp.handle.origin, token);
    assert.equal(renewed.status, 200, 'two hours after expiry it still renews');
    assert.equal(await apiStatus(tp.handle.origin, renewed.token!), 200);

    await tp.admin('POST', '/clock', { offsetMs: 25 * hour });
    const late = await renew(tp.handle.origin, token);
    assert.equal(late.status, 401, 'a day and an hour after expiry it no longer renews');
    assert.equal(late.token, undefined);
  } finally {
    await tp.admin('POST', '/clock', { offsetMs: 0 });
  }
});

test('the grace period is a setting', async () => {
  const { token } = await strict.admin('POST', '/tokens', { ttlSeconds: 60 });
  try {
    await strict.admin('POST', '/clock', { offsetMs: 5 * 60 * 1000 });
    assert.equal((await renew(strict.handle.origin, token)).status, 200, 'four minutes after expiry: within 600 s');
    await strict.admin('POST', '/clock', { offsetMs: 20 * 60 * 1000 });
    assert.equal((await renew(strict.handle.origin, token)).status, 401, 'nineteen minutes after expiry: past 600 s');
  } finally {
    await strict.admin('POST', '/clock', { offsetMs: 0 });
  }
  await assert.rejects(startPlatform({ tokenRenewGraceSeconds: -1 }), /tokenRenewGraceSeconds: must be a number of seconds, 0 or more, got -1/);
});

test('a run\'s token and its renewals stop working and renewing when the run ends', async () => {
  const installed = await adminFetch(tp.handle, 'POST', '/apps', { raw: await orphanTcx(), contentType: 'application/zip' });
  assert.equal(installed.status, 201, installed.text);
  const job = await tp.admin('POST', '/jobs', { app: 'Orphan_Probe_v1', name: 'renewer', params: { linger_ms: '3000' } });
  const run = await tp.admin('POST', `/jobs/${job.id}/run`, {});
  const token = await outFile(dataFile, run.id, 'token');
  const renewed = await renew(tp.handle.origin, token);
  assert.equal(renewed.status, 200, 'a running execution renews its token');
  assert.equal(await apiStatus(tp.handle.origin, renewed.token!), 200);

  const done = await eventually(async () => {
    const r = await tp.admin('GET', `/runs/${run.id}`);
    return r.status === 'Running' ? undefined : r;
  }, 'the run ends');
  assert.equal(done.status, 'Success', done.message);
  assert.equal((await renew(tp.handle.origin, token)).status, 401, 'the run\'s token no longer renews');
  assert.equal((await renew(tp.handle.origin, renewed.token!)).status, 401, 'nor does its renewal');
  assert.equal(await apiStatus(tp.handle.origin, renewed.token!), 401, 'the renewal no longer authenticates');
});
