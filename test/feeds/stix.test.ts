// The STIX 2.1 / TAXII 2.1 feed app against the platform: a real excerpt of MITRE ATT&CK for ICS (shipped in the
// app's sample folder with MITRE's licence), a hand-made bundle for indicators and TLP labels, and a TAXII 2.1
// server started on loopback serving the same excerpt page by page.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usePlatform } from '../helpers/platform.js';
import { startTaxiiServer } from '../helpers/taxii-server.js';
import { DEFAULT_MAPPING, type FeedGroup } from '../../src/feed/index.js';
import { groupType } from '../../src/model/index.js';
import { App as StixApp } from '../../examples/feeds/stix-attack/src/app.js';
import { stixFeed } from '../../examples/feeds/stix-attack/src/feed.js';
import { simplePattern } from '../../examples/feeds/stix-attack/src/parse.js';
import { exampleFile } from './helpers.js';
import { assertOwnerHolds, expectedItems, ownerClient, runFeed, sourceOwner } from './platform-helpers.js';

const tp = usePlatform();
const scratch = mkdtempSync(join(tmpdir(), 'tcex-feed-stix-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const excerpt = exampleFile('stix-attack', 'ics-attack-excerpt.json');
const handMade = exampleFile('stix-attack', 'indicators-tlp.json');
const bundle = JSON.parse(readFileSync(excerpt, 'utf8')) as { objects: Array<Record<string, any>> };
// what the excerpt holds (see sample/README.md): 71 groups mapped, 12 revoked or deprecated, 112 of 114 relationships
const EXCERPT_TYPES = { 'Intrusion Set': 14, Campaign: 7, Malware: 14, 'Attack Pattern': 10, 'Course of Action': 26 };

async function all(client: ReturnType<typeof ownerClient>, path: string, entity: string, owner: string): Promise<any[]> {
  const out: any[] = [];
  for await (const item of client.paginate<any>(path, entity, { owner, includeAdditional: 'true' })) out.push(item);
  return out;
}

/** Every group's associated groups on the platform equal the relationships the bundle gives, both ways. */
async function assertGroupLinks(client: ReturnType<typeof ownerClient>, owner: string, groups: FeedGroup[]): Promise<number> {
  const want = new Map<string, Set<string>>(groups.map((g) => [g.xid, new Set<string>()]));
  for (const g of groups) for (const x of g.groupXids ?? []) {
    want.get(g.xid)?.add(x);
    want.get(x)?.add(g.xid);
  }
  let links = 0;
  for (const type of new Set(groups.map((g) => g.type))) {
    const info = groupType(type)!;
    for (const held of await all(client, `/v2/groups/${info.branch}`, info.entity, owner)) {
      const linked = await all(client, `/v2/groups/${info.branch}/${held.id}/groups`, 'group', owner);
      const xids = new Set(linked.map((l) => l.xid));
      assert.deepEqual(xids, want.get(held.xid), `groups associated to ${held.name}`);
      links += xids.size;
    }
  }
  return links / 2;
}

test('STIX patterns: only one equality becomes an indicator', () => {
  assert.deepEqual(simplePattern("[ipv4-addr:value = '198.51.100.7']"), { type: 'Address', value: '198.51.100.7' });
  assert.deepEqual(simplePattern("[file:hashes.'SHA-256' = 'abc']"), { type: 'File', value: 'abc' });
  assert.deepEqual(simplePattern("[url:value = 'http://x.example/it\\'s']"), { type: 'URL', value: "http://x.example/it's" });
  assert.equal(simplePattern("[ipv4-addr:value = '1.2.3.4'] OR [ipv4-addr:value = '1.2.3.5']"), undefined);
  assert.equal(simplePattern("[ipv4-addr:value != '1.2.3.4']"), undefined);
  assert.equal(simplePattern("[x509-certificate:serial_number = '1']"), undefined);
});

test('STIX app on the real ATT&CK for ICS excerpt: a group per object, relationships as associations, revoked and deprecated left out', async () => {
  const creds = await sourceOwner(tp, 'ATT&CK ICS Source');
  const outcome = await runFeed(tp, StixApp, 'stix-attack', creds, { source: excerpt });
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.match(outcome.message, /^26 Course of Action, 14 Malware, 14 Intrusion Set, 10 Attack Pattern, 7 Campaign: 71 submitted, 0 unchanged/);
  const { items, report } = await expectedItems(stixFeed.reader(DEFAULT_MAPPING), excerpt);
  assert.deepEqual(report.byType, EXCERPT_TYPES);
  assert.equal(report.skipped['revoked intrusion-set'], 2);
  assert.equal(report.skipped['deprecated malware'], 7);
  const client = ownerClient(tp, creds);
  await assertOwnerHolds(client, creds.owner, items);
  const groups = [...items.values()] as FeedGroup[];
  const links = await assertGroupLinks(client, creds.owner, groups);
  // each mapped relationship is one association (none repeats a pair in this excerpt)
  const mapped = bundle.objects.filter((o) => o.type === 'relationship').length - Object.values(report.skipped).reduce((a, b) => a + b, 0) + 2 + 7 + 2 + 1;
  assert.equal(links, mapped);
  assert.equal(links, 112);
  const dragonfly = groups.find((g) => g.name === 'Dragonfly');
  assert.ok(dragonfly?.attributes.some((a) => a.type === 'External ID' && a.value === 'G0035'));

  // a later version of the bundle revokes an intrusion set: the next run deletes it and its associations
  const revoked = structuredClone(bundle);
  const target = revoked.objects.find((o) => o.name === 'Dragonfly')!;
  target.revoked = true;
  const revokedFile = join(scratch, 'revoked.json');
  writeFileSync(revokedFile, JSON.stringify(revoked));
  const second = await runFeed(tp, StixApp, 'stix-attack', creds, { source: revokedFile, feed_state: outcome.results.feed_state });
  assert.equal(second.exitCode, 0, second.message);
  assert.match(second.message, /: 0 submitted, 70 unchanged; 1 left the feed \(deleted\)/);
  const sets = await all(client, '/v2/groups/intrusionSets', 'intrusionSet', creds.owner);
  assert.equal(sets.length, 13);
  assert.ok(!sets.some((s) => s.name === 'Dragonfly'));
});

test('STIX app on a hand-made bundle: indicators from simple patterns, TLP markings as security labels, tools and vulnerabilities', async () => {
  const creds = await sourceOwner(tp, 'STIX Indicators Source');
  const outcome = await runFeed(tp, StixApp, 'stix-attack', creds, { source: handMade, default_rating: '2' });
  assert.equal(outcome.exitCode, 0, outcome.message);
  assert.match(outcome.message, /^1 Address, 1 Host, 1 File, 1 URL, 1 Malware, 1 Tool, 1 Vulnerability: 7 submitted, 0 unchanged; 1 invalid row skipped/);
  const client = ownerClient(tp, creds);
  const { items } = await expectedItems(stixFeed.reader({ defaultRating: 2, defaultConfidence: 0 }), handMade);
  await assertOwnerHolds(client, creds.owner, items);
  const labels = await client.v2<any>('GET', '/v2/indicators/addresses/198.51.100.7/securityLabels', { query: { owner: creds.owner } });
  assert.deepEqual(labels.securityLabel.map((l: any) => l.name), ['TLP:AMBER+STRICT']);
  const address = await client.v2<any>('GET', '/v2/indicators/addresses/198.51.100.7', { query: { owner: creds.owner } });
  assert.equal(address.address.confidence, 80);
  const malware = (await all(client, '/v2/groups/malware', 'malware', creds.owner))[0];
  const malwareLabels = await client.v2<any>('GET', `/v2/groups/malware/${malware.id}/securityLabels`, { query: { owner: creds.owner } });
  assert.deepEqual(malwareLabels.securityLabel.map((l: any) => l.name), ['TLP:GREEN']);
  assert.equal(await assertGroupLinks(client, creds.owner, [...items.values()].filter((i): i is FeedGroup => i.kind === 'group')), 2);
});

test('TAXII 2.1: discovery, API root, collection, paged objects with basic auth; the next run reads only what was added after', async () => {
  const server = await startTaxiiServer({ basic: { username: 'feed', password: 'p@ss-word' }, maxPage: 40 });
  try {
    server.add(bundle.objects);
    const creds = await sourceOwner(tp, 'TAXII Source');
    const taxii = { taxii_server: server.url, taxii_collection: 'ICS ATT&CK', taxii_username: 'feed', taxii_password: 'p@ss-word' };
    const first = await runFeed(tp, StixApp, 'stix-attack', creds, taxii);
    assert.equal(first.exitCode, 0, first.message);
    assert.match(first.message, /: 71 submitted, 0 unchanged/);
    assert.equal(server.requests.length, Math.ceil(bundle.objects.length / 40));
    assert.ok(server.requests.slice(1).every((q) => q.next), 'later pages follow next');
    const position = first.results.taxii_added_after;
    assert.match(position, /^2025-01-01T00:00:00\.\d{3}Z$/);
    const { items } = await expectedItems(stixFeed.reader(DEFAULT_MAPPING), excerpt);
    await assertOwnerHolds(ownerClient(tp, creds), creds.owner, items);

    // the collection gains a new malware and a revoked version of an intrusion set
    const dragonfly = { ...bundle.objects.find((o) => o.name === 'Dragonfly')!, revoked: true, modified: '2025-02-01T00:00:00.000Z' };
    const fresh = { type: 'malware', spec_version: '2.1', id: 'malware--b0a1e5a4-1c8e-4a0e-9a55-7c2f1e3d4b5a', created: '2025-02-01T00:00:00.000Z', modified: '2025-02-01T00:00:00.000Z', name: 'Example Wiper', is_family: true };
    server.add([dragonfly, fresh]);
    const before = server.requests.length;
    const second = await runFeed(tp, StixApp, 'stix-attack', creds, { ...taxii, feed_state: first.results.feed_state, taxii_added_after: position });
    assert.equal(second.exitCode, 0, second.message);
    assert.equal(server.requests[before].added_after, position);
    assert.match(second.message, /^1 Malware: 1 submitted, 0 unchanged; 1 left the feed \(deleted\)/);
    const client = ownerClient(tp, creds);
    assert.equal((await all(client, '/v2/groups/intrusionSets', 'intrusionSet', creds.owner)).length, 13);
    assert.equal((await all(client, '/v2/groups/malware', 'malware', creds.owner)).length, 15);
    assert.equal((await all(client, '/v2/groups/coursesOfAction', 'courseOfAction', creds.owner)).length, 26);
    assert.ok(second.results.taxii_added_after > position);

    // nothing new: a run with nothing to read changes nothing and keeps its place
    const third = await runFeed(tp, StixApp, 'stix-attack', creds, { ...taxii, feed_state: second.results.feed_state, taxii_added_after: second.results.taxii_added_after });
    assert.equal(third.exitCode, 0, third.message);
    assert.equal(third.results.taxii_added_after, second.results.taxii_added_after);
    assert.equal((await all(client, '/v2/groups/attackPatterns', 'attackPattern', creds.owner)).length, 10);
  } finally {
    await server.close();
  }
});

test('TAXII 2.1 with a bearer token, paging by added_after on a server without next tokens; a wrong token fails the run', async () => {
  const server = await startTaxiiServer({ token: 'taxii-token-123', nextTokens: false, maxPage: 60 });
  try {
    server.add(bundle.objects);
    const creds = await sourceOwner(tp, 'TAXII Token Source');
    const run = await runFeed(tp, StixApp, 'stix-attack', creds, { taxii_server: server.url, taxii_token: 'taxii-token-123' });
    assert.equal(run.exitCode, 0, run.message);
    assert.match(run.message, /: 71 submitted/);
    assert.ok(server.requests.slice(1).every((q) => q.added_after && !q.next), 'pages follow added_after');

    const refused = await runFeed(tp, StixApp, 'stix-attack', creds, { taxii_server: server.url, taxii_token: 'wrong-token' });
    assert.equal(refused.exitCode, 1);
    assert.match(refused.message, /refused the credentials/);
    assert.doesNotMatch(refused.message, /wrong-token/);
  } finally {
    await server.close();
  }
});
