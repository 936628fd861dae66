import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Batch, type WireData } from '../../src/batch/index.js';
import { drain } from './helpers.js';

function withTemp<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'tcex-batch-test-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('objects go to disk as they are added, and the spool is deleted when the batch closes', () => {
  withTemp((parent) => {
    const batch = new Batch({ owner: 'Example Organization', tempDir: parent, bufferSize: 10, partitions: 4 });
    // records are written in small blocks per partition, so a few thousand reach the disk
    for (let i = 0; i < 3000; i++) batch.address(`10.0.${i >> 8}.${i & 255}`).tag('t');
    const [dir] = readdirSync(parent);
    assert.match(dir, /^tcex-batch-/);
    const files = readdirSync(join(parent, dir));
    assert.ok(files.some((f) => f.startsWith('indicators-')), `spool files written: ${files.join(', ')}`);
    batch.close();
    assert.deepEqual(readdirSync(parent), []);
    assert.throws(() => batch.address('10.0.0.1'), /batch was closed/);
  });
});

test('a process that exits without closing (an error) still removes its spool', () => {
  withTemp((parent) => {
    const script = `
      import { Batch } from ${JSON.stringify(new URL('../../src/batch/index.ts', import.meta.url).pathname)};
      const batch = new Batch({ owner: 'x', tempDir: ${JSON.stringify(parent)}, bufferSize: 1 });
      batch.address('10.1.1.1');
      throw new Error('feed blew up');`;
    const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: process.cwd() });
    assert.notEqual(res.status, 0);
    assert.match(res.stderr, /feed blew up/);
    assert.deepEqual(readdirSync(parent), []);
  });
});

test('duplicates merge: groups by xid, indicators by type and normalised value, metadata united', () => {
  const batch = new Batch({ owner: 'Example Organization', bufferSize: 3, partitions: 4 });
  try {
    const first = batch.address('10.9.9.9', 2, 20);
    first.tag('first');
    first.attribute('Description', 'one', true);
    for (let i = 0; i < 20; i++) batch.host(`filler${i}.example.com`);
    const second = batch.address(' 10.9.9.9 ', { confidence: 90 });
    second.tag('second');
    second.tag('first');
    second.attribute('Description', 'one', false, 'src');
    second.attribute('Source', 'feed');
    batch.adversary('Same', 'g-1').tag('a');
    batch.adversary('Same again', 'g-1').tag('b');
    const data = drain(batch);
    const addresses = data.indicator.filter((i) => i.summary === '10.9.9.9');
    assert.equal(addresses.length, 1);
    const a = addresses[0];
    assert.equal(a.rating, 2, 'a field set only once survives');
    assert.equal(a.confidence, 90, 'the later value of a field wins');
    assert.deepEqual(a.tag, [{ name: 'first' }, { name: 'second' }]);
    assert.deepEqual(a.attribute, [
      { type: 'Description', value: 'one', displayed: false, source: 'src' },
      { type: 'Source', value: 'feed' },
    ]);
    const g = data.group.filter((x) => x.xid === 'g-1');
    assert.equal(g.length, 1);
    assert.equal(g[0].name, 'Same again');
    assert.deepEqual(g[0].tag, [{ name: 'a' }, { name: 'b' }]);
    assert.equal(data.indicator.length, 21);
  } finally {
    batch.close();
  }
});

test('a builder changed after it was spooled is spooled again and nothing set later is lost', () => {
  const batch = new Batch({ owner: 'Example Organization', bufferSize: 1 });
  try {
    const host = batch.host('late.example.com');
    for (let i = 0; i < 5; i++) batch.address(`10.2.0.${i}`);
    host.tag('added later');
    host.rating = 4;
    const attr = host.attribute('Description', 'd');
    for (let i = 0; i < 5; i++) batch.address(`10.3.0.${i}`);
    attr.displayed = true;
    const data = drain(batch);
    const h = data.indicator.find((i) => i.summary === 'late.example.com')!;
    assert.equal(h.rating, 4);
    assert.deepEqual(h.tag, [{ name: 'added later' }]);
    assert.deepEqual(h.attribute, [{ type: 'Description', value: 'd', displayed: true }]);
  } finally {
    batch.close();
  }
});

test('chunks respect the item, indicator and UTF-8 byte limits, groups first, associations last', () => {
  const batch = new Batch({ owner: 'Example Organization', limits: { maxItems: 7, maxIndicators: 5, maxBytes: 100_000 } });
  try {
    for (let i = 0; i < 4; i++) batch.adversary(`adv ${i}`, `a-${i}`);
    for (let i = 0; i < 12; i++) batch.address(`10.4.0.${i}`);
    batch.association({ xid: 'a-0' }, { type: 'Address', summary: '10.4.0.1' });
    const chunks = [...batch.chunks()];
    for (const c of chunks) {
      assert.equal(c.bytes, c.content.length);
      const data = JSON.parse(c.content.toString()) as WireData;
      assert.equal(data.group!.length, c.groups);
      assert.equal(data.indicator!.length, c.indicators);
      assert.equal((data.association ?? []).length, c.associations);
      assert.ok(c.groups + c.indicators + c.associations <= 7);
      assert.ok(c.indicators <= 5);
    }
    assert.deepEqual(
      chunks.map((c) => [c.groups, c.indicators, c.associations]),
      [
        [4, 3, 0],
        [0, 5, 0],
        [0, 4, 1],
      ],
    );
    assert.deepEqual(chunks.map((c) => c.index), [1, 2, 3]);
  } finally {
    batch.close();
  }

  // byte limit counted in UTF-8: multi-byte text fills a chunk sooner than its string length says
  const utf8 = new Batch({ owner: 'Example Organization', limits: { maxBytes: 2_000 } });
  try {
    for (let i = 0; i < 20; i++) utf8.host(`h${i}.example.com`).attribute('Description', 'ü'.repeat(100));
    const chunks = [...utf8.chunks()];
    assert.ok(chunks.length > 1);
    for (const c of chunks) {
      assert.ok(c.bytes <= 2_000, `chunk of ${c.bytes} bytes`);
      assert.equal(c.bytes, Buffer.byteLength(c.content.toString('utf8')));
    }
    assert.equal(chunks.reduce((n, c) => n + c.indicators, 0), 20);
  } finally {
    utf8.close();
  }
});

