// submitWhileBuilding: jobs sent in the background while the app still adds, against the target (local platform,
// or ThreatConnect in live mode). The same items must land as with build-then-submit, with the same results.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { batchContent, useTarget } from '../helpers/target.js';
import { TcConfigError } from '../../src/core/errors.js';
import { Batch, BatchStateError, BatchSubmitError, type BatchOptions, type BatchProgressEvent, type BatchResult } from '../../src/batch/index.js';
import { JobProgress } from '../../src/batch/poll.js';
import { multipartUpload } from '../../src/batch/api.js';
import { parseMultipart } from '../../src/platform/batch/multipart.js';
import { ingestBlocklist } from '../../examples/batch/stream.js';

const target = useTarget();

/** What a client uploaded in its createAndUpload calls: the indicators, in the order sent. */
async function uploaded(client: ReturnType<typeof target.client>): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for (const sent of client.sent) {
    const content = sent.path.startsWith('/v2/batch/createAndUpload') ? await batchContent(sent) : undefined;
    if (content !== undefined) out.push(...(JSON.parse(content) as { indicator: Array<Record<string, unknown>> }).indicator);
  }
  return out;
}

const bySummary = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.summary).localeCompare(String(b.summary));

/** 300 addresses (one with an attribute type the platform does not know: one item error), yielding as a reader does. */
async function fill(batch: Batch, events: BatchProgressEvent[], sentWhileBuilding: number[]): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const address = batch.address(`10.47.${i >> 8}.${i & 255}`, 1 + (i % 5), 10 * (i % 10)).tag('streamed');
    if (i === 123) address.attribute('Not A Real Type', 'x');
    if (i % 10 === 9) await tick();
    sentWhileBuilding.push(events.filter((e) => e.phase === 'uploading').length);
  }
}

