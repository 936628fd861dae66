// Builders write their spool records as JSON text by hand (toJson) for speed; these tests hold that text to exactly
// what JSON.stringify(toWire()) gives, for ordinary and awkward values alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Batch } from '../../src/batch/index.js';
import type { BatchItem } from '../../src/batch/item.js';
import { jsonString } from '../../src/batch/wire.js';
import { drain } from './helpers.js';

// quotes, backslashes, control characters, non-ASCII, astral characters, a lone surrogate, line separators
const AWKWARD = ['plain', 'quo"te', 'back\\slash', 'ctl\u0001\n\t\u001f', 'é ü 中文', 'emoji 😀', 'lone \ud800 x', 'tail \udc00', 'a\u2028b\u2029c', '</script>'];

function same(item: BatchItem): void {
  assert.equal(item.toJson(), JSON.stringify(item.toWire()), `toJson of ${item.describe()}`);
}

test('jsonString gives JSON.stringify of any string', () => {
  for (const text of [...AWKWARD, '', '"', '\\', '\u007f', '\u0080', '\ud83d\ude00']) assert.equal(jsonString(text), JSON.stringify(text));
});

test('indicator and group records as JSON text are byte for byte JSON.stringify(toWire())', () => {
  const batch = new Batch({ owner: 'Example Organization' });
  try {
    AWKWARD.forEach((text, i) => {
      const address = batch.address(`10.0.0.${i}`, i % 6, 50, i % 3 === 0 ? `xid ${text}` : undefined);
      address.tag(text);
      address.tag('Plain Tag');
      const attr = address.attribute(`Type ${text}`, `value ${text}`, i % 2 === 0, `source ${text}`);
      attr.securityLabel('TLP:AMBER', `about ${text}`, 'ffc000');
      address.securityLabel(`label ${i}`);
      address.addKeyValue('firstSeen', '2024-01-02T03:04:05Z');
      address.active = i % 2 === 1;
      address.association(`group ${text}`);
      same(address);

      const host = batch.host(`h${i}.example.com`, { rating: '2.5', confidence: '40', xid: false });
      host.dnsActive = true;
      host.whoisActive = false;
      same(host);

      const file = batch.file({ md5: i.toString(16).padStart(32, 'a'), sha256: i.toString(16).padStart(64, 'b') });
      file.size = i;
      file.occurrence(`name ${text}`, `/path/${text}`, '2024-01-01');
      file.occurrence();
      same(file);

      same(batch.url(`http://example.com/p${i}?q=${text.replace(/\s/g, '')}`));
      same(batch.registryKey('HKEY_LOCAL_MACHINE\\Software', text, 'REG_SZ'));
      same(batch.emailSubject(text));

      const group = batch.incident(`incident ${text}`, '2024-08-04', { status: 'New', xid: i % 2 ? `g ${text}` : undefined });
      group.tag(text);
      group.attribute('Description', text, true);
      group.association(`other ${text}`);
      group.associateIndicator('Address', `10.0.0.${i}`);
      same(group);
    });
  } finally {
    batch.close();
  }
});

test('records with unchecked values (validate: false) match JSON.stringify too, array-index field names included', () => {
  const batch = new Batch({ owner: 'Example Organization', validate: false });
  try {
    const custom = batch.indicator('Custom Thing', ['a', 'b']);
    custom.addKeyValue('7', 'an array-index key, which JSON.stringify puts first');
    custom.addKeyValue('nested', { list: [1, 'x', null], date: new Date(0) });
    custom.addKeyValue('nothing', () => 1);
    custom.addKeyValue('big', Number.POSITIVE_INFINITY);
    same(custom);
    const odd = batch.indicator('Address', 'not an address');
    odd.attribute(undefined as unknown as string, 5);
    odd.tag(42 as unknown as string);
    same(odd);
    const group = batch.group('Custom Group', 'name');
    group.addKeyValue('0', 'first');
    same(group);
  } finally {
    batch.close();
  }
});

test('the spool is one file per kind, and what comes out of it parses to what was added', () => {
  const parent = mkdtempSync(join(tmpdir(), 'tcex-serialise-'));
  try {
    const batch = new Batch({ owner: 'Example Organization', tempDir: parent, bufferSize: 50, partitions: 2 });
    for (let i = 0; i < 3000; i++) batch.address(`10.1.${i >> 8}.${i & 255}`).tag(AWKWARD[i % AWKWARD.length]);
    batch.flush();
    const [dir] = readdirSync(parent);
    const spoolFiles = readdirSync(join(parent, dir)).filter((f) => f.startsWith('indicators-'));
    assert.deepEqual(spoolFiles, ['indicators-0.spool'], 'all partitions share one file');
    const data = drain(batch);
    assert.equal(data.indicator.length, 3000);
    const tags = new Map(data.indicator.map((ind) => [ind.summary, ind.tag?.[0]?.name]));
    assert.equal(tags.get('10.1.0.7'), AWKWARD[7]);
    assert.equal(tags.get('10.1.11.183'), AWKWARD[(11 * 256 + 183) % AWKWARD.length]);
    assert.deepEqual(readdirSync(join(parent, dir)).filter((f) => f.endsWith('.spool')), [], 'read spool files are removed');
    batch.close();
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});
