// Run-to-run state of the feed kit: the results.tc text, the fixed-width previous state, the tracker that compares
// a run with it, and what hash collisions can and cannot do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DeltaTracker, RESUBMIT, digest, parseKey, HashTally, itemKey, type FeedGroup, type FeedIndicator, type FeedItem, keyHash32, keyHash53, PreviousState, type KeyHashes, STATE_HEADER, StateWriter } from '../../src/feed/index.js';

const address = (summary: string, extra: Partial<FeedIndicator> = {}): FeedIndicator => ({
  kind: 'indicator',
  type: 'Address',
  summary,
  tags: ['a', 'b'],
  attributes: [],
  groupXids: [],
  ...extra,
});
const malware = (xid: string): FeedGroup => ({ kind: 'group', type: 'Malware', name: xid, xid, tags: [], attributes: [] });

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tcex-feed-state-test-'));
}

function writeState(dir: string, owner: string, entries: Array<[string, number]>): string {
  const writer = new StateWriter(owner, join(dir, 'state.gz'));
  for (const [key, value] of entries) writer.add(key, value);
  return writer.finish();
}

/** What the state says, the way the first (in-memory) parser read it: header, then key → digest. */
function decodeLikeV1(text: string): { header: string; entries: Map<string, number> } {
  const [header, ...lines] = gunzipSync(Buffer.from(text, 'base64')).toString('utf8').split('\n');
  const entries = new Map<string, number>();
  for (const line of lines) {
    const tab = line.lastIndexOf('\t');
    entries.set(line.slice(0, tab), parseInt(line.slice(tab + 1), 36));
  }
  return { header, entries };
}

/** One run: every item through the tracker; what it sent, what left, and the state it leaves. */
async function runOnce(previous: string | undefined, items: FeedItem[], dir: string, options: { resend?: boolean; retry?: boolean; hashes?: KeyHashes } = {}) {
  const { tracker, note } = await DeltaTracker.start(previous, 'Owner', dir, options.hashes);
  try {
    const sent = items.filter((item) => tracker.changed(item)).map(itemKey);
    const stale: string[] = [];
    await tracker.eachStale((key) => stale.push(key));
    const state = await tracker.serialise({ resendSubmitted: options.resend, retryStale: options.retry });
    return { sent, stale, state, note, submitted: tracker.submitted, unchanged: tracker.unchanged };
  } finally {
    tracker.close();
  }
}

test('digest: order of tags is no change, an attribute value is, an absent field is not', () => {
  const base = address('192.0.2.1');
  assert.equal(digest({ ...base, tags: ['b', 'a'] }), digest(base));
  assert.notEqual(digest({ ...base, attributes: [{ type: 'Description', value: 'on' }] }), digest({ ...base, attributes: [{ type: 'Description', value: 'off' }] }));
  assert.equal(digest({ ...base, rating: undefined }), digest(base));
  assert.notEqual(digest(address('192.0.2.2')), digest(base), 'the digest covers the key too');
  assert.ok(Number.isInteger(digest(base)) && digest(base) >= 0 && digest(base) < 2 ** 48);
  assert.deepEqual(parseKey('group:Malware\tx:y'), { kind: 'group', type: 'Malware', value: 'x:y' });
  assert.deepEqual(parseKey('Address\t192.0.2.1'), { kind: 'indicator', type: 'Address', value: '192.0.2.1' });
});

