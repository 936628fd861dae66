// Issue 11 points 13 and 15, issue 14's start-up messages: the data folder is private, a second platform on the
// same data file is refused (a dead one's lock is not), and a busy port or half-given credentials are said clearly.
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startPlatform } from '../../../src/platform/index.js';
import { relativiseInMessage } from '../../../src/platform/security/data-folder.js';
import { adminCall } from '../../helpers/platform.js';

const dir = mkdtempSync(join(tmpdir(), 'tcex-data-folder-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const mode = (path: string) => statSync(path).mode & 0o777;

describe('data folder', () => {
  test('the folder is created 0700 and the database, its WAL and the admin key 0600', async () => {
    const dataFile = join(dir, 'private', 'platform.db');
    const p = await startPlatform({ port: 0, dataFile });
    try {
      await adminCall(p, 'POST', '/owners', { name: 'Written Owner' }); // makes SQLite write its WAL
      assert.equal(mode(join(dir, 'private')), 0o700);
      for (const file of ['platform.db', 'platform.db-wal', 'platform.db-shm', 'admin.key']) {
        const path = join(dir, 'private', file);
        assert.ok(existsSync(path), file);
        assert.equal(mode(path), 0o600, file);
      }
      assert.equal(mode(`${dataFile}.files`), 0o700);
    } finally {
      await p.close();
    }
  });

  test('admin error messages name paths relative to the data folder, never absolute server paths', () => {
    const message = `cannot unpack ${dir}/private/platform.db.files/runner/apps/App_v1/x: not a directory`;
    const shown = relativiseInMessage(message, [`${dir}/private/platform.db.files`, `${dir}/private`]);
    assert.equal(shown, 'cannot unpack runner/apps/App_v1/x: not a directory');
    assert.ok(!shown.includes(dir));
  });
});

describe('one platform per data file', () => {
  test('a second start on the same data file is refused with a clear message; the first keeps serving', async () => {
    const dataFile = join(dir, 'locked', 'platform.db');
    const first = await startPlatform({ port: 0, dataFile });
    try {
      await assert.rejects(startPlatform({ port: 0, dataFile }), (err: Error) => {
        assert.match(err.message, /data file .*platform\.db is in use by another platform \(process \d+/);
        assert.match(err.message, /Stop that one first, or use another --data file/);
        return true;
      });
      // the same from another process, as a user would type it
      const cli = await promisify(execFile)(process.execPath, ['--import', 'tsx', resolve('src/cli/main.ts'), 'platform', 'start', '--port', '0', '--data', dataFile]).then(
        () => ({ code: 0, stderr: '' }),
        (err: any) => ({ code: err.code as number, stderr: String(err.stderr) }),
      );
      assert.notEqual(cli.code, 0);
      assert.match(cli.stderr, new RegExp(`in use by another platform \\(process ${process.pid}`));
      assert.equal((await adminCall(first, 'GET', '/health')).ok, true, 'the first platform is untouched');
    } finally {
      await first.close();
    }
    assert.ok(!existsSync(`${dataFile}.lock`), 'closing releases the lock');
  });

  test('a lock left by a process that died does not block the next start', async () => {
    const dataFile = join(dir, 'stale', 'platform.db');
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => gone.once('exit', r));
    const p0 = await startPlatform({ port: 0, dataFile });
    await p0.close();
    writeFileSync(`${dataFile}.lock`, JSON.stringify({ pid: gone.pid, host: hostname(), started: '2020-01-01T00:00:00Z' }));
    const p = await startPlatform({ port: 0, dataFile });
    try {
      assert.equal(JSON.parse(readFileSync(`${dataFile}.lock`, 'utf8')).pid, process.pid, 'the lock is ours now');
    } finally {
      await p.close();
    }
  });
});

describe('start-up messages', () => {
  test('a port in use names the port and suggests --port; the data file is not left locked', async () => {
    const busy = await startPlatform({ port: 0 });
    const dataFile = join(dir, 'port', 'platform.db');
    try {
      await assert.rejects(startPlatform({ port: busy.port, dataFile }), new RegExp(`port ${busy.port} on 127\\.0\\.0\\.1 is already in use.*--port`));
      const retry = await startPlatform({ port: 0, dataFile });
      await retry.close();
    } finally {
      await busy.close();
    }
  });

  test('TC_API_ACCESS_ID without TC_API_SECRET_KEY (or the reverse) is said, not silently ignored', async () => {
    for (const [set, missing] of [
      ['TC_API_ACCESS_ID', 'TC_API_SECRET_KEY'],
      ['TC_API_SECRET_KEY', 'TC_API_ACCESS_ID'],
    ]) {
      const saved = { id: process.env.TC_API_ACCESS_ID, key: process.env.TC_API_SECRET_KEY };
      delete process.env.TC_API_ACCESS_ID;
      delete process.env.TC_API_SECRET_KEY;
      process.env[set] = 'half-given-value-1234';
      try {
        const p = await startPlatform({ port: 0 });
        await p.close();
        assert.equal(p.warnings.length, 1);
        assert.match(p.warnings[0], new RegExp(`${set} is set but ${missing} is not`));
        assert.notEqual(p.accessId, 'half-given-value-1234');
      } finally {
        delete process.env[set];
        if (saved.id !== undefined) process.env.TC_API_ACCESS_ID = saved.id;
        if (saved.key !== undefined) process.env.TC_API_SECRET_KEY = saved.key;
      }
    }
  });

  test('the handle and the banner give the address really listened on', async () => {
    const p = await startPlatform({ port: 0, host: '127.0.0.1' });
    try {
      assert.equal(p.listenAddress, '127.0.0.1');
      assert.deepEqual(p.warnings, []);
    } finally {
      await p.close();
    }
  });
});
