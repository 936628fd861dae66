// Refused steps among many good ones: the engine runs steps in groups under one savepoint and, when one fails,
// rolls the group back and runs the good steps again. These check that nothing of a refused step is left, that no
// good step is written twice, and that errors keep their order, wherever the failures fall.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../../helpers/platform.js';
import type { TcClient } from '../../../src/client/index.js';
import { job } from './helpers.js';

const tp = usePlatform();

/** Every Address of the owner under `10.<octet>.`, with its attribute values and tag names. */
async function addresses(client: TcClient, octet: number): Promise<Map<string, { attributes: string[]; tags: string[] }>> {
  const data = await client.v2('GET', '/v2/indicators/addresses', {
    query: { includeAttributes: 'true', includeTags: 'true', resultLimit: '10000', owner: 'Example Organization' },
  });
  const out = new Map<string, { attributes: string[]; tags: string[] }>();
  for (const a of data.address as Array<{ ip: string; attribute?: Array<{ value: string }>; tag?: Array<{ name: string }> }>) {
    if (!a.ip.startsWith(`10.${octet}.`)) continue;
    out.set(a.ip, { attributes: (a.attribute ?? []).map((x) => x.value), tags: (a.tag ?? []).map((x) => x.name) });
  }
  return out;
}

const ip = (octet: number, n: number) => `10.${octet}.${n >> 8}.${n & 255}`;
/** The MD5 of the File that stands for item n when it is refused after its row was written. */
const md5 = (octet: number, n: number) => `${octet}E${n}`.padStart(32, '0');

/**
 * A good Address with one attribute and one tag, or a bad item: a File refused after its row was written (a file
 * occurrence that is not an object; a bad attribute no longer refuses the item, see partial loss), or an Address
 * refused before.
 */
function item(octet: number, n: number, bad: 'after-write' | 'before-write' | false) {
  if (bad === 'before-write') return { summary: `10.${octet}.999.${n}`, type: 'Address', tag: [{ name: 'refused-test' }] };
  if (bad === 'after-write') return { summary: md5(octet, n), type: 'File', fileOccurrence: ['not an object'], tag: [{ name: 'refused-test' }] };
  return {
    summary: ip(octet, n),
    type: 'Address',
    attribute: [{ type: 'Description', value: `item ${n}` }],
    tag: [{ name: 'refused-test' }],
  };
}

async function fileExists(client: TcClient, hash: string): Promise<boolean> {
  const res = await client.request({ path: `/v2/indicators/files/${hash}`, query: { owner: 'Example Organization' }, allowErrorStatus: true });
  return res.status === 200;
}

test('refused items anywhere in a job leave nothing behind, and every good item is written exactly once', async () => {
  const client = tp.client();
  const count = 700;
  // first steps, neighbours, both sides of every 250-step boundary, the last step
  const afterWrite = new Set([0, 248, 250, 251, 499, 699]);
  const beforeWrite = new Set([1, 249, 400, 500]);
  const indicator = Array.from({ length: count }, (_, n) => item(61, n, afterWrite.has(n) ? 'after-write' : beforeWrite.has(n) ? 'before-write' : false));
  const { status, errors } = await job(client, { indicator }, { attributeWriteType: 'Append', tagWriteType: 'Append' });

  const refused = [...afterWrite, ...beforeWrite].sort((a, b) => a - b);
  assert.equal(status.successIndicatorCount, count - refused.length);
  assert.equal(status.errorIndicatorCount, refused.length);
  assert.equal(status.unprocessCount, 0);
  assert.deepEqual(
    errors.map((e) => e.code),
    refused.map(() => '0x1005'),
  );
  // one error per refused item, in step order, each naming its own item
  assert.deepEqual(
    errors.map((e) => e.errorSource),
    refused.map((n) => (afterWrite.has(n) ? `File ${JSON.stringify(md5(61, n))}` : `Address ${JSON.stringify(`10.61.999.${n}`)}`)),
  );
  assert.match(errors[0].errorReason, /fileOccurrence/);
  assert.match(errors[1].errorReason, /999/);

  const saved = await addresses(client, 61);
  assert.equal(saved.size, count - afterWrite.size - beforeWrite.size);
  for (const n of afterWrite) assert.equal(await fileExists(client, md5(61, n)), false, `refused File ${n} left nothing behind`);
  for (let n = 0; n < count; n++) {
    if (afterWrite.has(n) || beforeWrite.has(n)) continue;
    assert.deepEqual(saved.get(ip(61, n)), { attributes: [`item ${n}`], tags: ['refused-test'] }, `good item ${n} written once`);
  }
});

