// A packaged feed app run by the platform's job runner: a two-run differential update on two versions of the real
// Feodo Tracker list (results.tc carried by the runner), a scheduled job run twice, and the exit codes 3 and 1.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { adminFetch, usePlatform } from '../helpers/platform.js';
import { packageFeedApp } from '../../src/feed/index.js';
import { feodoFeed } from '../../examples/feeds/feodo-tracker/src/feed.js';
import { waitFor } from '../platform/runner/helpers.js';
import { feedFile } from './helpers.js';
import { assertOwnerHolds, expectedItems, ownerClient, sourceOwner, type Credentials } from './platform-helpers.js';

const tp = usePlatform();
const scratch = mkdtempSync(join(tmpdir(), 'tcex-feed-runner-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const mapping = { defaultRating: 0, defaultConfidence: 0 };

// Version A is the real list; version B drops its first three rows, adds two servers (one of a new family) and
// marks one server offline.
const lines = readFileSync(feedFile('feodo-ipblocklist.csv'), 'utf8').split('\n');
const header = lines.findIndex((l) => l.startsWith('"first_seen_utc"'));
const rows = lines.slice(header + 1).filter((l) => l.startsWith('"'));
const versionA = join(scratch, 'feodo-a.csv');
const versionB = join(scratch, 'feodo-b.csv');
const dropped = rows.slice(0, 3).map((r) => r.split('","')[1]);
const changed = rows[3].split('","')[1];
function flipStatus(row: string): string {
  const fields = row.slice(1, -1).split('","');
  fields[3] = fields[3] === 'online' ? 'offline' : 'online';
  return `"${fields.join('","')}"`;
}
writeFileSync(versionA, lines.join('\n'));
writeFileSync(
  versionB,
  [
    ...lines.slice(0, header + 1),
    flipStatus(rows[3]),
    ...rows.slice(4),
    '"2024-04-05 10:00:00","198.51.100.200","443","online","2024-04-05","Emotet"',
    '"2024-04-05 10:05:00","198.51.100.201","8080","online","2024-04-05","Pikabot"',
  ].join('\n'),
);

let creds: Credentials;
before(async () => {
  const pkg = await packageFeedApp(resolve('examples', 'feeds', 'feodo-tracker'), scratch);
  const res = await adminFetch(tp.handle, 'POST', '/apps', { raw: readFileSync(pkg.file) });
  assert.equal(res.status, 201, res.text);
  creds = await sourceOwner(tp, 'abuse.ch Feodo Tracker');
});

const runJob = (job: number) => tp.admin('POST', `/jobs/${job}/run`, { wait: true });

async function lastModified(owner: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const i of ownerClient(tp, creds).paginate<any>('/v2/indicators', 'indicator', { owner })) out.set(i.summary, i.lastModified);
  return out;
}

test('two versions of the feed: additions created, removals deleted, unchanged untouched, results.tc carried by the runner', async () => {
  const job = await tp.admin('POST', '/jobs', { app: 'Feodo_Tracker_Feed_v1', name: 'feodo two runs', userName: creds.accessId, params: { tc_owner: creds.owner, source: versionA } });
  const first = await runJob(job.id);
  assert.equal(first.status, 'Success', first.message);
  assert.equal(first.exitCode, 0);
  assert.match(first.message, /^28 Address, 1 Malware: 29 submitted, 0 unchanged/);
  const firstLog = (await tp.admin('GET', `/runs/${first.id}`)).log as string;
  assert.match(firstLog, /read 28 records: 28 Address, 1 Malware/, 'records of the file, not items (the group is not a row)');
  const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
  assert.match(firstLog, new RegExp(`tcex-ts ${version.replace(/\./g, '\\.')}, Node`), 'the bundled app logs the real package version');
  const kept = (await tp.admin('GET', `/jobs/${job.id}/results`)).results;
  assert.ok(kept.feed_state && kept.last_run, 'the runner kept the results.tc values');
  await assertOwnerHolds(ownerClient(tp, creds), creds.owner, (await expectedItems(feodoFeed.reader(mapping), versionA)).items);
  const before = await lastModified(creds.owner);

  // two minutes later (inside the HMAC time window), the list has changed
  await tp.admin('POST', '/clock', { offsetMs: 120_000 });
  try {
    await tp.admin('PUT', `/jobs/${job.id}`, { params: { tc_owner: creds.owner, source: versionB } });
    const second = await runJob(job.id);
    assert.equal(second.status, 'Success', second.message);
    assert.match(second.message, /^27 Address, 2 Malware: 4 submitted, 25 unchanged; 3 left the feed \(deleted\)/);
    const log = (await tp.admin('GET', `/runs/${second.id}`)).log as string;
    assert.match(log, /previous run submitted 29 items/, 'feed_state came back as a param');

    await assertOwnerHolds(ownerClient(tp, creds), creds.owner, (await expectedItems(feodoFeed.reader(mapping), versionB)).items);
    const after = await lastModified(creds.owner);
    for (const ip of dropped) assert.ok(!after.has(ip), `${ip} was deleted`);
    assert.ok(after.has('198.51.100.200') && after.has('198.51.100.201'), 'the additions exist');
    assert.notEqual(after.get(changed), before.get(changed), 'the changed server was updated');
    const untouched = [...after.keys()].filter((ip) => ip !== changed && before.has(ip));
    assert.equal(untouched.length, 24);
    for (const ip of untouched) assert.equal(after.get(ip), before.get(ip), `${ip} was not touched`);
  } finally {
    await tp.admin('POST', '/clock', { offsetMs: 0 });
  }
});

test('a scheduled feed job runs twice by itself: the second run finds nothing new', async () => {
  const owner = await sourceOwner(tp, 'Feodo Scheduled');
  const job = await tp.admin('POST', '/jobs', {
    app: 'Feodo_Tracker_Feed_v1',
    name: 'feodo every second',
    userName: owner.accessId,
    schedule: '* * * * * *',
    params: { tc_owner: owner.owner, source: 'sample/ipblocklist.csv' },
  });
  const runs = await waitFor(async () => {
    const list = (await tp.admin('GET', `/runs?job=${job.id}`)).runs.filter((r: any) => r.status !== 'Running');
    return list.length >= 2 ? list.reverse() : undefined;
  }, 30_000);
  await tp.admin('PUT', `/jobs/${job.id}`, { enabled: false });
  assert.deepEqual(runs.slice(0, 2).map((r: any) => [r.trigger, r.status, r.exitCode]), [
    ['schedule', 'Success', 0],
    ['schedule', 'Success', 0],
  ]);
  assert.match(runs[0].message, /^6 Address, 4 Malware: 10 submitted, 0 unchanged; 1 invalid row skipped/);
  assert.match(runs[1].message, /^6 Address, 4 Malware: 0 submitted, 10 unchanged; 1 invalid row skipped/);
});

test('exit 3 when removing what left the feed fails, and the next run retries the removal; exit 1 when nothing can be saved', async () => {
  const owner = await sourceOwner(tp, 'Feodo Faults');
  const job = await tp.admin('POST', '/jobs', { app: 'Feodo_Tracker_Feed_v1', name: 'feodo faults', userName: owner.accessId, params: { tc_owner: owner.owner, source: versionA } });
  assert.equal((await runJob(job.id)).exitCode, 0);
  await tp.admin('PUT', `/jobs/${job.id}`, { params: { tc_owner: owner.owner, source: versionB } });

  // the Delete batch job cannot be created: the additions are in, the removal is not
  await tp.admin('POST', '/faults', { path: '^/v2/batch$', method: 'POST', status: 500, message: 'injected', times: 1 });
  const partial = await runJob(job.id);
  assert.deepEqual([partial.status, partial.exitCode], ['PartialFailure', 3]);
  assert.match(partial.message, /removal failed/);
  const retried = await runJob(job.id);
  assert.equal(retried.exitCode, 0, retried.message);
  assert.match(retried.message, /0 submitted, 29 unchanged; 3 left the feed \(deleted\)/);

  // the platform refuses every batch upload: nothing is saved
  await tp.admin('PUT', `/jobs/${job.id}`, { params: { tc_owner: owner.owner, source: versionA } });
  await tp.admin('POST', '/faults', { path: '^/v2/batch', method: 'POST', status: 503, message: 'injected' });
  try {
    const failed = await runJob(job.id);
    assert.deepEqual([failed.status, failed.exitCode], ['Failed', 1]);
    assert.match(failed.message, /^Failed to save the feed/);
    // a failed submit never reads as "N submitted"
    assert.match(failed.message, /: 0 of \d+ saved, /);
    assert.doesNotMatch(failed.message, /submitted/);
  } finally {
    await tp.admin('DELETE', '/faults');
  }
});
