// Issue 11 point 1: a web page or a stray script cannot drive the admin interface, and a rebound name reaches
// nothing. Each attack is sent raw, then the platform is shown to be up and unchanged.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatform } from '../../../src/platform/index.js';
import { adminCall, usePlatform } from '../../helpers/platform.js';
import { raw } from './attacker.js';

const tp = usePlatform();
const newUser = JSON.stringify({ userName: 'attacker', secretKey: 'attacker-secret-1234' });

async function unchanged(): Promise<void> {
  const users = (await tp.admin('GET', '/users')).users.map((u: any) => u.userName);
  assert.deepEqual(users, [tp.handle.accessId], 'no user was added');
  const owners = await tp.client({ retries: 0 }).v2<any>('GET', '/v2/owners');
  assert.ok(owners.owner.length > 0, 'the default user still authenticates with its printed secret');
}

describe('admin key', () => {
  test('a cross-site text/plain POST without the key is refused (401) and creates nothing', async () => {
    const res = await raw(tp.handle, { method: 'POST', path: '/_platform/users', headers: { 'Content-Type': 'text/plain' }, body: newUser });
    assert.equal(res.status, 401);
    assert.match(res.body.error, /Authorization: .*Bearer/);
    await unchanged();
  });

  test('a wrong key is refused the same way', async () => {
    const res = await raw(tp.handle, { path: '/_platform/users', headers: { Authorization: 'Bearer not-the-key-at-all' } });
    assert.equal(res.status, 401);
    assert.match(res.body.error, /wrong admin key/);
    assert.ok(!res.text.includes(tp.handle.adminKey), 'the key never appears in an answer');
  });

  test('with the key but a text/plain or form body: 415 naming the content type', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await raw(tp.handle, {
        method: 'POST',
        path: '/_platform/users',
        headers: { Authorization: `Bearer ${tp.handle.adminKey}`, 'Content-Type': type },
        body: newUser,
      });
      assert.equal(res.status, 415, type);
      assert.match(res.body.error, /Content-Type: expected application\/json/);
    }
    const tcx = await raw(tp.handle, { method: 'POST', path: '/_platform/apps', headers: { Authorization: `Bearer ${tp.handle.adminKey}`, 'Content-Type': 'text/plain' }, body: 'PK' });
    assert.equal(tcx.status, 415);
    assert.match(tcx.body.error, /application\/zip or application\/octet-stream/);
    await unchanged();
  });

  test("an Origin of another site is refused (403) with or without the key; the platform's own origin is served", async () => {
    for (const auth of [{}, { Authorization: `Bearer ${tp.handle.adminKey}` }] as Array<Record<string, string>>) {
      const res = await raw(tp.handle, {
        method: 'POST',
        path: '/_platform/users',
        headers: { ...auth, Origin: 'http://evil.example', 'Content-Type': 'application/json' },
        body: newUser,
      });
      assert.equal(res.status, 403);
      assert.match(res.body.error, /Origin "http:\/\/evil\.example" may not use the admin interface/);
    }
    const nullOrigin = await raw(tp.handle, { path: '/_platform/users', headers: { Origin: 'null', Authorization: `Bearer ${tp.handle.adminKey}` } });
    assert.equal(nullOrigin.status, 403);
    const own = await raw(tp.handle, { path: '/_platform/health', headers: { Origin: tp.handle.origin, Authorization: `Bearer ${tp.handle.adminKey}` } });
    assert.equal(own.status, 200);
    await unchanged();
  });

  test('a rebound name in Host (DNS rebinding) is refused (403) on the admin interface and the API alike', async () => {
    const host = `attacker.example:${tp.handle.port}`;
    const admin = await raw(tp.handle, { path: '/_platform/users', headers: { Host: host, Authorization: `Bearer ${tp.handle.adminKey}` } });
    assert.equal(admin.status, 403);
    assert.match(admin.body.error, /Host "attacker\.example:\d+" is not allowed/);
    const api = await raw(tp.handle, { path: '/api/v2/owners', headers: { Host: host } });
    assert.equal(api.status, 403);
    assert.equal(api.body.status, 'Failure');
    for (const loopback of [`localhost:${tp.handle.port}`, `127.0.0.1:${tp.handle.port}`, `[::1]:${tp.handle.port}`, 'app.localhost']) {
      const ok = await raw(tp.handle, { path: '/_platform/health', headers: { Host: loopback, Authorization: `Bearer ${tp.handle.adminKey}` } });
      assert.equal(ok.status, 200, loopback);
    }
    await unchanged();
  });

  test('--allow-host adds a name; others stay refused', async () => {
    const p = await startPlatform({ port: 0, allowHosts: ['tcex.test'] });
    try {
      const allowed = await raw(p, { path: '/_platform/health', headers: { Host: `TCEX.test:${p.port}`, Authorization: `Bearer ${p.adminKey}` } });
      assert.equal(allowed.status, 200);
      const other = await raw(p, { path: '/_platform/health', headers: { Host: `other.test:${p.port}`, Authorization: `Bearer ${p.adminKey}` } });
      assert.equal(other.status, 403);
    } finally {
      await p.close();
    }
  });

  test('the ThreatConnect API keeps its own auth: the admin key is no API credential', async () => {
    const res = await raw(tp.handle, { path: '/api/v2/owners', headers: { Authorization: `Bearer ${tp.handle.adminKey}` } });
    assert.equal(res.status, 401);
  });
});