describe('submitWhileBuilding: jobs go while the batch is built', () => {
  const run = async (options: Partial<BatchOptions>) => {
    const client = target.client();
    const events: BatchProgressEvent[] = [];
    const sentWhileBuilding: number[] = [];
    const batch = new Batch({ client, owner: target.owner, poll: { minMs: 10 }, limits: { maxItems: 80 }, progress: (e) => events.push(e), ...options });
    let result: BatchResult;
    try {
      await fill(batch, events, sentWhileBuilding);
      result = await batch.submitAll();
    } finally {
      batch.close();
    }
    return { result, events, sentWhileBuilding, items: await uploaded(client) };
  };

  test('the same items, xids and results as building first and submitting after; jobs reported in order, two at most in flight', async () => {
    const built = await run({});
    const streamed = await run({ submitWhileBuilding: { firstJobItems: 20 } });

    // the first job left once 20 items waited, long before the last was added
    assert.equal(built.sentWhileBuilding.at(-1), 0, 'build-then-submit sends nothing while building');
    assert.ok(streamed.sentWhileBuilding[25] >= 1, `a job was sent by the 26th item: ${streamed.sentWhileBuilding.slice(0, 30)}`);
    assert.ok(streamed.sentWhileBuilding.at(-1)! >= 3, `jobs were sent while building: ${streamed.sentWhileBuilding.at(-1)}`);

    assert.deepEqual([...streamed.items].sort(bySummary), [...built.items].sort(bySummary), 'same wire objects (xid, rating, confidence, tag)');
    assert.equal(streamed.items.length, 300);
    for (const r of [built.result, streamed.result]) {
      assert.ok(r.jobs.every((j) => j.status === 'Completed'));
      // the address with the unknown attribute type is saved without it, and counted as an error too
      assert.equal(r.totals.success.indicators, 300);
      assert.equal(r.totals.error.indicators, 1);
      assert.equal(r.errors.length, 1);
      assert.match(String(r.errors[0].errorReason), /attribute type was not found/);
    }
    const { sent, success, error, unprocessed } = built.result.totals;
    // the jobs differ (their number, the bytes of their JSON), what they did does not
    const same = (t: BatchResult['totals']) => ({ ...t, jobs: 0, sent: { ...t.sent, bytes: 0 } });
    assert.deepEqual(same(streamed.result.totals), same(built.result.totals));
    assert.equal(sent.total, 300, JSON.stringify({ success, error, unprocessed }));

    const completed = streamed.events.filter((e) => e.phase === 'completed').map((e) => e.job);
    assert.deepEqual(completed, completed.map((_, i) => i + 1), 'jobs complete and are reported in order');
    assert.equal(streamed.result.jobs.length, completed.length);
    let inFlight = 0;
    for (const e of streamed.events) {
      if (e.phase === 'uploading') inFlight++;
      if (e.phase === 'completed' || e.phase === 'failed') inFlight--;
      assert.ok(inFlight <= 2, 'at most two jobs in flight');
    }
    assert.equal(streamed.events.at(-1)!.phase, 'done');
  });

  test('the documented example ingests a blocklist while reading it', async () => {
    async function* lines() {
      yield '# IPsum-style list';
      for (let i = 0; i < 120; i++) {
        yield `10.48.0.${i}\t${1 + (i % 7)}`;
        if (i % 10 === 0) await tick();
      }
    }
    const result = await ingestBlocklist(target.client(), lines(), 30);
    assert.ok(result.ok, JSON.stringify(result.errors));
    assert.equal(result.totals.success.indicators, 120);
    assert.ok(result.jobs.length >= 2, `${result.jobs.length} jobs`);
    const address = await target.client().v2('GET', '/v2/indicators/addresses/10.48.0.5', { query: { owner: target.owner, includes: 'tags' } });
    assert.equal(address.address.rating, 4);
  });

  test('server haltOnError: one job at a time; the halted job stops the rest, which stays in the batch', async () => {
    const batch = new Batch({ client: target.client(), owner: target.owner, poll: { minMs: 10 }, progress: false, haltOnError: true, limits: { maxItems: 40 }, submitWhileBuilding: { firstJobItems: 10 } });
    try {
      for (let i = 0; i < 100; i++) {
        const address = batch.address(`10.49.0.${i}`);
        if (i === 5) address.attribute('Not A Real Type', 'x');
        await tick();
      }
      const err = await batch.submitAll().then(
        () => assert.fail('should have thrown'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof BatchSubmitError);
      assert.match(err.message, /halted by the platform/);
      const partial = err.result as BatchResult;
      assert.equal(partial.jobs.at(-1)!.halted, true);
      const rest = await batch.submitAll();
      assert.equal(partial.totals.sent.indicators + rest.totals.sent.indicators, 100, 'nothing is lost');
    } finally {
      batch.close();
    }
  });

  test('a failed request in the background stops the sending; submitAll throws with the results, the rest stays in the batch', async (t) => {
    if (target.localOnly(t, 'fault injection')) return;
    const admin = target.adminOnly();
    await admin('POST', '/faults', { path: '^/v2/batch/createAndUpload', method: 'POST', status: 500, message: 'storage offline', times: 1 });
    const batch = new Batch({ client: target.client(), owner: target.owner, poll: { minMs: 10 }, progress: false, limits: { maxItems: 30 }, submitWhileBuilding: { firstJobItems: 10 } });
    try {
      for (let i = 0; i < 90; i++) {
        batch.address(`10.52.0.${i}`);
        await tick();
      }
      const err = await batch.submitAll().then(
        () => assert.fail('should have thrown'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof BatchSubmitError);
      assert.match(err.message, /storage offline/);
      const partial = err.result as BatchResult;
      assert.equal(partial.jobs[0].status, 'Failed');
      assert.ok(partial.jobs.length <= 2, 'nothing sent after the job behind the failed one');
      const rest = await batch.submitAll();
      assert.ok(rest.ok);
      assert.equal(partial.totals.sent.indicators + rest.totals.sent.indicators, 90, 'every item was sent once');
    } finally {
      batch.close();
      await admin('DELETE', '/faults');
    }
  });

  test('bad options name the field and the value; groups and top-level associations are refused', () => {
    const client = target.client();
    const make = (options: Partial<BatchOptions>) => new Batch({ client, owner: target.owner, ...options });
    const cases: Array<[Partial<BatchOptions>, RegExp]> = [
      [{ submitWhileBuilding: 'yes' as never }, /^submitWhileBuilding: must be true, false or \{ firstJobItems, jobsInFlight \}, got "yes"/],
      [{ submitWhileBuilding: { jobsInFlight: 3 } }, /^submitWhileBuilding\.jobsInFlight: must be 1 or 2, got 3/],
      [{ submitWhileBuilding: { firstJobItems: 0 } }, /^submitWhileBuilding\.firstJobItems: must be a whole number from 1 to the job size \(25000\), got 0/],
      [{ submitWhileBuilding: { firstJobItems: 100 }, limits: { maxItems: 50 } }, /firstJobItems: .*\(50\), got 100/],
      [{ submitWhileBuilding: { jobsInFlight: 2 }, haltOnError: true }, /^submitWhileBuilding\.jobsInFlight: must be 1 with haltOnError/],
      [{ submitWhileBuilding: { firstJob: 10 } as never }, /^submitWhileBuilding\.firstJob: is not an option/],
      [{ submitWhileBuilding: true, client: undefined }, /^client: a TcClient is needed to submit while building/],
    ];
    for (const [options, message] of cases) assert.throws(() => make(options), (e: unknown) => e instanceof TcConfigError && message.test((e as Error).message), String(message));
    const batch = make({ submitWhileBuilding: true });
    try {
      assert.throws(() => batch.adversary('Not Here', 'sdk-no-group'), (e: unknown) => e instanceof BatchStateError && /groups cannot be added with submitWhileBuilding/.test((e as Error).message));
      const a = batch.address('10.50.0.1');
      assert.throws(() => batch.association(a, { xid: 'x' }), /top-level associations cannot be added with submitWhileBuilding/);
      assert.equal(batch.added.groups, 0);
    } finally {
      batch.close();
    }
  });
});

describe('createAndUpload body', () => {
  test('one multipart buffer with the config and content file parts TcEx sends, content byte for byte', () => {
    const content = Buffer.from('{"group":[],"indicator":[{"summary":"10.51.0.1","type":"Address","tag":[{"name":"ü --x"}]}],"association":[]}');
    const { body, contentType } = multipartUpload({ owner: 'Example Organization', action: 'Create' }, content);
    const parts = parseMultipart(contentType, body);
    assert.deepEqual(parts.map((p) => [p.name, p.filename, p.contentType]), [['config', 'config', 'application/json'], ['content', 'content', 'application/octet-stream']]);
    assert.deepEqual(JSON.parse(parts[0].body.toString('utf8')), { owner: 'Example Organization', action: 'Create' });
    assert.ok(parts[1].body.equals(content));
    assert.notEqual(multipartUpload({}, content).contentType, contentType, 'a new random boundary each time');
  });
});

describe('polling paced by the progress a running job reports', () => {
  test('the time left follows the counts between two polls; none without progress, when queued, or when done', () => {
    const progress = new JobProgress(10_000, 0);
    assert.equal(progress.remainingMs({ status: 'Queued', successCount: 0 }, 100), undefined);
    assert.equal(progress.remainingMs({ status: 'Running', successCount: 0, errorCount: 0 }, 200), undefined);
    // 2,000 done in 400 ms: 8,000 left at 5 per ms
    assert.equal(progress.remainingMs({ status: 'Running', successCount: 1_900, errorCount: 100 }, 400), 1_600);
    // 4,000 more in 400 ms: 4,000 left at 10 per ms
    assert.equal(progress.remainingMs({ status: 'Running', successCount: 5_900, errorCount: 100 }, 800), 400);
    assert.equal(progress.remainingMs({ status: 'Running', successCount: 5_900, errorCount: 100 }, 900), undefined, 'no new counts');
    assert.equal(progress.remainingMs({ status: 'Running', successCount: 10_000 }, 1_000), undefined);
  });
});