test('refused items after long stretches of good ones, across slices, are undone alone', async () => {
  const client = tp.client();
  const count = 9_000;
  // in both slices of the job (5,000 steps each), next to each other, and on the last step
  const afterWrite = new Set([3_000, 3_001, 6_200, 8_999]);
  const beforeWrite = new Set([4_100, 7_777]);
  const indicator = Array.from({ length: count }, (_, n) => item(63, n, afterWrite.has(n) ? 'after-write' : beforeWrite.has(n) ? 'before-write' : false));
  const { status, errors } = await job(client, { indicator }, { attributeWriteType: 'Append', tagWriteType: 'Append' });
  const refused = [...afterWrite, ...beforeWrite].sort((a, b) => a - b);
  assert.equal(status.successIndicatorCount, count - refused.length);
  assert.equal(status.errorIndicatorCount, refused.length);
  assert.deepEqual(
    errors.map((e) => e.errorSource),
    refused.map((n) => (afterWrite.has(n) ? `File ${JSON.stringify(md5(63, n))}` : `Address ${JSON.stringify(`10.63.999.${n}`)}`)),
  );
  const saved = await addresses(client, 63);
  assert.equal(saved.size, count - refused.length);
  for (const n of afterWrite) assert.equal(await fileExists(client, md5(63, n)), false, `refused File ${n} left nothing behind`);
  for (let n = 0; n < count; n++) {
    if (afterWrite.has(n) || beforeWrite.has(n)) continue;
    assert.deepEqual(saved.get(ip(63, n)), { attributes: [`item ${n}`], tags: ['refused-test'] }, `good item ${n} written once`);
  }
});

test('haltOnError with the first error in the middle of a run keeps the items before it, once each', async () => {
  const client = tp.client();
  const indicator = Array.from({ length: 600 }, (_, n) => item(62, n, n === 300 ? 'after-write' : n === 450 ? 'before-write' : false));
  const { status, errors } = await job(client, { indicator }, { haltOnError: 'true', attributeWriteType: 'Append' });
  assert.equal(status.successIndicatorCount, 300);
  assert.equal(status.errorIndicatorCount, 1);
  assert.equal(status.unprocessIndicatorCount, 299);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].errorSource, `File "${md5(62, 300)}"`);
  const saved = await addresses(client, 62);
  assert.equal(saved.size, 300);
  assert.deepEqual(saved.get(ip(62, 299)), { attributes: ['item 299'], tags: ['refused-test'] });
  assert.equal(await fileExists(client, md5(62, 300)), false);
  assert.equal(saved.has(ip(62, 301)), false);
});

test('a refused group cannot be associated by its xid later in the job', async () => {
  const client = tp.client();
  const { status, errors } = await job(client, {
    group: [
      { name: 'Kept', type: 'Adversary', xid: 'refused-kept' },
      // refused for its status: the job must not know its xid
      { name: 'Refused', type: 'Incident', xid: 'refused-gone', status: 'No Such Status' },
      { name: 'Linker', type: 'Campaign', xid: 'refused-linker', associatedGroupXid: ['refused-gone', 'refused-kept'] },
    ],
    indicator: [{ summary: '10.63.0.1', type: 'Address', associatedGroups: [{ groupXid: 'refused-gone' }] }],
  });
  assert.equal(status.successGroupCount, 2);
  assert.equal(status.errorGroupCount, 1);
  assert.equal(status.successAssociationCount, 1);
  assert.equal(status.errorAssociationCount, 2);
  assert.deepEqual(
    errors.map((e) => e.code),
    ['0x1006', '0x1009', '0x1009'],
  );
  assert.ok(errors.slice(1).every((e) => /refused-gone/.test(e.errorReason)), JSON.stringify(errors));
  const gone = await client.request({ path: '/v2/groups/incidents/refused-gone', query: { owner: 'Example Organization' }, allowErrorStatus: true });
  assert.equal(gone.status, 404);
  const linked = (await client.v2('GET', '/v2/groups/campaigns/refused-linker/groups', { query: { owner: 'Example Organization' } })).group;
  assert.deepEqual(
    linked.map((g: { name: string }) => g.name),
    ['Kept'],
  );
});