test('groups linked by associatedGroupXid stay in one chunk', () => {
  const batch = new Batch({ owner: 'Example Organization', limits: { maxItems: 4 } });
  try {
    for (let i = 0; i < 5; i++) batch.threat(`lonely ${i}`, `t-${i}`);
    const root = batch.campaign('root', 'c-root');
    batch.incident('child 1', '2024-01-01', 'c-1').association(root);
    batch.incident('child 2', '2024-01-01', 'c-2').association('c-1');
    const chunks = [...batch.chunks()].map((c) => JSON.parse(c.content.toString()) as WireData);
    const holding = chunks.filter((c) => c.group!.some((g) => g.xid.startsWith('c-')));
    assert.equal(holding.length, 1, 'the linked groups share one chunk');
    assert.deepEqual(holding[0].group!.filter((g) => g.xid.startsWith('c-')).map((g) => g.xid).sort(), ['c-1', 'c-2', 'c-root']);
    assert.equal(chunks.flatMap((c) => c.group!).length, 8);
  } finally {
    batch.close();
  }
});

test('objects added while chunks are being taken come out after them, and each chunk buffer can be reused', () => {
  const batch = new Batch({ owner: 'Example Organization', limits: { maxItems: 2 } });
  try {
    for (let i = 0; i < 3; i++) batch.address(`10.5.0.${i}`);
    const first = batch.nextChunk()!;
    const firstText = first.content.toString();
    batch.release(first);
    batch.address('10.5.1.1');
    const rest = [...batch.chunks()].map((c) => JSON.parse(c.content.toString()) as WireData);
    const all = [JSON.parse(firstText) as WireData, ...rest].flatMap((c) => c.indicator!.map((i) => i.summary));
    assert.deepEqual(all.slice(-1), ['10.5.1.1']);
    assert.deepEqual([...all].sort(), ['10.5.0.0', '10.5.0.1', '10.5.0.2', '10.5.1.1']);
    assert.equal(batch.nextChunk(), undefined);
  } finally {
    batch.close();
  }
});

test('document contents given as bytes or text wait on disk until upload', () => {
  withTemp((parent) => {
    const batch = new Batch({ owner: 'Example Organization', tempDir: parent });
    try {
      batch.document('d', 'd.txt', { xid: 'doc', fileContent: Buffer.from('bytes here') });
      batch.report('r', { xid: 'rep', fileContent: () => 'lazy' });
      const [dir] = readdirSync(parent);
      assert.ok(existsSync(join(parent, dir, 'files')));
      const [chunk] = [...batch.chunks()];
      assert.deepEqual([...chunk.files].sort(), ['doc', 'rep']);
    } finally {
      batch.close();
    }
  });
});

test('records whose keys share a hash are merged by key, never with each other', async () => {
  const { PartitionedSpool, bytesHash } = await import('../../src/batch/spool.js');
  const { mergePartition } = await import('../../src/batch/chunker.js');
  withTemp((dir) => {
    // two different keys with the same 30-bit hash of their JSON bytes, found by trying keys until one repeats
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let n = 0; !pair; n++) {
      const key = `k${n}`;
      const json = Buffer.from(JSON.stringify(key));
      const hash = bytesHash(json, 0, json.length);
      const other = seen.get(hash);
      if (other !== undefined) pair = [other, key];
      else seen.set(hash, key);
    }
    const [a, b] = pair;
    const spool = new PartitionedSpool(() => dir, 'collide', 1);
    spool.append(a, JSON.stringify({ summary: a, tag: [{ name: 'one' }] }));
    spool.append(b, JSON.stringify({ summary: b, tag: [{ name: 'two' }] }));
    spool.append(a, JSON.stringify({ summary: a, tag: [{ name: 'three' }] }));
    spool.append(b, JSON.stringify({ summary: b, rating: 4 }));
    const [part] = [...spool.seal().partitions()];
    assert.equal(part.keyHash(0), part.keyHash(1), 'the two keys share a hash');
    const merged = mergePartition(part);
    assert.deepEqual(merged.first, [0, 1], 'one entry per key, in the order keys first came');
    const value = (v: unknown) => (typeof v === 'number' ? JSON.parse(part.bytes.toString('utf8', part.start(v), part.end(v))) : (v as { value: unknown }).value);
    assert.deepEqual(value(merged.values[0]), { summary: a, tag: [{ name: 'one' }, { name: 'three' }] });
    assert.deepEqual(value(merged.values[1]), { summary: b, tag: [{ name: 'two' }], rating: 4 });
  });
});
