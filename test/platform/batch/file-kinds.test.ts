// A File of one hash is indexed by its summary (the identity index) only, a File of several by each of its hashes:
// neither unique index sees one kind against the other, so a batch of new Files must ask about those, and every
// look-up by hash must search both. A platform of its own: an owner with Files that share hashes (hash_unique NULL)
// has every batch File looked up first, which would hide a missing question.
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

describe('Files of one hash and Files of several', () => {
  test('a batch of new one-hash Files, one of them a hash of an existing File of several, merges that one into it', async () => {
    const client = tp.client();
    const [md5, sha256] = [hash('cross multi', 32), hash('cross multi', 64)];
    await job(client, { indicator: [{ type: 'File', summary: `${md5} : ${sha256}` }] });
    const existing = await fileByHash(md5);
    assert.ok(existing);
    const before = await fileCount();
    const fresh = Array.from({ length: 30 }, (_, i) => ({ type: 'File', summary: hash(`cross multi fresh ${i}`, 64) }));
    const done = await job(client, { indicator: [...fresh.slice(0, 15), { type: 'File', summary: sha256, tag: [{ name: 'one hash' }] }, ...fresh.slice(15)] });
    assert.equal(done.status.successCount, 31);
    assert.equal(await fileCount(), before + 30, 'no second File for the sha256');
    const found = await fileByHash(sha256);
    assert.equal(found?.id, existing.id);
    assert.equal(found?.md5, md5);
    assert.deepEqual(found?.tags, ['one hash']);
    // the fresh Files after it got ids in step order
    const ids = await Promise.all(fresh.map((f) => fileByHash(f.summary)));
    for (let i = 1; i < ids.length; i++) assert.ok(ids[i]!.id > ids[i - 1]!.id);
  });

  test('a batch File of several hashes, one of them an existing one-hash File, merges into it', async () => {
    const client = tp.client();
    const singles = Array.from({ length: 10 }, (_, i) => hash(`cross single ${i}`, 64));
    await job(client, { indicator: singles.map((s) => ({ type: 'File', summary: s })) });
    const target = await fileByHash(singles[4]);
    assert.ok(target);
    const before = await fileCount();
    const md5 = hash('cross single 4', 32);
    const sha1 = hash('cross single 4', 40);
    const fresh = Array.from({ length: 10 }, (_, i) => ({ type: 'File', summary: `${hash(`cross pair ${i}`, 32)} : ${hash(`cross pair ${i}`, 64)}` }));
    const done = await job(client, { indicator: [...fresh, { type: 'File', summary: `${md5} : ${sha1} : ${singles[4]}`, rating: 2 }] });
    assert.equal(done.status.successCount, 11);
    assert.deepEqual(done.errors, []);
    assert.equal(await fileCount(), before + 10, 'the File of three hashes merged into the one-hash File');
    for (const h of [md5, sha1, singles[4]]) {
      const f = await fileByHash(h);
      assert.equal(f?.id, target.id);
      assert.deepEqual([f?.md5, f?.sha1, f?.sha256], [md5, sha1, singles[4]]);
    }
    // once it has several hashes, a one-hash File naming its md5 merges into it too
    const again = await job(client, { indicator: [{ type: 'File', summary: md5, tag: [{ name: 'by md5' }] }, { type: 'File', summary: hash('cross single extra', 64) }] });
    assert.equal(again.status.successCount, 2);
    assert.equal(await fileCount(), before + 11);
    assert.deepEqual((await fileByHash(sha1))?.tags, ['by md5']);
  });
  test('v2 look-ups find a File of one hash and a File of several by any hash, and name their owners', async () => {
    const client = tp.client();
    const one = hash('rest one', 40);
    const [md5, sha256] = [hash('rest several', 32), hash('rest several', 64)];
    await job(client, { indicator: [{ type: 'File', summary: one }, { type: 'File', summary: `${md5} : ${sha256}` }] });
    const single = await fileByHash(one);
    assert.equal(single?.sha1, one);
    const several = await Promise.all([md5, sha256, md5.toLowerCase()].map(fileByHash));
    for (const f of several) assert.deepEqual([f?.id, f?.md5, f?.sha256], [several[0]!.id, md5, sha256]);
    assert.notEqual(single!.id, several[0]!.id);
    assert.equal(await fileByHash(hash('rest none', 64)), undefined);
    for (const h of [one, md5, sha256]) {
      const owners = await client.v2('GET', `/v2/indicators/files/${h}/owners`);
      assert.deepEqual(
        owners.owner.map((o: { name: string }) => o.name),
        [OWNER],
        h,
      );
    }
    const none = await client.request({ path: `/v2/indicators/files/${hash('rest none', 64)}/owners`, allowErrorStatus: true });
    assert.equal(none.status, 404);
  });
});
