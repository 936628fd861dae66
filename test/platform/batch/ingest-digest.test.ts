// The ingest result must not change when the client or the batch engine is made faster: a fixed generated input
// goes through the Batch SDK into the platform in several jobs (Create with Append, then Replace over part of it),
// and a digest of the platform's export (without the wall-clock dates) is compared with the one the code gave
// before the performance work (issue 15). A different digest means different counts, ids, xids, tags, attributes
// or File merges; the test prints the export's shape to help find which.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { usePlatform } from '../../helpers/platform.js';
import { Batch, type BatchOptions } from '../../../src/batch/index.js';

const tp = usePlatform();
const OWNER = 'Example Organization';

/** The export digest the code gave before the performance work; change it only for an intended change of ingest. */
const EXPECTED = 'bb0497724b974d2bed3b6cef71fedae69200bdcecf08293aaa01740e443f4b6f';

const hex = (seed: string, length: number) => createHash('sha256').update(seed).digest('hex').slice(0, length).toUpperCase();

function fill(batch: Batch, round: number): void {
  const adversaries = Array.from({ length: 5 }, (_, g) => {
    const adversary = batch.adversary(`digest adversary ${g}`, `digest-adv-${g}`);
    adversary.attribute('Description', `adversary ${g} round ${round}`, true);
    adversary.tag(`group tag ${g % 2}`);
    return adversary;
  });
  for (let i = 0; i < 300; i++) {
    // round 1 writes everything; round 2 rewrites every third item with other values
    if (round === 2 && i % 3 !== 0) continue;
    const address = batch.address(`10.77.${i >> 8}.${i & 255}`, (i % 5) + 1, (i * 7) % 101);
    address.tag(`tag ${i % 7}`);
    address.attribute('Description', `address ${i} round ${round}`);
    if (i % 10 === 0) address.association(adversaries[i % 5]);
    const host = batch.host(`host-${i}.digest.example`, { rating: 2, confidence: 40 });
    host.tag(round === 1 ? 'host' : 'host again');
    if (i % 4 === 0) host.attribute('Source', `source ${i % 3}`);
    const url = batch.url(`http://digest.example/${i}?round=${i % 2}`);
    url.tag('url');
  }
  // Files: md5 alone, then sha1/sha256 with the same md5 (merge into one), pairs meeting through a later hash,
  // and a collision under the default FavorIncoming
  for (let i = 0; i < 200; i++) {
    const md5 = hex(`md5 ${i}`, 32);
    const sha1 = hex(`sha1 ${i}`, 40);
    const sha256 = hex(`sha256 ${i}`, 64);
    if (round === 1) {
      batch.file(md5, 3, 50).tag('file');
      if (i % 2 === 0) batch.addIndicator({ type: 'File', sha256, rating: 4, tag: [{ name: 'sha256 only' }] });
    } else {
      const hashes = i % 3 === 0 ? `${md5} : ${sha1}` : i % 3 === 1 ? `${sha1} : ${sha256}` : `${md5} : ${sha1} : ${sha256}`;
      const file = batch.file(hashes, { rating: 5, confidence: 90 });
      file.attribute('Description', `file ${i}`);
      if (i % 5 === 0) file.occurrence(`drop-${i}.exe`, 'C:\\temp\\', '2024-01-02T03:04:05Z');
    }
  }
}

/** The export without what depends on the clock, in a stable text form. */
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (/^(dateAdded|lastModified|date|deletedAt|reported|dateObserved)$/.test(key)) continue;
      out[key] = stable((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

describe('ingest result', () => {
  test('a fixed generated input ingests to the same export as before the performance work', async () => {
    const options: Partial<BatchOptions> = { progress: false, poll: { minMs: 10 }, limits: { maxItems: 700 } };
    const round1 = new Batch({ client: tp.client(), owner: OWNER, attributeWriteType: 'Append', ...options });
    const round2 = new Batch({ client: tp.client(), owner: OWNER, attributeWriteType: 'Replace', ...options });
    try {
      fill(round1, 1);
      const first = await round1.submitAll();
      assert.ok(first.ok, JSON.stringify(first.errors.slice(0, 3)));
      fill(round2, 2);
      const second = await round2.submitAll();
      assert.ok(second.ok, JSON.stringify(second.errors.slice(0, 3)));
      assert.deepEqual(
        [first.totals.success.indicators, first.totals.success.groups, second.totals.success.indicators, second.totals.success.associations],
        [1200, 5, 500, 10],
      );
    } finally {
      round1.close();
      round2.close();
    }
    const state = await tp.admin('GET', '/state');
    const files = (state.indicators as Array<Record<string, any>>).filter((i) => i.type === 'File');
    const shape = `${state.indicators.length} indicators (${files.length} Files), ${state.groups.length} groups, ${state.associations?.length ?? 0} associations`;
    const digest = createHash('sha256')
      .update(JSON.stringify(stable({ indicators: state.indicators, groups: state.groups, associations: state.associations, tags: state.tags })))
      .digest('hex');
    assert.equal(digest, EXPECTED, `export digest changed; the export holds ${shape}`);
  });
});
