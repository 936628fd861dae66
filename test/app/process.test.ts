// The app as its own process: launch(), signals, unhandled errors, and the ThreatConnect client against a real platform.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { writeParamFile } from '../../src/index.js';
import { usePlatform } from '../helpers/platform.js';
import { allLogs, MODES_APP_DIR, pathArgs, readOut, tempDir } from './helpers.js';

const platform = usePlatform();

interface Ended {
  code: number | null;
  stderr: string;
}

function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'run.ts', ...args], {
    cwd: MODES_APP_DIR,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const ended = new Promise<Ended>((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  return { child, ended };
}

async function waitFor(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('launched app process', () => {
  test('exit codes reach the process: 0, 3 and 1', async () => {
    const codes: Array<number | null> = [];
    for (const mode of ['ok', 'partial', 'fail']) {
      const dir = tempDir();
      const { ended } = start([...pathArgs(dir), '--tc_owner', 'O', '--mode', mode]);
      codes.push((await ended).code);
    }
    assert.deepEqual(codes, [0, 3, 1]);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} ends the app with 1, the interrupt message, and teardown`, async () => {
      const dir = tempDir();
      const { child, ended } = start([...pathArgs(dir), '--tc_owner', 'O', '--mode', 'hang']);
      await waitFor(() => {
        try {
          return allLogs(dir).includes('waiting for a signal');
        } catch {
          return false;
        }
      }, 'the app to start');
      child.kill(signal);
      const { code } = await ended;
      assert.equal(code, 1);
      assert.equal(readOut(dir, 'message.tc'), 'The App received an interrupt signal and will now exit.\n');
      assert.match(allLogs(dir), /teardown ran/);
    });
  }

  test('an unhandled rejection ends the app with 1 and a generic message', async () => {
    const dir = tempDir();
    const { ended } = start([...pathArgs(dir), '--tc_owner', 'O', '--mode', 'reject']);
    assert.equal((await ended).code, 1);
    assert.equal(readOut(dir, 'message.tc'), 'Generic Error. See logs for more details (background task failed).\n');
    assert.match(allLogs(dir), /Unhandled error: Error: background task failed/);
  });

  test('a launched app reaches the platform with credentials from the parameter file', async () => {
    const dir = tempDir();
    const { accessId, secretKey, url } = platform.handle;
    const { file, key } = await writeParamFile(join(dir, 'params.enc'), {
      tc_api_path: url,
      tc_api_access_id: accessId,
      tc_api_secret_key: secretKey,
      tc_owner: 'Example Organization',
      tc_out_path: join(dir, 'out'),
      tc_log_path: join(dir, 'log'),
      tc_log_level: 'debug',
      mode: 'owners',
    });
    const { ended } = start([], { TC_APP_PARAM_FILE: file, TC_APP_PARAM_KEY: key });
    const { code, stderr } = await ended;
    assert.equal(code, 0, stderr);
    assert.match(readOut(dir, 'message.tc'), /^owners: .*Example Organization/);
    const log = allLogs(dir);
    assert.match(log, /auth: hmac/);
    assert.match(log, /request method=GET url=http:\/\/127\.0\.0\.1:\d+\/api\/v2\/owners.* status=200/);
    assert.ok(!log.includes(secretKey));
  });

  test('a token from the platform is used (and masked) when the runner passes one', async () => {
    const dir = tempDir();
    const { token, expires } = await platform.admin<{ token: string; expires: number }>('POST', '/tokens', {});
    const { file, key } = await writeParamFile(join(dir, 'params.enc'), {
      tc_api_path: platform.handle.url,
      tc_token: token,
      tc_token_expires: expires,
      tc_owner: 'Example Organization',
      tc_out_path: join(dir, 'out'),
      tc_log_path: join(dir, 'log'),
      tc_log_level: 'debug',
      mode: 'owners',
    });
    const { code, stderr } = await start([], { TC_APP_PARAM_FILE: file, TC_APP_PARAM_KEY: key }).ended;
    assert.equal(code, 0, stderr);
    assert.match(readOut(dir, 'message.tc'), /^owners: .*Example Organization/);
    const log = allLogs(dir);
    assert.match(log, /auth: token/);
    assert.ok(!log.includes(token));
  });
});
