// Create jobs write indicators new to the owner in bulk (src/platform/batch/fresh-lane.ts); everything else goes
// step by step. The same jobs, mixing new indicators with repeats inside a job, indicators that exist already, Files
// meeting through a hash, bad values, refused attributes and tags, labels, occurrences and a halting job, must leave
// the same rows (ids included), counts and errors on a platform with `bulkInsert: false`.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform, type TestPlatform } from '../../helpers/platform.js';
import { job } from './helpers.js';

const bulk = usePlatform();
const plain = usePlatform({ batch: { bulkInsert: false } });

const md5 = (i: number) => i.toString(16).padStart(32, 'a').toUpperCase();
const sha256 = (i: number) => i.toString(16).padStart(64, 'b').toUpperCase();

function jobs(): Array<{ data: unknown; overrides?: Record<string, unknown> }> {
  const first = [];
  for (let i = 0; i < 600; i++) {
    const item: Record<string, unknown> = { type: 'Address', summary: `10.9.${i >> 8}.${i & 255}`, rating: i % 6, confidence: i % 101, tag: [{ name: `t${i % 4}` }] };
    if (i % 3 === 0) item.attribute = [{ type: 'Description', value: `a ${i}`, displayed: true }, { type: 'Description', value: `b ${i}`, displayed: true }];
    if (i % 50 === 7) item.rating = 'high'; // refused: the item is reported
    if (i % 50 === 9) item.attribute = [{ type: 'No Such Type', value: 'x' }]; // partial loss
    if (i % 50 === 11) item.tag = [{ name: '' }]; // partial loss
    if (i % 50 === 13) item.securityLabel = [{ name: 'TLP:AMBER' }];
    if (i % 97 === 5) item.summary = `10.9.0.${i % 20}`; // a repeat inside the job
    first.push(item);
    if (i % 40 === 0) first.push({ type: 'Host', hostName: `h${i}.example`, description: 'v1 description', source: 'v1 source', dnsActive: true });
  }
  for (let i = 0; i < 100; i++) {
    const file: Record<string, unknown> = { type: 'File', rating: 2, tag: [{ name: 'file' }] };
    if (i % 2 === 0) file.md5 = md5(i);
    if (i % 3 === 0 || i % 2 === 1) file.sha256 = sha256(i % 10 === 3 ? i - 1 : i); // some meet an earlier File by sha256
    if (i % 25 === 4) file.fileOccurrence = [{ fileName: `f${i}.exe` }];
    first.push(file);
  }
  // the second job: half of it exists already (an update, with Replace write types), half is new
  const second = [];
  for (let i = 300; i < 900; i++) second.push({ type: 'Address', summary: `10.9.${i >> 8}.${i & 255}`, rating: 1, attribute: [{ type: 'Source', value: `s ${i}` }], tag: [{ name: 'second' }] });
  // the third halts at its first refused item, in the middle of new indicators
  const third = [];
  for (let i = 0; i < 300; i++) third.push({ type: 'URL', text: `http://bulk.example/${i}`, confidence: i === 150 ? 1000 : 5, tag: [{ name: 'url' }] });
  return [
    { data: { indicator: first } },
    { data: { indicator: second }, overrides: { attributeWriteType: 'Replace' } },
    { data: { indicator: third }, overrides: { haltOnError: 'true' } },
  ];
}

async function ingest(tp: TestPlatform) {
  const client = tp.client();
  const outcomes = [];
  for (const { data, overrides } of jobs()) {
    const { status, errors } = await job(client, data, overrides);
    const { id: _id, ...counts } = status;
    outcomes.push({ counts, errors });
  }
  const state = await tp.admin('GET', '/state');
  return { outcomes, indicators: state.indicators, tags: state.tags };
}

/** Without what depends on the clock. */
function undated(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(undated);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !/^(dateAdded|lastModified|date|completedTime|createdTime|startedTime)$/i.test(k))
        .map(([k, v]) => [k, undated(v)]),
    );
  }
  return value;
}

describe('bulk insert lane', () => {
  test('mixed Create jobs leave the same rows, ids, counts and errors as the step-by-step path', async () => {
    const fast = await ingest(bulk);
    const slow = await ingest(plain);
    assert.ok(fast.indicators.length > 1000, `only ${fast.indicators.length} indicators`);
    assert.ok(fast.outcomes[0].errors.length >= 30, 'the first job reports its refused items and partial losses');
    assert.equal(fast.outcomes[2].counts.unprocessIndicatorCount, 149, 'the halting job stops at its refused item');
    assert.deepEqual(undated(fast), undated(slow));
  });
});

