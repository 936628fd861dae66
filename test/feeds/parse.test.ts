// Each feed's parse + map on the real files: counts of valid items per type against an independent reading of
// the file, and invalid rows (appended to the real data) reported with a reason instead of stopping the feed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { normaliseIndicator } from '../../src/model/index.js';
import { DEFAULT_MAPPING, type FeedGroup, type FeedIndicator } from '../../src/feed/index.js';
import { feodoFeed } from '../../examples/feeds/feodo-tracker/src/feed.js';
import { urlhausFeed } from '../../examples/feeds/urlhaus/src/feed.js';
import { threatfoxFeed } from '../../examples/feeds/threatfox/src/feed.js';
import { ipsumFeed } from '../../examples/feeds/ipsum/src/feed.js';
import { kevFeed } from '../../examples/feeds/cisa-kev/src/feed.js';
import { exampleFile, feedFile, readWith, tally } from './helpers.js';

const dataLines = (name: string) => readFileSync(feedFile(name), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));

test('Feodo Tracker: every row becomes an Address with its family as a Malware group; bad rows are reported', async () => {
  const rows = dataLines('feodo-ipblocklist.csv').slice(1);
  const bad = '"2024-04-05 00:00:00","300.1.2.3","443","online","2024-04-05","Pikabot"\n"2024-04-05 00:00:00","10.0.0.1"\n';
  const t = await tally(readWith(feodoFeed.reader(DEFAULT_MAPPING), feedFile('feodo-ipblocklist.csv'), bad), true);
  assert.equal(t.byType.Address, rows.length);
  assert.equal(t.byType.Malware, new Set(rows.map((r) => r.split(',')[5])).size);
  assert.equal(t.invalid.length, 2);
  assert.match(t.invalid[0].reason, /Address: "300\.1\.2\.3" is not a valid/);
  assert.match(t.invalid[1].reason, /expected 6 columns/);
  const first = t.items.find((i) => i.kind === 'indicator') as FeedIndicator;
  assert.equal(first.summary, '192.9.135.73');
  assert.equal(first.firstSeen, '2023-05-23T17:51:44Z');
  assert.deepEqual(first.tags, ['Pikabot', 'Botnet C2']);
  assert.deepEqual(first.groupXids, ['feodo-tracker:malware:pikabot']);
  assert.deepEqual(first.attributes.map((a) => a.type), ['Description', 'Source']);
  assert.equal(first.rating, 0);
  assert.equal(first.confidence, 0);
});

test('URLhaus: every URL row becomes a URL indicator with its tags, none of them the source name', async () => {
  const rows = dataLines('urlhaus-recent.csv').slice(1);
  const t = await tally(readWith(urlhausFeed.reader({ defaultRating: 3, defaultConfidence: 50 }), feedFile('urlhaus-recent.csv'), '"1","2025-01-01 00:00:00","no scheme here","online","","malware_download","","",""\n'), true);
  assert.equal(t.byType.URL, rows.length);
  assert.equal(t.invalid.length, 1);
  assert.match(t.invalid[0].reason, /URL: "no scheme here" is not a valid URL/);
  const first = t.items[0] as FeedIndicator;
  assert.equal(first.summary, 'http://117.209.87.242:60905/bin.sh');
  assert.deepEqual(first.tags, ['32-bit', 'elf', 'mips', 'Mozi', 'Malware Download']);
  assert.equal(first.rating, 3);
  assert.equal(first.confidence, 50);
  assert.ok(first.attributes.some((a) => a.type === 'Source' && a.value === 'https://urlhaus.abuse.ch/url/3520667/'));
  for (const item of t.items) if (item.kind === 'indicator') assert.ok(!item.tags.some((tag) => /urlhaus|abuse\.ch/i.test(tag)));
});

test('ThreatFox JSON: all six IOC types map to Address, Host, URL and File; confidence comes from the feed', async () => {
  const raw = JSON.parse(readFileSync(feedFile('threatfox-recent.json'), 'utf8')) as Record<string, Array<Record<string, any>>>;
  const iocs = Object.values(raw).flat();
  const expected: Record<string, Set<string>> = { Address: new Set(), Host: new Set(), URL: new Set(), File: new Set() };
  const families = new Set<string>();
  for (const ioc of iocs) {
    const t = { 'ip:port': 'Address', domain: 'Host', url: 'URL' }[ioc.ioc_type as string] ?? 'File';
    const normalised = normaliseIndicator(t, [t === 'Address' ? ioc.ioc_value.split(':')[0] : ioc.ioc_value]);
    assert.ok(normalised.ok);
    expected[t].add(normalised.summary);
    if (ioc.malware !== 'unknown') families.add(ioc.malware);
  }
  const t = await tally(readWith(threatfoxFeed.reader(DEFAULT_MAPPING), feedFile('threatfox-recent.json')), true);
  // the mapper emits one item per IOC; merging repeats is the scanner's job (tested in scan.test.ts)
  assert.equal((t.byType.Address ?? 0) + (t.byType.Host ?? 0) + (t.byType.URL ?? 0) + (t.byType.File ?? 0), iocs.length);
  assert.equal(t.byType.Malware, families.size);
  assert.equal(t.invalid.length, 0);
  for (const item of t.items) {
    if (item.kind !== 'indicator') continue;
    assert.ok(expected[item.type].has(item.summary), `${item.type} ${item.summary}`);
  }
  const hashes = t.items.filter((i): i is FeedIndicator => i.kind === 'indicator' && i.type === 'File');
  assert.equal(hashes.length, 263); // 103 sha256, 80 sha1, 80 md5 in the excerpt
  const byIoc = new Map(iocs.map((i) => [String(i.ioc_value).toUpperCase(), i]));
  for (const h of hashes) assert.equal(h.confidence, byIoc.get(h.summary)?.confidence_level);
});