test('the state text stays one line in the v1 format, readable the old way, across many gzip members', async () => {
  const dir = tempDir();
  try {
    const entries: Array<[string, number]> = [
      ['Address\t192.0.2.1', 2 ** 48 - 1],
      ['group:Malware\tx:y', 12345678],
      ['URL\thttp://example.com/a\tb', RESUBMIT],
      ['Host\tbücher.example', 0],
    ];
    // 20,000 more lines: more than one 256 KB gzip member
    for (let i = 0; i < 20_000; i++) entries.push([`Address\t10.0.${i >> 8}.${i & 255}`, i * 7919]);
    const text = writeState(dir, 'Feed Source', entries);
    assert.doesNotMatch(text, /[\r\n]/);
    const v1 = decodeLikeV1(text);
    assert.equal(v1.header, `${STATE_HEADER}\tFeed Source`);
    assert.deepEqual([...v1.entries], entries);
    assert.deepEqual(readdirSync(dir), [], 'the temp file is removed');

    const { state, note } = await PreviousState.load(text, 'Feed Source');
    assert.equal(note, undefined);
    assert.equal(state.size, entries.length);
    for (const [key, value] of entries.slice(0, 50)) assert.equal(state.see(key, value), true, key);
    assert.equal(state.see('URL\thttp://example.com/a\tb', 0), false, 'a RESUBMIT entry matches no digest');
    assert.equal(state.see('Address\t192.0.2.1', 1), false, 'another digest is a change');
    assert.equal(state.see('Address\t203.0.113.9', 5), false, 'an unknown key is new');
    const unseen: string[] = [];
    await state.eachUnseen((key) => unseen.push(key));
    assert.equal(unseen.length, entries.length - 50);
    assert.deepEqual(unseen.slice(0, 2), ['Address\t10.0.0.46', 'Address\t10.0.0.47'], 'in the state\'s order');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a state written by the first version (one gzip member) is read; unusable ones mean "submit everything"', async () => {
  const old = gzipSync(`${STATE_HEADER}\tO\nAddress\t192.0.2.1\t${(123).toString(36)}\ngroup:Malware\tf:x\t-1\nHost\tdamaged.example\tzzzzzzzzzzzzzz\nno tab here`).toString('base64');
  const { state, note } = await PreviousState.load(old, 'O');
  assert.equal(note, undefined);
  assert.equal(state.size, 3, 'a line without a digest is left out');
  assert.equal(state.see('Address\t192.0.2.1', 123), true);
  assert.equal(state.see('group:Malware\tf:x', 0), false);
  assert.equal(state.see('Host\tdamaged.example', 2 ** 48 - 1), false, 'a damaged digest matches nothing');
  const unseen: string[] = [];
  await state.eachUnseen((key) => unseen.push(key));
  assert.deepEqual(unseen, [], 'every entry looked up, the damaged one too, counts as seen');

  const notes = async (text: string | undefined, owner = 'O') => {
    const loaded = await PreviousState.load(text, owner);
    assert.equal(loaded.state.size, 0);
    return loaded.note ?? '';
  };
  assert.match(await notes(undefined), /no previous state/);
  assert.match(await notes('  '), /no previous state/);
  assert.match(await notes(old, 'Other Owner'), /owner "O"/);
  assert.match(await notes('garbage'), /unreadable/);
  assert.match(await notes(old.slice(0, old.length >> 1)), /unreadable/, 'a state cut short');
  assert.match(await notes(gzipSync('tcex-feed-state v9\tO\nAddress\t1.2.3.4\t1').toString('base64')), /unknown format/);
});

test('DeltaTracker: unchanged skipped, changed and new sent, what left is stale; the state it leaves drives the next run', async () => {
  const dir = tempDir();
  try {
    const kept = address('192.0.2.1');
    const changed = address('192.0.2.2');
    const first = await runOnce(undefined, [kept, changed, address('192.0.2.3'), malware('f:gone')], dir);
    assert.match(first.note ?? '', /no previous state/);
    assert.equal(first.sent.length, 4);
    assert.deepEqual(first.stale, []);

    const current = [address('192.0.2.1', { tags: ['b', 'a'] }), address('192.0.2.2', { confidence: 10 }), address('192.0.2.9')];
    const second = await runOnce(first.state, current, dir);
    assert.deepEqual(second.sent, ['Address\t192.0.2.2', 'Address\t192.0.2.9']);
    assert.equal(second.unchanged, 1);
    assert.equal(second.submitted, 2);
    assert.deepEqual(second.stale, ['Address\t192.0.2.3', 'group:Malware\tf:gone']);
    assert.deepEqual([...decodeLikeV1(second.state).entries.keys()], current.map(itemKey), 'the next state is this run\'s items');

    const again = await runOnce(second.state, current, dir);
    assert.deepEqual(again.sent, [], 'nothing changed');
    assert.deepEqual(again.stale, []);
    assert.deepEqual(readdirSync(dir), [], 'spool and state files are removed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('DeltaTracker: a failed submit is sent again next run, a failed removal is tried again', async () => {
  const dir = tempDir();
  try {
    const first = await runOnce(undefined, [address('192.0.2.1'), address('192.0.2.2'), malware('f:x')], dir);
    const failed = await runOnce(first.state, [address('192.0.2.1'), address('192.0.2.7')], dir, { resend: true, retry: true });
    assert.deepEqual(failed.sent, ['Address\t192.0.2.7']);
    const entries = decodeLikeV1(failed.state).entries;
    assert.equal(entries.get('Address\t192.0.2.1'), digest(address('192.0.2.1')), 'unchanged items keep their digest');
    assert.equal(entries.get('Address\t192.0.2.7'), RESUBMIT);
    assert.equal(entries.get('Address\t192.0.2.2'), RESUBMIT, 'the stale key is kept');
    assert.equal(entries.get('group:Malware\tf:x'), RESUBMIT);

    const retry = await runOnce(failed.state, [address('192.0.2.1'), address('192.0.2.7')], dir);
    assert.deepEqual(retry.sent, ['Address\t192.0.2.7']);
    assert.deepEqual(retry.stale, ['Address\t192.0.2.2', 'group:Malware\tf:x']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hash collisions: a shared 53-bit hash is told apart by the check hash; a full collision never skips a change nor deletes a present item', async () => {
  const dir = tempDir();
  try {
    const previousItems = [address('192.0.2.1'), address('192.0.2.2'), address('192.0.2.3'), malware('f:x')];
    const current = [address('192.0.2.1'), address('192.0.2.2', { rating: 3 }), address('192.0.2.8')];
    const exact = await runOnce((await runOnce(undefined, previousItems, dir)).state, current, dir);

    // every key on one 53-bit hash: the 32-bit check keeps them apart, the outcome is the same
    const samePrimary: KeyHashes = { primary: () => 7, check: keyHash32 };
    const first = await runOnce(undefined, previousItems, dir, { hashes: samePrimary });
    const split = await runOnce(first.state, current, dir, { hashes: samePrimary });
    assert.deepEqual(split.sent, exact.sent);
    assert.deepEqual(split.stale, exact.stale);
    assert.deepEqual(split.sent, ['Address\t192.0.2.2', 'Address\t192.0.2.8']);
    assert.deepEqual(split.stale, ['Address\t192.0.2.3', 'group:Malware\tf:x']);

    // every key on one full hash: the digest still tells each item apart (it covers the key), so every change
    // and every new item is sent; removal errs on the safe side and removes nothing
    const allSame: KeyHashes = { primary: () => 7, check: () => 7 };
    const blind = await runOnce(first.state, current, dir, { hashes: allSame });
    assert.deepEqual(blind.sent, ['Address\t192.0.2.2', 'Address\t192.0.2.8']);
    assert.deepEqual(blind.stale, []);
    const unchangedOnly = await runOnce(first.state, [address('192.0.2.1')], dir, { hashes: allSame });
    assert.deepEqual(unchangedOnly.sent, [], 'the unchanged item is matched by its digest');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a key the state lists twice is reported stale once', async () => {
  const dir = tempDir();
  try {
    const text = writeState(dir, 'Owner', [
      ['Address\t192.0.2.1', 1],
      ['Address\t192.0.2.5', 2],
      ['Address\t192.0.2.5', 2],
    ]);
    const run = await runOnce(text, [address('192.0.2.1')], dir);
    assert.deepEqual(run.stale, ['Address\t192.0.2.5']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('key hashes: integers of the promised width; distinct on 200,000 similar keys', () => {
  const primaries = new Set<number>();
  for (let i = 0; i < 200_000; i++) {
    const key = `Address\t10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const h = keyHash53(key);
    const c = keyHash32(key);
    assert.ok(Number.isSafeInteger(h) && h >= 0, key);
    assert.ok(Number.isInteger(c) && c >= 0 && c < 2 ** 32, key);
    primaries.add(h);
  }
  assert.equal(primaries.size, 200_000);
  assert.notEqual(keyHash53('Host\tab'), keyHash53('Host\tba'));
});

test('HashTally counts repeats across its chunks, exactly', () => {
  const tally = new HashTally();
  const expected = new Map<number, number>();
  // 50,000 values over four chunks; every 97th repeats a value from far earlier, and the first one is there 3 times
  for (let i = 0; i < 50_000; i++) {
    const value = i === 20_000 || i === 45_000 ? keyHash53('0') : i % 97 === 0 && i > 5_000 ? keyHash53(String(i % 5_000)) : keyHash53(String(i));
    expected.set(value, (expected.get(value) ?? 0) + 1);
    tally.add(value);
  }
  assert.equal(tally.size, 50_000);
  const repeats = tally.repeats();
  assert.deepEqual(
    [...repeats].sort((a, b) => a[0] - b[0]),
    [...expected].filter(([, n]) => n > 1).sort((a, b) => a[0] - b[0]),
  );
  assert.ok(repeats.size > 400);
  assert.ok([...repeats.values()].includes(3));
  assert.equal(new HashTally().repeats().size, 0);
});
