// Issue 11 point 1 from the user's side: `tcex platform start` prints where it really listens and the admin key,
// and the `tcex platform ...` commands find that key without an extra step (or say clearly how to give it).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const dir = mkdtempSync(join(tmpdir(), 'tcex-cli-key-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function tcex(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = { ...process.env, ...env };
  if (!env.TC_PLATFORM_ADMIN_KEY) delete clean.TC_PLATFORM_ADMIN_KEY;
  return promisify(execFile)(process.execPath, [resolve('bin/tcex.js'), ...args], { cwd: dir, env: clean }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: any) => ({ code: err.code as number, stdout: String(err.stdout), stderr: String(err.stderr) }),
  );
}

test('the banner shows the listen address and the admin key; platform commands read it from the data folder', { timeout: 120_000 }, async () => {
  const dataFile = join(dir, 'data', 'platform.db');
  const child = spawn(process.execPath, [resolve('bin/tcex.js'), 'platform', 'start', '--port', '0', '--data', dataFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let out = '';
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no banner: ${out}`)), 60_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/Admin key:/.test(out) && /Ctrl\+C/.test(out)) {
          clearTimeout(timer);
          done();
        }
      });
      child.once('exit', (code) => fail(new Error(`exited ${code}: ${out}`)));
    });
    const port = /listening on 127\.0\.0\.1:(\d+)/.exec(out)?.[1];
    assert.ok(port, out);
    const key = readFileSync(join(dir, 'data', 'admin.key'), 'utf8').trim();
    assert.match(out, new RegExp(`Admin key:\\s+${key} \\(kept in .*admin\\.key\\)`));
    const platform = `http://127.0.0.1:${port}`;

    const found = await tcex(['platform', 'jobs', '--platform', platform, '--data', dataFile]);
    assert.equal(found.code, 0, found.stderr);
    assert.match(found.stdout, /\(none\)/);
    const fromEnv = await tcex(['platform', 'jobs', '--platform', platform], { TC_PLATFORM_ADMIN_KEY: key });
    assert.equal(fromEnv.code, 0, fromEnv.stderr);

    const none = await tcex(['platform', 'jobs', '--platform', platform]);
    assert.notEqual(none.code, 0);
    assert.match(none.stderr, /no admin key: pass --admin-key, set TC_PLATFORM_ADMIN_KEY/);
    const wrong = await tcex(['platform', 'jobs', '--platform', platform, '--admin-key', 'x'.repeat(32)]);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /refused the admin key/);
    assert.ok(!wrong.stderr.includes(key));
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
  }
});
