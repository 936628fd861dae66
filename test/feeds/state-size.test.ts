// A feed state of a million items is one line of about 13 MB in results.tc: the runtime writes it, the job runner
// keeps it and passes it back whole as a param on the next run, and the feed kit reads it.
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { usePlatform } from '../helpers/platform.js';
import { packageApp, parseResultsTc, ResultsTc } from '../../src/app/index.js';
import { PreviousState } from '../../src/feed/index.js';
import { installTcx } from '../platform/runner/helpers.js';

const tp = usePlatform();

test('a 1,000,000-item feed_state goes through results.tc and the job runner unchanged', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tcex-state-carrier-'));
  try {
    const { file } = await packageApp(resolve('test/feeds/fixtures/state-carrier'), { output: dir, build: false });
    const installed = await installTcx(tp.handle, readFileSync(file));
    assert.equal(installed.status, 201, JSON.stringify(installed.body));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const job = await tp.admin('POST', '/jobs', { app: 'State_Carrier_v1', name: 'state carrier', params: { items: '1000000' } });
  const first = await tp.admin('POST', `/jobs/${job.id}/run`, { wait: true });
  assert.equal(first.status, 'Success', first.message);
  assert.match(first.message, /for 1000000 items/);

  const kept = (await tp.admin('GET', `/jobs/${job.id}/results`)).results;
  // history and listings name the long value by its size instead of copying 13 MB into every record
  assert.match(first.results.feed_state, /^\(\d+ characters, kept on the job\)$/);
  assert.match((await tp.admin('GET', `/jobs/${job.id}`)).results.feed_state, /characters, kept on the job/);
  assert.ok(kept.feed_state.length > 12_000_000, `a line of over 12 MB (${kept.feed_state.length} characters)`);
  const { state, note } = await PreviousState.load(kept.feed_state, 'Example Organization');
  assert.equal(note, undefined);
  assert.equal(state.size, 1_000_000);
  const digest = parseInt(createHash('sha256').update(String(0x030201)).digest('hex').slice(0, 12), 16);
  assert.equal(state.see('Address\t10.3.2.1', digest), true);
  assert.equal(state.see('Address\t10.3.2.1', 1), false);

  // the runtime's own results.tc writer (what the feed apps use) keeps the line whole too
  const out = mkdtempSync(join(tmpdir(), 'tcex-state-results-'));
  try {
    const results = new ResultsTc(out);
    results.set('feed_state', kept.feed_state);
    results.set('last_run', '2025-01-01T00:00:00Z');
    assert.equal(parseResultsTc(readFileSync(results.file, 'utf8')).feed_state, kept.feed_state);
    // it writes long values a megabyte at a time: a character outside the BMP across that boundary stays whole
    const straddling = `${'x'.repeat((1 << 20) - 1)}😀${'y'.repeat(10)}`;
    results.set('note', straddling);
    assert.equal(parseResultsTc(readFileSync(results.file, 'utf8')).note, straddling);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }

  const second = await tp.admin('POST', `/jobs/${job.id}/run`, { wait: true });
  assert.equal(second.status, 'Success', second.message);
  assert.equal(second.message, `received ${kept.feed_state.length} characters, intact`);
});
