// The TI store's contract for the batch engine and v3: write types, File merging, transactions, validation.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../../src/platform/db/index.js';
import { TiStore, TiInputError } from '../../../src/platform/store/index.js';

let store: TiStore;
let owner: number;
const MD5 = 'A'.repeat(32);
const SHA1 = 'B'.repeat(40);
const SHA256 = 'C'.repeat(64);

beforeEach(() => {
  const db = openDatabase();
  owner = Number(db.prepare("INSERT INTO owners (name, type) VALUES ('Org', 'Organization')").run().lastInsertRowid);
  store = new TiStore(db);
});

describe('TI store', () => {
  test('attribute write types: Append, Replace, Singleton, Static', () => {
    const ref = { kind: 'indicator' as const, id: store.indicators.upsert(owner, { type: 'Host', summary: 'w.example.com' }).id };
    const values = () => store.meta.attributes(ref).map((a) => `${a.type}=${a.value}`).sort();
    store.meta.applyMetadata(ref, owner, { attributes: [{ type: 'Source', value: 's1' }, { type: 'Comment', value: 'c1' }], attributeWriteType: 'Append' });
    store.meta.applyMetadata(ref, owner, { attributes: [{ type: 'Source', value: 's1' }], attributeWriteType: 'Append' });
    assert.deepEqual(values(), ['Comment=c1', 'Source=s1', 'Source=s1'], 'Append keeps duplicates');
    store.meta.applyMetadata(ref, owner, { attributes: [{ type: 'Source', value: 's2' }], attributeWriteType: 'Singleton' });
    assert.deepEqual(values(), ['Comment=c1', 'Source=s2']);
    store.meta.applyMetadata(ref, owner, { attributes: [{ type: 'Title', value: 't' }], attributeWriteType: 'Static' });
    assert.deepEqual(values(), ['Comment=c1', 'Source=s2']);
    store.meta.applyMetadata(ref, owner, { attributes: [{ type: 'Title', value: 't' }], attributeWriteType: 'Replace' });
    assert.deepEqual(values(), ['Title=t']);
  });

  test('tag and label write types default to Replace; labels need description and color to be created', () => {
    const ref = { kind: 'group' as const, id: store.groups.create(owner, { type: 'Threat', name: 'T' }).id };
    store.meta.applyMetadata(ref, owner, { tags: ['a', 'b'], securityLabels: ['TLP:RED'] });
    store.meta.applyMetadata(ref, owner, { tags: ['c'], tagWriteType: 'Append' });
    assert.deepEqual(store.meta.itemTags(ref).map((t) => t.name), ['a', 'b', 'c']);
    store.meta.applyMetadata(ref, owner, { tags: ['B', 'd'] });
    assert.deepEqual(store.meta.itemTags(ref).map((t) => t.name), ['b', 'd'], 'tag names match case-insensitively');
    assert.throws(() => store.meta.applyMetadata(ref, owner, { securityLabels: ['Mine'] }), /unknown security label "Mine"/);
    const mine = { name: 'Mine', description: 'x', color: '00FF00' };
    assert.throws(() => store.meta.applyMetadata(ref, owner, { securityLabels: [mine] }), /only an administrator may create security labels/);
    store.meta.applyMetadata(ref, owner, { securityLabels: [mine], allowNewLabels: true });
    assert.deepEqual(store.meta.itemLabels(ref).map((l) => l.name), ['Mine']);
  });

  test('metadata is checked before anything is written', () => {
    const ref = { kind: 'indicator' as const, id: store.indicators.upsert(owner, { type: 'Host', summary: 'v.example.com' }).id };
    store.meta.applyMetadata(ref, owner, { attributes: [{ type: 'Source', value: 'keep' }], tags: ['keep'] });
    assert.throws(
      () => store.meta.applyMetadata(ref, owner, { attributes: [{ type: 'Source', value: 'new' }, { type: 'Bogus', value: 'x' }], attributeWriteType: 'Replace', tags: ['new'] }),
      TiInputError,
    );
    assert.deepEqual(store.meta.attributes(ref).map((a) => a.value), ['keep']);
    assert.deepEqual(store.meta.itemTags(ref).map((t) => t.name), ['keep']);
  });

  test('File merge: Merge fills missing hashes; collisions follow hashCollisionMode; Distribute writes to every match', () => {
    const a = store.indicators.upsert(owner, { type: 'File', values: [MD5.toLowerCase()] });
    const merged = store.indicators.upsert(owner, { type: 'File', values: [SHA1, MD5], rating: 2 });
    assert.equal(merged.id, a.id);
    assert.equal(store.indicators.get(a.id)!.summary, `${MD5} : ${SHA1}`);
    const otherSha1 = 'D'.repeat(40);
    assert.equal(store.indicators.upsert(owner, { type: 'File', values: [MD5, otherSha1] }, { hashCollisionMode: 'FavorExisting' }).id, a.id);
    assert.equal(store.indicators.get(a.id)!.values[1], SHA1);
    const skipped = store.indicators.upsert(owner, { type: 'File', values: [MD5, otherSha1], rating: 5 }, { hashCollisionMode: 'IgnoreIncoming' });
    assert.equal(skipped.skipped, true);
    assert.equal(store.indicators.get(a.id)!.rating, 2);
    const split = store.indicators.upsert(owner, { type: 'File', values: [MD5, otherSha1] }, { hashCollisionMode: 'Split' });
    assert.equal(split.created, true);
    assert.equal(store.indicators.get(split.id)!.summary, otherSha1);
    store.indicators.upsert(owner, { type: 'File', values: [MD5, otherSha1] }, { hashCollisionMode: 'FavorIncoming' });
    assert.equal(store.indicators.get(a.id)!.values[1], SHA1, 'a hash that belongs to another File does not move');
    const dist = store.indicators.upsert(owner, { type: 'File', values: [MD5, otherSha1, SHA256], confidence: 9 }, { fileMergeMode: 'Distribute' });
    assert.deepEqual(dist.ids, [a.id, split.id]);
    assert.equal(store.indicators.get(split.id)!.confidence, 9);
    assert.equal(store.indicators.get(a.id)!.confidence, 9);
    assert.equal(store.indicators.find(owner, 'File', SHA256), undefined, 'Distribute adds no hashes');
  });

  test('transaction: one commit for many items, everything rolled back on a throw', () => {
    assert.throws(() =>
      store.transaction(() => {
        for (let i = 0; i < 100; i++) store.indicators.upsert(owner, { type: 'Address', summary: `10.1.1.${i}` });
        throw new Error('stop');
      }),
    );
    assert.equal(store.indicators.list({ ownerId: owner }).items.length, 0);
    store.transaction(() => {
      for (let i = 0; i < 100; i++) store.indicators.upsert(owner, { type: 'Address', summary: `10.1.1.${i}` });
    });
    assert.equal(store.indicators.list({ ownerId: owner, withTotal: true }).total, 100);
  });

  test('groups by xid: upsert updates, a type clash is refused, xids are unique per owner', () => {
    const first = store.groups.upsertByXid(owner, { type: 'Incident', xid: 'x-1', name: 'one', eventDate: '2020-01-01' });
    const again = store.groups.upsertByXid(owner, { type: 'Incident', xid: 'x-1', name: 'two', status: 'Closed' });
    assert.equal(again.id, first.id);
    assert.equal(again.created, false);
    assert.equal(store.groups.get(first.id)!.name, 'two');
    assert.equal(store.groups.get(first.id)!.fields.status, 'Closed');
    assert.throws(() => store.groups.upsertByXid(owner, { type: 'Threat', xid: 'x-1', name: 'z' }), /already belongs to a Incident/);
    assert.throws(() => store.groups.create(owner, { type: 'Threat', xid: 'x-1', name: 'z' }), /xid already exists/);
  });

  test('inputs are validated with the field named', () => {
    assert.throws(() => store.indicators.upsert(owner, { type: 'Nope', summary: 'x' }), /type: unknown indicator type "Nope"/);
    assert.throws(() => store.indicators.upsert(owner, { type: 'Host', summary: 'h.example.com', rating: 5.5 }), (e: any) => e.field === 'rating');
    assert.throws(() => store.indicators.upsert(owner, { type: 'Host', summary: 'h.example.com', confidence: 50.5 }), (e: any) => e.field === 'confidence');
    assert.throws(() => store.indicators.upsert(owner, { type: 'ASN', summary: 'AS 12 34' }), (e: any) => e.field === 'AS Number' && e.status === 400);
    assert.equal(store.indicators.list({ ownerId: owner }).items.length, 0);
  });
});
