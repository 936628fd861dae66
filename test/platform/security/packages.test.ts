// Crafted .tcx packages against a real platform: each is refused with a 400 naming the entry or the limit, the
// server stays up, and nothing of the failed install is left on disk or in the app list.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { adminFetch, usePlatform } from '../../helpers/platform.js';
import { startPlatform } from '../../../src/platform/index.js';
import { deflatedZeros, installJson, orphanTcx, renameEntry, runnerDir, zeros, zipOf } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tcex-sec-packages-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const dataFile = join(dir, 'platform.db');
const tp = usePlatform({ dataFile });
const small = usePlatform({ runner: { maxEntries: 3 } });

const install = (bytes: Buffer, platform = tp) => adminFetch(platform.handle, 'POST', '/apps', { raw: bytes, contentType: 'application/zip' });

/** Nothing of a refused install stays: no app listed, no unpacked folder, an empty staging area. */
async function assertNothingKept(): Promise<void> {
  assert.deepEqual((await tp.admin('GET', '/apps')).apps, [], 'no app was recorded');
  const base = runnerDir(dataFile);
  const left = (sub: string) => (existsSync(join(base, sub)) ? readdirSync(join(base, sub)) : []);
  assert.deepEqual(left('staging'), [], 'the staging area is empty');
  assert.deepEqual(left('apps'), [], 'no app folder was kept');
}

test('a file and then a folder of the same name (EEXIST) is a 400 naming the entry, not a crash', async () => {
  const fileThenFolder = await zipOf([installJson(), { name: 'Crafted_v1/x' }, { name: 'Crafted_v1/x/y' }]);
  const res = await install(fileThenFolder);
  assert.equal(res.status, 400, res.text);
  assert.match(res.body.error, /entry "Crafted_v1\/x\/y"/);
  const folderThenFile = await zipOf([installJson(), { name: 'Crafted_v1/x/', dir: true }, { name: 'Crafted_v1/x' }]);
  const res2 = await install(folderThenFile);
  assert.equal(res2.status, 400, res2.text);
  assert.match(res2.body.error, /entry "Crafted_v1\/x"/);
  await assertNothingKept();
});

test('entries named with ../ or an absolute path are refused, naming them, and nothing lands outside', async () => {
  const target = `tcex-escape-${randomBytes(4).toString('hex')}.txt`;
  // twelve levels up from the staging folder is the root: the entry aims at /tmp/<target>
  const climbing = `Crafted_v1/${'../'.repeat(12)}tmp/${target}`;
  const placeholder = `Crafted_v1/${'XX/'.repeat(12)}tmp/${target}`;
  const traversal = renameEntry(await zipOf([installJson(), { name: placeholder }]), placeholder, climbing);
  const res = await install(traversal);
  assert.equal(res.status, 400, res.text);
  assert.ok(res.body.error.includes(climbing), res.body.error);
  assert.equal(existsSync(join('/tmp', target)), false);

  const absolute = `/tmp/${target}`;
  const crafted = renameEntry(await zipOf([{ name: `X${absolute.slice(1)}` }, installJson()]), `X${absolute.slice(1)}`, absolute);
  const res2 = await install(crafted);
  assert.equal(res2.status, 400, res2.text);
  assert.ok(res2.body.error.includes(absolute), res2.body.error);
  assert.equal(existsSync(absolute), false);
  await assertNothingKept();
});

test('a 1 GiB entry packed into about a megabyte is refused by maxUnpackedBytes before it is unpacked', async () => {
  const gib = deflatedZeros(1024);
  const part = gib.data.subarray(0, (gib.data.length - 2) / 1024);
  const end = gib.data.subarray(gib.data.length - 2);
  assert.equal(inflateRawSync(Buffer.concat([part, end])).length, 1024 * 1024, 'each of its 1,024 parts inflates to 1 MiB');
  const bomb = await zipOf([installJson(), { name: 'Crafted_v1/bomb.bin', deflated: gib }]);
  assert.ok(bomb.length < 2 * 1024 * 1024, `the bomb is small (${bomb.length} bytes)`);
  const res = await install(bomb);
  assert.equal(res.status, 400, res.text);
  assert.match(res.body.error, /entry "Crafted_v1\/bomb\.bin": the package unpacks to more than 209715200 bytes \(maxUnpackedBytes\)/);
  await assertNothingKept();
});

test('a header that understates an entry\'s size is caught while inflating', async () => {
  const honest = await zipOf([installJson(), { name: 'Crafted_v1/liar.bin', data: zeros(50 * 1024 * 1024) }]);
  // the central directory's uncompressed size of the last entry: 1000 bytes instead of 50 MiB
  const liar = Buffer.from(honest);
  const central = liar.lastIndexOf(Buffer.from('Crafted_v1/liar.bin')) - 46;
  assert.equal(liar.readUInt32LE(central), 0x02014b50, 'found the central directory record');
  liar.writeUInt32LE(1000, central + 24);
  const res = await install(liar);
  assert.equal(res.status, 400, res.text);
  assert.match(res.body.error, /entry "Crafted_v1\/liar\.bin": inflates to more than the 1000 bytes its header declares/);
  await assertNothingKept();
});

test('an entry compressed far beyond any real file is refused by maxCompressionRatio', async () => {
  const dense = await zipOf([installJson(), { name: 'Crafted_v1/dense.bin', data: zeros(20 * 1024 * 1024) }]);
  const res = await install(dense);
  assert.equal(res.status, 400, res.text);
  assert.match(res.body.error, /entry "Crafted_v1\/dense\.bin": compressed \d+:1; the limit \(maxCompressionRatio\) is 200:1/);
  await assertNothingKept();
});

test('a package of 20,000 entries is refused by maxEntries without unpacking any', async () => {
  const entries = [installJson(), ...Array.from({ length: 20_000 }, (_, i) => ({ name: `Crafted_v1/f/${i}.js`, data: Buffer.from('x'), store: true }))];
  const res = await install(await zipOf(entries));
  assert.equal(res.status, 400, res.text);
  assert.match(res.body.error, /20001 entries; the limit \(maxEntries\) is 5000/);
  await assertNothingKept();
});

test('after every attack the server is up and installs a genuine package', async () => {
  const res = await install(await orphanTcx());
  assert.equal(res.status, 201, res.text);
  assert.equal(res.body.folder, 'Orphan_Probe_v1');
});

test('the limits are settings: a platform started with runner.maxEntries = 3 refuses a real package', async () => {
  const res = await install(await orphanTcx(), small);
  assert.equal(res.status, 400, res.text);
  assert.match(res.body.error, /the limit \(maxEntries\) is 3/);
  await assert.rejects(startPlatform({ runner: { maxCompressionRatio: 0 } }), /runner\.maxCompressionRatio: must be a positive number, got 0/);
});
