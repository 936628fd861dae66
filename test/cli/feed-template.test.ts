// init → the app's own tests (the parser on the real Feodo list; three runs against a platform: the second sends
// nothing, a removed row is deleted; download failures) → validate → package, for the batch-feed template built on
// tcex/feed. Its own file: the steps are slow.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildDist, tcex } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'tcex-feed-template-'));
after(() => rmSync(work, { recursive: true, force: true }));
before(() => buildDist());

function node(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => done({ code, output }));
  });
}

describe('batch feed template lifecycle', () => {
  const feedProject = join(work, 'c2-feed');

  test('init, its own tests, validate and package', async () => {
    const init = await tcex(['init', feedProject, '--template', 'batch-feed', '--name', 'C2 Feed']);
    assert.equal(init.code, 0, init.stderr);
    const tests = await node(['--import', 'tsx', '--test', 'test/feed.test.ts'], feedProject);
    assert.equal(tests.code, 0, tests.output);
    assert.match(tests.output, /# pass 3/);
    assert.match(tests.output, /run twice: the second run sends nothing; a row removed from the source is removed on the third/);
    const valid = await tcex(['validate', feedProject]);
    assert.match(valid.stdout, /^feed\.job\.json: ok$/m);
    assert.match(valid.stdout, /^valid: 0 error\(s\)/m);
    const pack = await tcex(['package', feedProject]);
    assert.equal(pack.code, 0, pack.stderr);
  });
});
