// Batch submission against the target (local platform, or ThreatConnect in live mode: docs/testing.md).
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useTarget } from '../helpers/target.js';
import { Batch, BatchSubmitError, type BatchOptions, type BatchProgressEvent, type BatchResult } from '../../src/batch/index.js';
import { progressReporter } from '../../src/batch/progress.js';

const target = useTarget();
const x = target.xid;

function newBatch(options: Partial<BatchOptions> = {}): Batch {
  return new Batch({ client: target.client(), owner: target.owner, progress: false, poll: { minMs: 10 }, ...options });
}

const download = async (branch: string, xid: string) => {
  const res = await target.client().request({ path: `/v2/groups/${branch}/${xid}/download`, query: { owner: target.owner } });
  return res.body.toString('utf8');
};

describe('submitting batches to the platform', () => {
  describe('submitAll sends every chunk and reports each job and the totals; all three interfaces land', () => {
    const events: BatchProgressEvent[] = [];
    let batch: Batch;
    let result: BatchResult;
    before(async () => {
      batch = newBatch({ limits: { maxItems: 4 }, progress: (e) => events.push(e) });
      // interface 1: typed builders
      const adversary = batch.adversary(target.name('Submit Adversary'), x('submit-adv'));
      adversary.attribute('Description', 'from interface 1', true);
      // interface 2: generic builders by type name
      batch.group('Event', target.name('Submit Event'), x('submit-event')).addKeyValue('eventDate', '2024-05-05').association(adversary);
      // interface 3: raw wire objects
      batch.addGroup({ name: target.name('Submit Threat'), type: 'Threat', xid: x('submit-threat'), tag: [{ name: 'raw' }] });
      batch.address('10.40.0.1', 3, 70).association(adversary);
      batch.indicator('Host', target.host('submit.example.com'), 2, 20).tag('generic');
      batch.addIndicator({ summary: '10.40.0.2', type: 'Address', associatedGroups: [{ groupXid: x('submit-threat') }] });
      batch.address('10.40.0.3').tag('x');
      result = await batch.submitAll();
    });
    after(() => batch.close());

    test('seven items with maxItems 4 go as two jobs, each Completed with a batch id', () => {
      assert.equal(result.jobs.length, 2);
      assert.ok(result.ok, JSON.stringify(result.errors));
      for (const job of result.jobs) {
        assert.equal(job.status, 'Completed');
        assert.ok(Number.isInteger(job.batchId));
      }
    });

    test('totals: what was sent by kind, what was saved by kind, embedded associations counted, no errors', () => {
      assert.deepEqual(result.totals.sent, { total: 7, groups: 3, indicators: 4, associations: 0, bytes: result.totals.sent.bytes });
      assert.equal(result.totals.success.groups, 3);
      assert.equal(result.totals.success.indicators, 4);
      assert.equal(result.totals.success.associations, 3, 'embedded associations are counted by the platform');
      assert.equal(result.totals.error.total, 0);
    });

    test('progress: one completed event per job, then done with every item', () => {
      assert.deepEqual(
        events.filter((e) => e.phase === 'completed').map((e) => e.job),
        [1, 2],
      );
      assert.equal(events.at(-1)!.phase, 'done');
      assert.equal(events.at(-1)!.itemsDone, 7);
    });

    test('typed builders: the adversary holds the address associated to it', async () => {
      const linked = await target.client().v2('GET', `/v2/groups/adversaries/${x('submit-adv')}/indicators`, { query: { owner: target.owner } });
      assert.deepEqual(linked.indicator.map((i: any) => i.summary), ['10.40.0.1']);
    });

    test('generic builders: the host keeps its rating, the event its date (UTC midnight)', async () => {
      const client = target.client();
      assert.equal((await client.v2('GET', `/v2/indicators/hosts/${target.host('submit.example.com')}`, { query: { owner: target.owner } })).host.rating, 2);
      assert.equal((await client.v2('GET', `/v2/groups/events/${x('submit-event')}`, { query: { owner: target.owner } })).event.eventDate, '2024-05-05T00:00:00Z');
    });

    test('nothing is left to send afterwards', async () => {
      assert.equal(await batch.submit(), undefined);
    });
  });

  test('submitAll uploads the next job of indicators while the platform works on the one before; with groups it waits', async () => {
    const order = async (withGroup: boolean) => {
      const events: BatchProgressEvent[] = [];
      const batch = newBatch({ limits: { maxItems: 50 }, progress: (e) => events.push(e) });
      try {
        if (withGroup) batch.adversary(target.name('Overlap Adversary'), x('overlap-adv'));
        for (let i = 0; i < 150; i++) batch.address(`10.41.${withGroup ? 1 : 0}.${i}`).tag('overlap');
        const result = await batch.submitAll();
        assert.ok(result.ok, JSON.stringify(result.errors));
        assert.deepEqual(result.jobs.map((j) => j.status), withGroup ? ['Completed', 'Completed', 'Completed', 'Completed'] : ['Completed', 'Completed', 'Completed']);
      } finally {
        batch.close();
      }
      return events.filter((e) => e.phase === 'uploading' || e.phase === 'completed').map((e) => `${e.phase} ${e.job}`);
    };
    assert.deepEqual(await order(false), ['uploading 1', 'uploading 2', 'completed 1', 'uploading 3', 'completed 2', 'completed 3']);
    const serial = await order(true);
    assert.deepEqual(serial.slice(0, 3), ['uploading 1', 'completed 1', 'uploading 2']);
  });

  test('document and report contents upload after the job: bytes, text, and a callback called lazily with the xid', async () => {
    const batch = newBatch();
    const calls: string[] = [];
    try {
      batch.document(target.name('Doc Bytes'), 'bytes.bin', { xid: x('file-bytes'), fileContent: Buffer.from([0x68, 0x69]) });
      const text = batch.document(target.name('Doc Text'), 'text.txt', x('file-text'));
      text.fileContent = 'plain text content';
      batch.report(target.name('Report Lazy'), {
        xid: x('file-lazy'),
        fileName: 'lazy.txt',
        fileContent: (xid) => {
          calls.push(xid);
          return `made for ${xid}`;
        },
      });
      batch.document(target.name('Doc Empty'), 'empty.txt', { xid: x('file-empty'), fileContent: () => null });
      assert.deepEqual(calls, [], 'the callback is not called while building');
      const job = await batch.submit();
      assert.ok(job);
      assert.deepEqual(calls, [x('file-lazy')]);
      const byXid = Object.fromEntries(job.files.map((f) => [f.xid, f]));
      assert.equal(byXid[x('file-bytes')].uploaded, true);
      assert.equal(byXid[x('file-text')].uploaded, true);
      assert.equal(byXid[x('file-lazy')].uploaded, true);
      assert.equal(byXid[x('file-lazy')].branch, 'reports');
      assert.equal(byXid[x('file-empty')].uploaded, false);
      assert.match(byXid[x('file-empty')].error!, /returned nothing/);
      assert.equal(await download('documents', x('file-bytes')), 'hi');
      assert.equal(await download('documents', x('file-text')), 'plain text content');
      assert.equal(await download('reports', x('file-lazy')), `made for ${x('file-lazy')}`);
      // a second run replaces the file (POST with updateIfExists)
      const rerun = newBatch();
      try {
        rerun.document(target.name('Doc Text'), 'text.txt', { xid: x('file-text'), fileContent: 'second version' });
        const second = await rerun.submit();
        assert.equal(second!.files[0].uploaded, true);
        assert.equal(await download('documents', x('file-text')), 'second version');
      } finally {
        rerun.close();
      }
    } finally {
      batch.close();
    }
  });

  test('step by step: submitJob, submitData, poll, errors, submitFiles', async () => {
    const batch = newBatch();
    try {
      batch.address('10.41.0.1');
      batch.address('10.41.0.2').attribute('Not A Real Type', 'x');
      batch.document(target.name('Stepwise'), 'step.txt', { xid: x('step-doc'), fileContent: 'step content' });
      const id = await batch.submitJob();
      const chunk = await batch.submitData(id);
      assert.equal(chunk!.indicators, 2);
      const status = await batch.poll(id);
      assert.equal(status.status, 'Completed');
      assert.equal(status.errorCount, 1);
      const errors = await batch.errors(id);
      assert.equal(errors.length, 1);
      assert.match(String(errors[0].errorReason), /attribute type was not found/);
      const files = await batch.submitFiles();
      assert.deepEqual(files, [{ xid: x('step-doc'), branch: 'documents', uploaded: true }]);
      assert.equal(await download('documents', x('step-doc')), 'step content');
      assert.equal(await batch.submitData(id), undefined, 'no data left');
    } finally {
      batch.close();
    }
  });

  test('halt-on-error, both layers: the platform halts the job, and the client throws or returns as asked', async () => {
    const make = (throwOnError: boolean) => {
      const batch = newBatch({ haltOnError: true, throwOnError, limits: { maxItems: 3 } });
      for (const ip of ['10.42.0.1', '10.42.0.2']) batch.address(ip);
      batch.addIndicator({ summary: '10.42.0.3', type: 'Address', attribute: [{ type: 'Bogus', value: 'x' }] });
      for (const ip of ['10.42.1.1', '10.42.1.2']) batch.address(ip);
      return batch;
    };
    const thrower = make(true);
    try {
      const err = await thrower.submitAll().then(
        () => assert.fail('should have thrown'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof BatchSubmitError);
      assert.match(err.message, /halted by the platform at an error \(haltOnError\)/);
      // chunks follow the spool's hash order, so the bad item may be in either job; submitAll stops at it
      const partial = err.result as { jobs: Array<{ halted: boolean; sent: { indicators: number } }> };
      assert.equal(partial.jobs.at(-1)!.halted, true);
      assert.ok(partial.jobs.slice(0, -1).every((j) => !j.halted));
      // what was not sent stays in the batch and can still go
      const rest = await thrower.submitAll();
      const sentBefore = partial.jobs.reduce((n, j) => n + j.sent.indicators, 0);
      assert.equal(sentBefore + rest.totals.sent.indicators, 5);
    } finally {
      thrower.close();
    }
    const returner = make(false);
    try {
      const result = await returner.submitAll();
      assert.equal(result.ok, false);
      assert.equal(result.jobs.length, 2);
      const halted = result.jobs.find((j) => j.halted)!;
      assert.equal(halted.error.indicators, 1);
      assert.equal(halted.errors.length, 1);
      assert.equal(result.totals.error.total, 1);
    } finally {
      returner.close();
    }
  });

  test('failed requests: thrown by default, reported with throwOnError false; secrets never in the message', async (t) => {
    if (target.localOnly(t, 'fault injection')) return;
    const admin = target.adminOnly();
    await admin('POST', '/faults', { path: '^/v2/batch/createAndUpload', method: 'POST', status: 500, message: 'storage offline', times: 2 });
    try {
      const returning = newBatch({ throwOnError: false });
      try {
        returning.address('10.43.0.1');
        const job = await returning.submit();
        assert.equal(job!.status, 'Failed');
        assert.match(job!.failure!, /failed with 500: storage offline/);
        assert.ok(!job!.failure!.includes(target.handle!.secretKey));
      } finally {
        returning.close();
      }
      const throwing = newBatch();
      try {
        throwing.address('10.43.0.2');
        await assert.rejects(throwing.submit(), (e: unknown) => e instanceof BatchSubmitError && /storage offline/.test((e as Error).message));
      } finally {
        throwing.close();
      }
    } finally {
      await admin('DELETE', '/faults');
    }
  });

  test('poll gives up after its timeout with a clear error', async () => {
    const batch = newBatch();
    try {
      const id = await batch.submitJob();
      // a job without data never completes
      await assert.rejects(batch.poll(id, { minMs: 5, timeoutMs: 60 }), /batch status check reached timeout \(0 seconds\) for job/);
    } finally {
      batch.close();
    }
  });

  test('Delete batches remove what they name', async () => {
    const create = newBatch();
    try {
      create.address('10.44.0.1');
      create.threat(target.name('Delete Me'), x('sdk-delete'));
      await create.submitAll();
    } finally {
      create.close();
    }
    const remove = newBatch({ action: 'Delete' });
    try {
      remove.address('10.44.0.1');
      remove.threat(target.name('Delete Me'), x('sdk-delete'));
      const result = await remove.submitAll();
      assert.equal(result.totals.success.total, 2);
      const client = target.client();
      assert.equal((await client.request({ path: '/v2/indicators/addresses/10.44.0.1', query: { owner: target.owner }, allowErrorStatus: true })).status, 404);
    } finally {
      remove.close();
    }
  });

  test('progress shows plain lines per job off a terminal and a bar on one', () => {
    const lines: string[] = [];
    const plain = progressReporter(true, { isTTY: false, write: (t: string) => lines.push(t) });
    const result = {
      batchId: 7,
      status: 'Completed',
      sent: { total: 2, groups: 0, indicators: 2, associations: 0, bytes: 10 },
      success: { total: 2, groups: 0, indicators: 2, associations: 0 },
      error: { total: 0, groups: 0, indicators: 0, associations: 0 },
      unprocessed: { total: 0, groups: 0, indicators: 0, associations: 0 },
      errors: [],
      files: [],
      halted: false,
      elapsedMs: 1200,
    };
    plain({ phase: 'uploading', job: 1, itemsDone: 0, itemsTotal: 2 });
    plain({ phase: 'completed', job: 1, itemsDone: 2, itemsTotal: 2, result });
    assert.deepEqual(lines, ['batch job 1 (id 7): Completed, sent 0 groups, 2 indicators, 2 saved, 0 errors, 0 unprocessed (1.2 s)\n']);
    assert.equal(progressReporter('auto', { isTTY: false, write: () => assert.fail('auto is silent off a terminal') })({ phase: 'done', job: 1, itemsDone: 0, itemsTotal: 0 }), undefined);
    const drawn: string[] = [];
    const saved = process.env.CI;
    delete process.env.CI;
    try {
      const bar = progressReporter('auto', { isTTY: true, columns: 100, write: (t: string) => drawn.push(t) });
      bar({ phase: 'waiting', job: 1, status: 'Running', itemsDone: 50, itemsTotal: 100 });
      bar({ phase: 'done', job: 1, itemsDone: 100, itemsTotal: 100 });
    } finally {
      if (saved !== undefined) process.env.CI = saved;
    }
    assert.match(drawn[0], /^\r\[#+\.+\] {2}50% 50\/100 · job 1 Running/);
    assert.equal(drawn[1], '\n');
  });
});