test('ThreatFox CSV full dump: every sha256 becomes a File; an unsupported IOC type is reported', async () => {
  const rows = dataLines('threatfox-full-sha256.csv');
  const extra = '"2025-01-01 00:00:00", "1", "x.example", "ja3_fingerprint", "payload", "win.x", "None", "X", "", "50", "None", "None", "0", "me"\n';
  const t = await tally(readWith(threatfoxFeed.reader(DEFAULT_MAPPING), feedFile('threatfox-full-sha256.csv'), extra), true);
  assert.equal(t.byType.File, rows.length);
  assert.equal(t.invalid.length, 1);
  assert.match(t.invalid[0].reason, /unsupported IOC type "ja3_fingerprint"/);
  const group = t.items.find((i): i is FeedGroup => i.kind === 'group' && i.name === 'Stealc');
  assert.equal(group?.xid, 'threatfox:malware:win.stealc');
});

test('IPsum: every address with its blocklist count as rating; a minimum count leaves the rest out', async () => {
  const rows = dataLines('ipsum.txt');
  const all = await tally(readWith(ipsumFeed.reader({ ...DEFAULT_MAPPING, minLists: 1 }), feedFile('ipsum.txt'), '10.1.2.3\tmany\n999.0.0.1\t4\n'));
  assert.equal(all.byType.Address, rows.length);
  assert.equal(all.invalid.length, 2);
  assert.match(all.invalid[0].reason, /count: "many"/);
  assert.match(all.invalid[1].reason, /Address: "999\.0\.0\.1"/);
  const strong = await tally(readWith(ipsumFeed.reader({ ...DEFAULT_MAPPING, minLists: 3 }), feedFile('ipsum.txt')), true);
  const expected = rows.filter((r) => Number(r.split('\t')[1]) >= 3).length;
  assert.equal(strong.byType.Address, expected);
  assert.equal(strong.skipped, rows.length - expected);
  const top = strong.items[0] as FeedIndicator;
  assert.equal(top.rating, 5);
});

test('IPsum reader also takes a plain address list (IPsum addresses, bare)', async () => {
  const rows = dataLines('ipsum-addresses.txt');
  const t = await tally(readWith(ipsumFeed.reader({ defaultRating: 2, defaultConfidence: 40, minLists: 3 }), feedFile('ipsum-addresses.txt')), true);
  assert.equal(t.byType.Address, rows.length);
  assert.equal((t.items[0] as FeedIndicator).rating, 2);
});

test('CISA KEV: every vulnerability becomes a Vulnerability group named by its CVE id', async () => {
  const catalog = JSON.parse(readFileSync(feedFile('cisa-kev.json'), 'utf8')) as { vulnerabilities: Array<Record<string, any>> };
  const t = await tally(readWith(kevFeed.reader(DEFAULT_MAPPING), feedFile('cisa-kev.json')), true);
  assert.equal(t.byType.Vulnerability, catalog.vulnerabilities.length);
  const groups = t.items as FeedGroup[];
  const ransomware = catalog.vulnerabilities.filter((v) => v.knownRansomwareCampaignUse === 'Known').length;
  assert.equal(groups.filter((g) => g.tags.includes('Ransomware')).length, ransomware);
  const first = groups[0];
  assert.equal(first.name, catalog.vulnerabilities[0].cveID);
  assert.equal(first.firstSeen, `${catalog.vulnerabilities[0].dateAdded}T00:00:00Z`);
  assert.ok(first.attributes.find((a) => a.type === 'Description')?.value.includes(catalog.vulnerabilities[0].shortDescription));
});

test('each app sample parses, and each has at least one invalid row to show the report', async () => {
  const cases = [
    [feodoFeed.reader(DEFAULT_MAPPING), exampleFile('feodo-tracker', 'ipblocklist.csv'), { Address: 7, Malware: 4 }],
    [urlhausFeed.reader(DEFAULT_MAPPING), exampleFile('urlhaus', 'csv_recent.csv'), { URL: 5 }],
    [threatfoxFeed.reader(DEFAULT_MAPPING), exampleFile('threatfox', 'recent.json'), { Address: 3, Host: 1, URL: 1, File: 3, Malware: 4 }],
    [ipsumFeed.reader({ ...DEFAULT_MAPPING, minLists: 1 }), exampleFile('ipsum', 'ipsum.txt'), { Address: 7 }],
    [kevFeed.reader(DEFAULT_MAPPING), exampleFile('cisa-kev', 'known_exploited_vulnerabilities.json'), { Vulnerability: 3 }],
  ] as const;
  for (const [reader, file, expected] of cases) {
    const t = await tally(readWith(reader, file));
    assert.deepEqual(t.byType, expected, file);
    assert.equal(t.invalid.length, 1, file);
  }
});
