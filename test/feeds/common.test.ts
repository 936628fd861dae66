// The shared feed kit: streaming JSON and the two-pass scan that merges repeated items (run-to-run state: delta.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { streamJson, JsonStreamError, scanFeed, itemKey, type FeedIndicator, type FeedItem, DEFAULT_MAPPING, feedDate, cleanTags } from '../../src/feed/index.js';
import { threatfoxFeed } from '../../examples/feeds/threatfox/src/feed.js';
import { exampleFile, feedFile, fileThen } from './helpers.js';

// splits the UTF-8 bytes, so multi-byte characters are cut across chunks too
async function* chunks(text: string, size: number) {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

test('streamJson yields the elements at a path however the text is chunked, escapes and unicode included', async () => {
  const doc = JSON.stringify({ meta: { n: 2 }, items: [{ a: 'x"}]\\', b: [1, { c: null }] }, 'é ü 😀', 12.5e-1, false, [] ] });
  for (const size of [1, 3, 7, 1000]) {
    const out = [];
    for await (const el of streamJson(chunks(doc, size), ['items', '*'])) out.push(el);
    assert.deepEqual(out.map((e) => e.path), [['items', 0], ['items', 1], ['items', 2], ['items', 3], ['items', 4]]);
    assert.deepEqual(out.map((e) => e.value), [{ a: 'x"}]\\', b: [1, { c: null }] }, 'é ü 😀', 1.25, false, []]);
  }
});

test('streamJson names the position of broken JSON', async () => {
  await assert.rejects(async () => {
    for await (const _ of streamJson(chunks('{"items": [1, 2, }', 4), ['items', '*']));
  }, (err: Error) => err instanceof JsonStreamError && /unexpected/.test(err.message));
  await assert.rejects(async () => {
    for await (const _ of streamJson(chunks('{"items": [{"a": 1}', 4), ['items', '*']));
  }, /unexpected end of JSON/);
});

test('feedDate reads the feeds\' timestamp styles as UTC and ignores placeholders', () => {
  assert.equal(feedDate('2024-02-08 19:20:49'), '2024-02-08T19:20:49Z');
  assert.equal(feedDate('2024-02-08'), '2024-02-08T00:00:00Z');
  assert.equal(feedDate('2025-08-25T17:04:19.9796Z'), '2025-08-25T17:04:19Z');
  assert.equal(feedDate('2024-02-08T10:00:00+02:00'), '2024-02-08T08:00:00Z');
  assert.equal(feedDate('None'), undefined);
  assert.equal(feedDate('yesterday'), undefined);
});

test('cleanTags drops the source name, blanks and repeats, and caps the length', () => {
  assert.deepEqual(cleanTags(['ThreatFox', ' elf ', 'ELF', '', 'None', 'x'.repeat(200)], ['threatfox']), ['elf', 'x'.repeat(128)]);
});

test('scanFeed hands each distinct item on once, merging repeats (ThreatFox lists an address once per port)', async () => {
  const seen: FeedItem[] = [];
  const report = await scanFeed(() => fileThen(exampleFile('threatfox', 'recent.json')), threatfoxFeed.reader(DEFAULT_MAPPING), (item) => {
    seen.push(item);
  });
  assert.equal(new Set(seen.map(itemKey)).size, seen.length);
  assert.equal(report.merged, 1);
  assert.equal(report.invalid, 1);
  const address = seen.find((i): i is FeedIndicator => i.kind === 'indicator' && i.summary === '192.0.2.50');
  assert.ok(address);
  assert.equal(address.confidence, 100); // the higher of the two rows
  assert.equal(address.firstSeen, '2025-05-30T09:00:00Z'); // the earlier
  assert.equal(address.lastSeen, '2025-06-02T08:00:00Z');
  const description = address.attributes.find((a) => a.type === 'Description')?.value ?? '';
  assert.match(description, /port 443/);
  assert.match(description, /port 8443/);
  assert.deepEqual(report.byType, { Malware: 4, Address: 2, Host: 1, URL: 1, File: 3 });
});

test('scanFeed on the real ThreatFox export: one item per distinct value, the rest merged', async () => {
  const keys = new Set<string>();
  const report = await scanFeed(() => fileThen(feedFile('threatfox-recent.json')), threatfoxFeed.reader(DEFAULT_MAPPING), (item) => {
    assert.ok(!keys.has(itemKey(item)), `handed on twice: ${itemKey(item)}`);
    keys.add(itemKey(item));
  });
  assert.equal(report.rows, 800 + report.byType.Malware); // the excerpt's 800 IOCs and a group row per IOC with a family
  assert.equal(keys.size + report.merged, report.rows);
  assert.ok(report.merged > 0);
});
