import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { startPlatform, Router } from '../../src/platform/index.js';
import { TcClient } from '../../src/client/index.js';
import { adminCall, adminFetch, usePlatform } from '../helpers/platform.js';

const tp = usePlatform();

describe('platform HTTP front', () => {
  test('unknown routes and bad admin input get JSON envelopes, never a stack trace', async () => {
    const res = await tp.client({ retries: 0 }).request({ path: '/v2/nothing/here', allowErrorStatus: true });
    assert.equal(res.status, 404);
    assert.deepEqual(res.json(), { status: 'Failure', message: 'The requested resource was not found' });
    const bad = await adminFetch(tp.handle, 'POST', '/faults', { json: { status: 42 } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error, /status/);
    const broken = await adminFetch(tp.handle, 'POST', '/owners', { raw: Buffer.from('{nope'), contentType: 'application/json' });
    assert.equal(broken.status, 400);
    assert.match(broken.body.error, /not valid JSON/);
  });

  test('an XML-only Accept gets 406 in a JSON envelope; JSON and */* are served', async () => {
    const c = tp.client({ retries: 0 });
    const xml = await c.request({ path: '/v2/owners', headers: { Accept: 'application/xml' }, allowErrorStatus: true });
    assert.equal(xml.status, 406);
    assert.equal(xml.json().message, 'Only application/json responses are supported');
    const any = await c.request({ path: '/v2/owners', headers: { Accept: 'application/xml, */*' } });
    assert.equal(any.status, 200);
  });

  test('the router matches raw segments, so an encoded slash stays inside its parameter', () => {
    const r = new Router();
    r.get('/v2/indicators/:branch/:value', () => ({ status: 200 }));
    r.get('/v2/indicators/:branch/:value/tags', () => ({ status: 200 }));
    r.get('/v2/indicators/urls/deleted', () => ({ status: 200 }));
    const m = r.match('GET', '/v2/indicators/urls/http%3A%2F%2Fexample.com%2Fa%20b');
    assert.equal(m?.params.value, 'http://example.com/a b');
    assert.equal(r.match('GET', '/v2/indicators/cidrBlocks/10.0.0.0%2F8/tags')?.params.value, '10.0.0.0/8');
    assert.equal(r.match('GET', '/v2/INDICATORS/urls/deleted')?.route.pattern, '/v2/indicators/urls/deleted');
    assert.equal(r.match('GET', '/v2/indicators/registryKeys/HKEY_X%5Ca%20%3A%20b%20%3A%20REG_SZ')?.params.value, 'HKEY_X\\a : b : REG_SZ');
    assert.equal(r.match('DELETE', '/v2/indicators/urls/x'), undefined);
  });

  test('admin reset wipes added owners and users but keeps the default credentials', async () => {
    await tp.admin('POST', '/owners', { name: 'Temporary', type: 'Source' });
    await tp.admin('POST', '/reset');
    const owners = await tp.admin('GET', '/owners');
    assert.deepEqual(owners.owners.map((o: any) => o.name), ['Example Organization', 'Common Community']);
    assert.equal((await tp.client().v2('GET', '/v2/owners')).resultCount, 2);
  });
});

test('credentials come from TC_API_ACCESS_ID / TC_API_SECRET_KEY, and a data file survives a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcex-platform-'));
  const saved = { id: process.env.TC_API_ACCESS_ID, key: process.env.TC_API_SECRET_KEY };
  process.env.TC_API_ACCESS_ID = '12345678901234567890';
  process.env.TC_API_SECRET_KEY = 'k'.repeat(64);
  try {
    const dataFile = join(dir, 'p.db');
    const first = await startPlatform({ dataFile });
    assert.equal(first.accessId, '12345678901234567890');
    assert.equal(first.secretKey, 'k'.repeat(64));
    await adminCall(first, 'POST', '/owners', { name: 'Kept Source', type: 'Source' });
    await first.close();
    delete process.env.TC_API_ACCESS_ID;
    delete process.env.TC_API_SECRET_KEY;
    const second = await startPlatform({ dataFile });
    try {
      assert.equal(second.accessId, '12345678901234567890', 'generated credentials are not swapped on restart');
      const owners = await adminCall(second, 'GET', '/owners');
      assert.ok(owners.owners.some((o: any) => o.name === 'Kept Source'));
      const c = new TcClient({ apiPath: second.url, accessId: second.accessId, secretKey: second.secretKey });
      assert.equal((await c.v2('GET', '/v2/owners')).resultCount, 3, 'the default user was made a member of Kept Source, and that survives too');
      await c.close();
    } finally {
      await second.close();
    }
  } finally {
    if (saved.id === undefined) delete process.env.TC_API_ACCESS_ID;
    else process.env.TC_API_ACCESS_ID = saved.id;
    if (saved.key === undefined) delete process.env.TC_API_SECRET_KEY;
    else process.env.TC_API_SECRET_KEY = saved.key;
    rmSync(dir, { recursive: true, force: true });
  }
});

test('`tcex platform start` serves the API and prints its credentials', async () => {
  const child = spawn(process.execPath, ['bin/tcex.js', 'platform', 'start', '--port', '0', '--memory'], {
    env: { ...process.env, TC_API_ACCESS_ID: '11112222333344445555', TC_API_SECRET_KEY: 's'.repeat(64) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start line: ${out}`)), 60_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /API:\s+(\S+)/.exec(out);
        if (m && /Secret key/.test(out)) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    assert.match(out, /Access ID:\s+11112222333344445555/);
    const c = new TcClient({ apiPath: url, accessId: '11112222333344445555', secretKey: 's'.repeat(64) });
    assert.equal((await c.v2('GET', '/v2/owners')).resultCount, 2);
    await c.close();
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
  }
  assert.equal(child.exitCode ?? 0, 0);
});

test('bad CLI usage exits non-zero with a one-line reason', async () => {
  const child = spawn(process.execPath, ['bin/tcex.js', 'platform', 'start', '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise((r) => child.once('exit', r));
  assert.notEqual(code, 0);
  assert.match(err, /--port/);
});
