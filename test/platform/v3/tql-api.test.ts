// TQL over HTTP against the real platform: each operator, nesting (has...()), parentheses, invalid queries with
// their status and message, and the long GET (parameters as a JSON body) over raw HTTP.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../../helpers/platform.js';
import type { TcClient } from '../../../src/client/index.js';

const tp = usePlatform();
let tc: TcClient;

async function call(method: string, path: string, body?: unknown, query?: Record<string, string | string[]>) {
  const res = await tc.request({ method, path, body: body as any, query, allowErrorStatus: true, retries: 0 });
  return { status: res.status, json: res.json() };
}

/** Summaries (indicators) or names (groups) a TQL query lists, sorted. */
async function listed(path: string, tql: string): Promise<string[]> {
  const r = await call('GET', path, undefined, { tql, resultLimit: '1000' });
  assert.equal(r.status, 200, `${tql}: ${JSON.stringify(r.json)}`);
  return r.json.data.map((i: any) => i.summary ?? i.name).sort();
}

let alphaId = 0;

describe('TQL over HTTP', () => {
  before(async () => {
    tc = tp.client();
    const group = async (type: string, name: string, extra: Record<string, unknown> = {}) => {
      const r = await call('POST', '/v3/groups', { type, name, ...extra });
      assert.equal(r.status, 201, JSON.stringify(r.json));
      return r.json.data.id as number;
    };
    alphaId = await group('Adversary', 'APT Alpha', { tags: { data: [{ name: 'Espionage' }] } });
    const breach = await group('Incident', 'Breach "B"', { eventDate: '2024-05-01T00:00:00Z' });
    const indicators: Array<Record<string, unknown>> = [
      {
        type: 'Host',
        hostName: 'a.example.com',
        rating: 5,
        confidence: 90,
        tags: { data: [{ name: 'Crimeware' }, { name: 'Phishing' }] },
        attributes: { data: [{ type: 'Description', value: 'seen in a phishing wave' }] },
        securityLabels: { data: [{ name: 'TLP:RED' }] },
        associatedGroups: { data: [{ id: alphaId }] },
      },
      { type: 'Host', hostName: 'b.example.org', rating: 2, confidence: 40, associatedGroups: { data: [{ id: breach }] } },
      { type: 'Address', ip: '10.1.0.1', rating: 1, tags: { data: [{ name: 'Scanner' }] } },
      { type: 'Address', ip: '10.1.0.2', active: false },
      { type: 'URL', text: 'http://c.example.net/say?q="hi"', rating: 3 },
    ];
    for (const body of indicators) {
      const r = await call('POST', '/v3/indicators', body);
      assert.equal(r.status, 201, JSON.stringify(r.json));
    }
  });

  const I = '/v3/indicators';
  const cases: Array<[name: string, tql: string, expected: string[]]> = [
    ['= on text is case-insensitive', 'summary = "A.EXAMPLE.COM"', ['a.example.com']],
    ['!=', 'typeName != "Host"', ['10.1.0.1', '10.1.0.2', 'http://c.example.net/say?q="hi"']],
    ['> and <', 'rating > 1 and rating < 5', ['b.example.org', 'http://c.example.net/say?q="hi"']],
    ['<= and >=', 'confidence >= 40 and confidence <= 40', ['b.example.org']],
    ['word operators GEQ / LEQ / EQ / NE', 'rating GEQ 3 and rating LEQ 5 and typeName NE "URL" and confidence EQ 90', ['a.example.com']],
    ['IN list', 'typeName IN ("Address", "URL") and rating in (1, 3)', ['10.1.0.1', 'http://c.example.net/say?q="hi"']],
    ['NOT IN list', 'typeName not in ("Host", "URL")', ['10.1.0.1', '10.1.0.2']],
    ['like with % and _', 'summary like "10.1.0._"', ['10.1.0.1', '10.1.0.2']],
    ['not like', 'summary not like "%.example.%"', ['10.1.0.1', '10.1.0.2']],
    ['contains / not contains', 'summary contains "example" and summary not contains ".org"', ['a.example.com', 'http://c.example.net/say?q="hi"']],
    ['startsWith / not startsWith', 'summary startsWith "10." and summary not startswith "10.1.0.2"', ['10.1.0.1']],
    ['endsWith / not endsWith', 'summary endsWith ".org" or (typeName = "Host" and summary not endswith ".org")', ['a.example.com', 'b.example.org']],
    ['is null / is not null', 'rating is null', ['10.1.0.2']],
    ['is not null', 'confidence is not null', ['a.example.com', 'b.example.org']],
    ['string escapes: \\" inside a double-quoted string', 'summary endswith "q=\\"hi\\""', ['http://c.example.net/say?q="hi"']],
    ['single-quoted string', "summary = 'b.example.org'", ['b.example.org']],
    ['and binds tighter than or', 'typeName = "URL" or typeName = "Host" and rating = 2', ['b.example.org', 'http://c.example.net/say?q="hi"']],
    ['parentheses regroup', '(typeName = "URL" or typeName = "Host") and rating = 2', ['b.example.org']],
    ['tag keyword', 'tag = "crimeware"', ['a.example.com']],
    ['hasTag(...)', 'hasTag(name in ("Scanner", "Phishing"))', ['10.1.0.1', 'a.example.com']],
    ['not hasTag combined with or', 'hasTag(name = "Scanner") or summary = "b.example.org"', ['10.1.0.1', 'b.example.org']],
    ['hasGroup(...) by type and name', 'hasGroup(typeName = "Incident" and summary startswith "Breach")', ['b.example.org']],
    ['hasGroup(...) nesting hasTag(...)', 'hasGroup(hasTag(name = "Espionage"))', ['a.example.com']],
    ['hasAttribute(...)', 'hasAttribute(typeName = "Description" and text contains "phishing")', ['a.example.com']],
    ['hasSecurityLabel(...)', 'hasSecurityLabel(name = "TLP:RED")', ['a.example.com']],
    ['keywords case-insensitive, word forms in any case', 'TYPENAME eq "address" AND Rating Is Null', ['10.1.0.2']],
  ];
  for (const [name, tql, expected] of cases) {
    test(`indicators: ${name}`, async () => assert.deepEqual(await listed(I, tql), expected));
  }

  test('groups: hasIndicator(...) nests an indicator query; names with quotes', async () => {
    assert.deepEqual(await listed('/v3/groups', 'hasIndicator(summary = "a.example.com")'), ['APT Alpha']);
    assert.deepEqual(await listed('/v3/groups', 'hasIndicator(hasTag(name = "Crimeware")) or summary = "Breach \\"B\\""'), ['APT Alpha', 'Breach "B"']);
    assert.deepEqual(await listed('/v3/groups', 'hasTag(name = "Espionage")'), ['APT Alpha']);
  });

  describe('nested queries run on the families\' own evaluators', () => {
    let bravoId = 0;
    before(async () => {
      // a victim whose email asset is linked to a second adversary and to b.example.org
      const victim = await call('POST', '/v3/victims', { name: 'Jane Target', assets: { data: [{ type: 'EmailAddress', address: 'jane@victim.example' }] } });
      assert.equal(victim.status, 201, JSON.stringify(victim.json));
      const assets = await call('GET', '/v3/victimAssets', undefined, { tql: `victimId = ${victim.json.data.id}` });
      const assetId = assets.json.data[0].id as number;
      const bravo = await call('POST', '/v3/groups', {
        type: 'Adversary',
        name: 'APT Bravo',
        associatedVictimAssets: { data: [{ id: assetId }] },
        tags: { data: [{ name: 'Espionage' }, { name: 'Crimeware' }] },
      });
      assert.equal(bravo.status, 201, JSON.stringify(bravo.json));
      bravoId = bravo.json.data.id;
      const linked = await call('PUT', '/v3/victims/' + victim.json.data.id, { associatedGroups: { data: [{ id: bravoId }] } });
      assert.equal(linked.status, 200, JSON.stringify(linked.json));
      const host = await call('PUT', '/v3/indicators/b.example.org', { associatedVictimAssets: { data: [{ id: assetId }] } });
      assert.equal(host.status, 200, JSON.stringify(host.json));
    });

    // each keyword below is known only to the family's evaluator (routes/v3/tags.ts, security-labels.ts,
    // item-attributes.ts, victims.ts), not to a table of nested.ts: the nested query reuses the family's
    const familyOnly: Array<[name: string, path: string, tql: string, expected: string[]]> = [
      ['hasTag(lastUsed ...)', I, 'hasTag(lastUsed > "2000-01-01" and name = "Scanner")', ['10.1.0.1']],
      ['hasSecurityLabel(ownerName ...)', I, 'hasSecurityLabel(ownerName = "System")', ['a.example.com']],
      ['hasAttribute(default, ownerName ...)', I, 'hasAttribute(ownerName = "Example Organization" and default = false and text contains "phishing")', ['a.example.com']],
      ['hasVictim(assetName ...)', '/v3/groups', 'hasVictim(assetName = "jane@victim.example")', ['APT Bravo']],
    ];
    for (const [name, path, tql, expected] of familyOnly) {
      test(`family keyword inside ${name}`, async () => assert.deepEqual(await listed(path, tql), expected));
    }

    test('an unknown keyword inside a nested query is named against the family\'s schema', async () => {
      const r = await call('GET', I, undefined, { tql: 'hasSecurityLabel(colour = "red")' });
      assert.equal(r.status, 400);
      assert.match(r.json.message, /^Invalid TQL: unsupported keyword for securityLabels: colour \(supported: id, name, summary, description, color, dateAdded, ownerName\)$/);
    });

    const allTags: Array<[name: string, path: string, tql: string, expected: string[]]> = [
      ['an item with every selected tag matches', I, 'hasAllTags(name in ("Crimeware", "Phishing"))', ['a.example.com']],
      ['tags spread over two items match neither', I, 'hasAllTags(name in ("Phishing", "Scanner"))', []],
      ['one selected tag: as hasTag', I, 'hasAllTags(name = "scanner")', ['10.1.0.1']],
      ['a query selecting no tag matches nothing', I, 'hasAllTags(name = "No Such Tag")', []],
      ['groups', '/v3/groups', 'hasAllTags(name in ("Espionage", "Crimeware"))', ['APT Bravo']],
      ['groups: against hasTag', '/v3/groups', 'hasTag(name in ("Espionage", "Crimeware"))', ['APT Alpha', 'APT Bravo']],
    ];
    for (const [name, path, tql, expected] of allTags) {
      test(`hasAllTags(...): ${name}`, async () => assert.deepEqual(await listed(path, tql), expected));
    }

    const victimAssets: Array<[name: string, path: string, tql: string, expected: string[]]> = [
      ['indicators linked to a matching asset', I, 'hasVictimAsset(asset = "jane@victim.example")', ['b.example.org']],
      ['groups linked to a matching asset', '/v3/groups', 'hasVictimAsset(typeName = "EmailAddress" and victimName = "Jane Target")', ['APT Bravo']],
      ['victims owning a matching asset', '/v3/victims', 'hasVictimAsset(asset endswith "@victim.example")', ['Jane Target']],
      ['no asset matches', I, 'hasVictimAsset(asset = "nobody@victim.example")', []],
    ];
    for (const [name, path, tql, expected] of victimAssets) {
      test(`hasVictimAsset(...): ${name}`, async () => assert.deepEqual(await listed(path, tql), expected));
    }

    test('threatAssessScore is the score fields=threatAssess answers, on the paged and the filtered path', async () => {
      // a.example.com: rating 5 × confidence 90 × 2 = 900; b.example.org: 2 × 40 × 2 = 160; the rest 0
      assert.deepEqual(await listed(I, 'threatAssessScore >= 500'), ['a.example.com']);
      assert.deepEqual(await listed(I, 'threatAssessScore > 0 and summary contains "example"'), ['a.example.com', 'b.example.org']);
      assert.deepEqual(await listed(I, 'threatAssessScore = 160 or summary = "10.1.0.1"'), ['10.1.0.1', 'b.example.org'].sort());
      const r = await call('GET', I, undefined, { tql: 'threatAssessScore = 900', fields: 'threatAssess', owner: 'Example Organization' });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.deepEqual(r.json.data.map((i: any) => [i.summary, i.threatAssessScore]), [['a.example.com', 900]]);
    });
  });

  const invalid: Array<[name: string, tql: string, message: RegExp]> = [
    ['unknown keyword', 'bogus = 1', /^Invalid TQL: unsupported keyword for indicators: bogus \(supported: /],
    ['a real keyword the platform cannot evaluate is named as such', 'calScore > 500', /^Invalid TQL: keyword calScore is not supported by the local platform for indicators$/],
    ['the platform\'s own field name is not a TQL keyword', 'active = true', /^Invalid TQL: unsupported keyword for indicators: active/],
    ['unknown keyword inside a nested query', 'hasTag(colour = "red")', /^Invalid TQL: unsupported keyword for tags: colour/],
    ['nested keyword used as a value', 'hasTag = "x"', /^Invalid TQL: hasTag takes a nested query: hasTag\(\.\.\.\)/],
    ['value keyword used as a nested query', 'summary(id = 1)', /^Invalid TQL: summary is a value keyword, not a nested query/],
    ['missing value', 'rating >', /^Invalid TQL: expected a value at position 9, found the end of the query/],
    ['unbalanced parenthesis', '(rating > 2', /^Invalid TQL: expected "\)" at position 12/],
    ['extra parenthesis', 'rating > 2)', /^Invalid TQL: unexpected "\)" at position 11/],
    ['unterminated string', 'summary = "open', /^Invalid TQL: unterminated string starting at position 11/],
    ['unknown operator', 'rating between 1', /^Invalid TQL: expected an operator or "\(" after rating at position 8, found "between"/],
    ['text operator on a number', 'rating contains "1"', /^Invalid TQL: contains applies to text keywords, not rating/],
    ['wrong value type', 'rating > "high"', /^Invalid TQL: rating > needs a number, got "high"/],
    ['empty IN list', 'id in ()', /^Invalid TQL: expected a value at position 8, found "\)"/],
  ];
  for (const [name, tql, message] of invalid) {
    test(`invalid: ${name} → 400 in the v3 error shape`, async () => {
      const r = await call('GET', I, undefined, { tql });
      assert.equal(r.status, 400);
      assert.equal(r.json.status, 'Error');
      assert.equal(r.json.errCode, '0x1001');
      assert.match(r.json.message, message);
    });
  }

  test('a simple query on a store column is pushed down (same answer on the paged path and the filtered path)', async () => {
    const paged = await call('GET', I, undefined, { tql: 'typeName = "Address"', owner: 'Example Organization', count: 'true' });
    const filtered = await call('GET', I, undefined, { tql: 'typeName = "Address" and summary contains "10."', count: 'true' });
    assert.equal(paged.json.count, 2);
    assert.equal(filtered.json.count, 2);
  });

  describe('long GET: parameters as a JSON body', () => {
    const longTql = () => {
      // a query far past what fits in a URL: 300 addresses that match nothing, then the ones that do
      const filler = Array.from({ length: 300 }, (_, i) => `"192.0.2.${i % 250}-${i}"`).join(', ');
      return `(summary in (${filler}) or summary in ("10.1.0.1", "b.example.org")) and rating is not null`;
    };

    test('raw HTTP: a GET with {"data": {tql, fields, resultLimit}} is answered exactly as the query string', async () => {
      const tql = longTql();
      const urlLength = encodeURIComponent(tql).length;
      assert.ok(urlLength > 4000, `the query takes ${urlLength} characters in a URL`);
      const viaBody = await call('GET', I, { data: { tql, fields: ['tags'], resultLimit: 1, count: true } });
      assert.equal(viaBody.status, 200, JSON.stringify(viaBody.json));
      assert.equal(viaBody.json.count, 2);
      assert.equal(viaBody.json.data.length, 1);
      assert.equal(typeof viaBody.json.next, 'string', 'a next link');
      assert.equal(typeof viaBody.json.data[0].tags, 'object', 'fields= from the body applied');
      const viaUrl = await call('GET', I, undefined, { tql: 'summary in ("10.1.0.1", "b.example.org") and rating is not null', fields: 'tags', resultLimit: '1', count: 'true' });
      assert.deepEqual(viaBody.json.data, viaUrl.json.data);
    });

    test('a body parameter is never ignored: an invalid TQL in the body is a 400, not an unfiltered list', async () => {
      const r = await call('GET', I, { data: { tql: 'bogus = 1' } });
      assert.equal(r.status, 400);
      assert.match(r.json.message, /unsupported keyword for indicators: bogus/);
      const bad = await call('GET', I, { tql: 'summary = "x"' });
      assert.equal(bad.status, 400);
      assert.match(bad.json.message, /GET body: expected \{"data"/);
    });
  });
});
