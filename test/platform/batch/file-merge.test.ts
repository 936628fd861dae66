// Files are one indicator addressable by each of their hashes: a batch File that shares any hash with an existing
// File of the owner merges into it (fileMergeMode Merge, hashCollisionMode FavorIncoming by default), whichever hash
// it is, and the merged File is found by every hash afterwards.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../../helpers/platform.js';
import { job } from './helpers.js';
import { filesOf, hash } from './files.js';

const tp = usePlatform();
const OWNER = 'Example Organization';

const files = filesOf(tp);
const fileByHash = files.byHash;
const fileCount = files.count;

describe('File merging in batch jobs', () => {
  test('a File matched by its md5, its sha1 or its sha256 merges into the one existing File', async () => {
    const client = tp.client();
    const [md5, sha1, sha256] = [hash('one', 32), hash('one', 40), hash('one', 64)];
    const before = await fileCount();
    const first = await job(client, { indicator: [{ type: 'File', summary: md5, tag: [{ name: 'by md5' }] }] }, { tagWriteType: 'Append' });
    assert.equal(first.status.successCount, 1);
    // matched by md5, brings sha1
    await job(client, { indicator: [{ type: 'File', summary: `${md5} : ${sha1}`, tag: [{ name: 'md5+sha1' }] }] }, { tagWriteType: 'Append' });
    // matched by sha1 alone, brings sha256 (given as fields, lower case)
    await job(client, { indicator: [{ type: 'File', sha1: sha1.toLowerCase(), sha256: sha256.toLowerCase(), tag: [{ name: 'sha1+sha256' }] }] }, { tagWriteType: 'Append' });
    // matched by sha256 alone: nothing new, rating updated
    const last = await job(client, { indicator: [{ type: 'File', summary: sha256, rating: 4, tag: [{ name: 'by sha256' }] }] }, { tagWriteType: 'Append' });
    assert.equal(last.status.successCount, 1);
    assert.deepEqual(last.errors, []);

    assert.equal(await fileCount(), before + 1, 'every job updated the one File');
    const found = await Promise.all([md5, sha1, sha256].map(fileByHash));
    for (const f of found) {
      assert.ok(f);
      assert.equal(f.id, found[0]!.id, 'each hash finds the same File');
      assert.deepEqual([f.md5, f.sha1, f.sha256], [md5, sha1, sha256]);
      assert.deepEqual(f.tags, ['by md5', 'by sha256', 'md5+sha1', 'sha1+sha256']);
    }
  });

  test('a File meeting two existing Files merges into the one sharing the most hashes; a hash of the other stays put', async () => {
    const client = tp.client();
    const [md5, sha1, sha256] = [hash('two', 32), hash('two', 40), hash('two', 64)];
    await job(client, { indicator: [{ type: 'File', summary: `${md5} : ${sha1}` }, { type: 'File', summary: sha256 }] });
    const a = await fileByHash(md5);
    const b = await fileByHash(sha256);
    assert.ok(a && b && a.id !== b.id);
    await job(client, { indicator: [{ type: 'File', summary: `${md5} : ${sha1} : ${sha256}`, rating: 5 }] });
    const after = await Promise.all([md5, sha1, sha256].map(fileByHash));
    assert.equal(after[0]!.id, a.id);
    assert.equal(after[1]!.id, a.id);
    assert.equal(after[2]!.id, b.id, 'the sha256 belongs to the other File and does not move');
    assert.equal(after[0]!.sha256, undefined);
  });

  test('a File left holding a hash it once shared (hashCollisionMode IgnoreExisting) is still matched by a batch of new Files', async () => {
    const client = tp.client();
    const [md5a, md5b, sha256] = [hash('shared a', 32), hash('shared b', 32), hash('shared', 64)];
    await job(client, { indicator: [{ type: 'File', summary: `${md5a} : ${sha256}` }] });
    const a = await fileByHash(md5a);
    // the md5s differ: IgnoreExisting creates a second File holding the same sha256
    await job(client, { indicator: [{ type: 'File', summary: `${md5b} : ${sha256}` }] }, { hashCollisionMode: 'IgnoreExisting' });
    const b = await fileByHash(md5b);
    assert.ok(a && b && a.id !== b.id && b.sha256 === sha256);
    await tp.client().v2('DELETE', `/v2/indicators/files/${md5a}`, { query: { owner: OWNER } });
    const before = await fileCount();
    // new Files go in together; the one naming the sha256 alone must find the File that still holds it
    const fresh = Array.from({ length: 20 }, (_, i) => ({ type: 'File', summary: hash(`fresh ${i}`, 64) }));
    const done = await job(client, { indicator: [...fresh, { type: 'File', summary: sha256, tag: [{ name: 'after' }] }] }, { tagWriteType: 'Append' });
    assert.equal(done.status.successCount, 21);
    assert.equal(await fileCount(), before + 20, 'no second File for the shared sha256');
    const found = await fileByHash(sha256);
    assert.equal(found?.id, b.id);
    assert.deepEqual(found?.tags, ['after']);
  });

  test('thousands of Files, each matched later by a different hash, all merge (one File per hash set)', async () => {
    const client = tp.client();
    const n = 3_000;
    const before = await fileCount();
    const firsts = Array.from({ length: n }, (_, i) => ({ type: 'File', summary: hash(`many ${i}`, 64) }));
    assert.equal((await job(client, { indicator: firsts })).status.successCount, n);
    // the second job names each File by its sha256 (even i) or brings md5 + sha256 (odd i)
    const seconds = Array.from({ length: n }, (_, i) => ({ type: 'File', summary: i % 2 ? `${hash(`many ${i}`, 32)} : ${hash(`many ${i}`, 64)}` : hash(`many ${i}`, 64), rating: 3 }));
    const second = await job(client, { indicator: seconds });
    assert.equal(second.status.successCount, n);
    assert.equal(await fileCount(), before + n);
    for (const i of [1, 2, 1501, n - 1]) {
      const f = await fileByHash(hash(`many ${i}`, 64));
      assert.ok(f);
      assert.equal(f.md5, i % 2 ? hash(`many ${i}`, 32) : undefined);
      if (i % 2) assert.equal((await fileByHash(hash(`many ${i}`, 32)))!.id, f.id);
    }
  });
});
