// The live-mode switch of the integration tests (test/helpers/target.ts, docs/testing.md), shown without a real
// ThreatConnect: a second local platform with its own keys stands in for the instance, reached only through the env.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { LIVE_ENV, liveSettings } from '../helpers/target.js';
import { adminCall } from '../helpers/platform.js';
import { startPlatform } from '../../src/platform/index.js';
import { TcClient } from '../../src/client/index.js';

const run = promisify(execFile);

describe('live mode: one switch in the test helpers', () => {
  test('no env: the local platform; all four: live; some: refused naming what is missing', () => {
    assert.equal(liveSettings({}), undefined);
    const env = { TC_API_PATH: 'https://tc.example/api', TC_API_ACCESS_ID: 'id', TC_API_SECRET_KEY: 's3cret', TC_OWNER: 'Test Source' };
    assert.deepEqual(liveSettings(env), { apiPath: 'https://tc.example/api', accessId: 'id', secretKey: 's3cret', owner: 'Test Source' });
    assert.throws(() => liveSettings({ TC_API_PATH: 'https://tc.example/api', TC_API_ACCESS_ID: 'id' }), /missing: TC_API_SECRET_KEY, TC_OWNER/);
    assert.deepEqual([...LIVE_ENV], ['TC_API_PATH', 'TC_API_ACCESS_ID', 'TC_API_SECRET_KEY', 'TC_OWNER']);
  });

  test('a TI test file run with the env talks to that instance, skips what needs the local platform, and deletes what it made', async () => {
    const accessId = '73918264501928374650';
    const secretKey = 'stand-in-instance-secret-key-0123456789';
    const instance = await startPlatform({ port: 0, quiet: true, accessId, secretKey });
    const check = new TcClient({ apiPath: instance.url, accessId, secretKey });
    try {
      // without the outer runner's NODE_TEST_CONTEXT, the inner run reports as a run of its own
      const { NODE_TEST_CONTEXT: _outer, ...inherited } = process.env;
      const env = {
        ...inherited,
        TC_API_PATH: instance.url,
        TC_API_ACCESS_ID: accessId,
        TC_API_SECRET_KEY: secretKey,
        TC_OWNER: 'Example Organization',
      };
      const args = ['--import', 'tsx', '--test', '--test-reporter=spec', 'test/ti/indicators.test.ts'];
      const { stdout } = await run(process.execPath, args, { env, maxBuffer: 16 << 20 }).catch((err: { stdout?: string; stderr?: string }) => {
        assert.fail(`the live run failed:\n${err.stdout}\n${err.stderr}`);
      });
      // what needs the admin interface or seeded data is skipped, saying why
      assert.match(stdout, /# needs the local platform: DNS resolutions are seeded through the admin state import/);
      assert.match(stdout, /# needs the local platform: its seeded second owner, Common Community/);
      assert.match(stdout, /ℹ fail 0/);

      const { requests } = await adminCall<{ requests: Array<{ method: string; path: string; status: number }> }>(instance, 'GET', '/requests');
      const seen = requests.map((r) => `${r.method} ${r.path}`);
      // the tests' clients came here, with the stand-in's keys (a 401 would not have created anything)
      assert.ok(seen.some((s) => /^POST \/api\/v2\/indicators\/hosts$|^POST \/v2\/indicators\/hosts$/.test(s)), seen.slice(0, 20).join('\n'));
      assert.ok(requests.every((r) => r.status !== 401), 'every call was signed with the env keys');
      // names carry the run prefix, and what the tests left was deleted after them
      assert.ok(seen.some((s) => /^GET .*\/v2\/indicators\/hosts\/tcex-t[0-9a-z]+-bad\.example\.com$/.test(s)), 'hosts are named with the run prefix');
      assert.ok(seen.some((s) => /^DELETE .*\/v3\/indicators\/\d+$/.test(s)), 'the cleanup deleted what the run left');
      const hosts = await check.v2('GET', '/v2/indicators/hosts', { query: { owner: 'Example Organization' } });
      assert.deepEqual((hosts.host as Array<{ hostName: string }>).filter((h) => h.hostName.startsWith('tcex-t')), []);
      const asns = await check.v2('GET', '/v2/indicators/asns', { query: { owner: 'Example Organization' } });
      assert.deepEqual(asns.asn ?? [], [], 'ASN13335, created and left by one test, was deleted afterwards');
    } finally {
      await check.close();
      await instance.close();
    }
  });
});
