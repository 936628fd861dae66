// Following a job run: whole log messages as they come; a live status line on a terminal, plain lines elsewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followRun } from '../../src/cli/follow-run.js';

const line = (level: string, message: string) => `2026-01-01 00:00:00,000 - ${level.padStart(8)} - ${message}`;
const long = `reading the feed: 120000 rows read, and a message longer than any terminal line ${'x'.repeat(200)}`;

function runs() {
  const states = [
    { status: 'Running', log: line('INFO', 'tcex-ts 0.1.0') },
    { status: 'Running', log: [line('INFO', 'tcex-ts 0.1.0'), line('INFO', long)].join('\n') },
    { status: 'Success', log: [line('INFO', 'tcex-ts 0.1.0'), line('INFO', long), line('INFO', 'create: batch job 1 (id 7) Completed')].join('\n') },
  ];
  let i = 0;
  return async () => states[Math.min(i++, states.length - 1)];
}

test('not a terminal: each message once, whole, as a plain line; the start-up banner left out', async () => {
  let out = '';
  const run = await followRun({ poll: runs(), stream: { write: (t: string) => (out += t) }, skip: /^tcex-ts /, every: 1, tty: false });
  assert.equal(run.status, 'Success');
  assert.equal(out, `    ${long}\n    create: batch job 1 (id 7) Completed\n`);
});

test('a terminal: messages whole above a status line that is redrawn and cleared at the end', async () => {
  let out = '';
  await followRun({ poll: runs(), stream: { columns: 60, write: (t: string) => (out += t) }, skip: /^tcex-ts /, every: 30, tty: true });
  assert.ok(out.includes(`    ${long}\n`), 'the long message is printed whole');
  assert.match(out, /\r\u001b\[2K {4}[|/\\-] running \d+\.\d s · /, 'a status line with a spinner and the time');
  assert.ok(out.endsWith('\r\u001b[2K'), 'the status line is cleared at the end');
  for (const status of out.split('\r\u001b[2K').filter((s) => s.includes(' running '))) assert.ok(status.split('\n')[0].length <= 59, 'status lines fit the width');
});