describe('where the admin key comes from', () => {
  test('generated once per data folder, kept as admin.key (0600) and reused on the next start; TC_PLATFORM_ADMIN_KEY wins', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tcex-admin-key-'));
    try {
      const dataFile = join(dir, 'data', 'platform.db');
      const first = await startPlatform({ port: 0, dataFile });
      const keyFile = join(dir, 'data', 'admin.key');
      assert.equal(first.adminKeySource, 'generated');
      assert.equal(readFileSync(keyFile, 'utf8').trim(), first.adminKey);
      assert.equal(statSync(keyFile).mode & 0o777, 0o600);
      await first.close();

      const second = await startPlatform({ port: 0, dataFile });
      assert.equal(second.adminKey, first.adminKey);
      assert.equal(second.adminKeySource, 'file');
      assert.equal((await adminCall(second, 'GET', '/health')).ok, true);
      await second.close();

      process.env.TC_PLATFORM_ADMIN_KEY = 'a-key-from-the-environment';
      try {
        const third = await startPlatform({ port: 0, dataFile });
        assert.equal(third.adminKey, 'a-key-from-the-environment');
        const old = await raw(third, { path: '/_platform/health', headers: { Authorization: `Bearer ${first.adminKey}` } });
        assert.equal(old.status, 401, 'the kept key does not open a platform given another');
        await third.close();
        process.env.TC_PLATFORM_ADMIN_KEY = 'short';
        await assert.rejects(startPlatform({ port: 0 }), /TC_PLATFORM_ADMIN_KEY.*at least 16 characters/);
      } finally {
        delete process.env.TC_PLATFORM_ADMIN_KEY;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('POST /api/internal/token/api answers a token for the default user with the admin key; nothing without', async () => {
    const refused = await raw(tp.handle, { method: 'POST', path: '/api/internal/token/api' });
    assert.equal(refused.status, 401);
    const res = await raw(tp.handle, { method: 'POST', path: '/api/internal/token/api', headers: { Authorization: `Bearer ${tp.handle.adminKey}` } });
    assert.equal(res.status, 200);
    assert.equal(typeof res.body.data, 'string');
    const owners = await tp.client({ accessId: undefined, secretKey: undefined, token: res.body.data, tokenExpires: Math.floor(Date.now() / 1000) + 3600 }).v2<any>('GET', '/v2/owners');
    assert.ok(owners.owner.length > 0, 'the token authenticates');
    const viaHmac = await tp.client().request({ method: 'POST', path: '/internal/token/svc', body: { serviceId: 1 } });
    assert.equal(typeof viaHmac.json<any>().data, 'string', "the harness's own HMAC auth works too");
  });

  test('the request log records the query string', async () => {
    await tp.client({ retries: 0 }).request({ path: '/v2/owners?resultLimit=7&owner=Example%20Organization', allowErrorStatus: true });
    const { requests } = await tp.admin('GET', `/requests?path=${encodeURIComponent('^/v2/owners$')}`);
    assert.ok(requests.some((r: any) => /^resultLimit=7&owner=Example(\+|%20)Organization/.test(r.query)), JSON.stringify(requests));
  });
});
