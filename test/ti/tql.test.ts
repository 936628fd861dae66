// The SDK's typed TQL builders (keywords and types from the one schema) and the long GET through the SDK's v3
// collection, against the real platform.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../helpers/platform.js';
import { groupTql, indicatorTql, ThreatIntelligence, tql } from '../../src/ti/index.js';
import { longGet } from '../../src/ti/v3/collection.js';
import { TcConfigError } from '../../src/core/errors.js';
import { riskyIndicators } from '../../examples/ti/tql.js';

describe('typed TQL builders', () => {
  const q = indicatorTql;
  const cases: Array<[name: string, built: () => { text: string }, expected: string]> = [
    ['comparison on a number', () => q.where('rating', '>=', 3), 'rating >= 3'],
    ['text operator with escaping', () => q.where('summary', 'startswith', 'say "hi" \\ bye'), 'summary startswith "say \\"hi\\" \\\\ bye"'],
    ['not form of a text operator', () => q.where('summary', 'not contains', 'example'), 'summary not contains "example"'],
    ['boolean', () => q.where('indicatorActive', '=', true), 'indicatorActive = true'],
    ['date from a Date', () => q.where('dateAdded', '>', new Date('2024-01-02T03:04:05Z')), 'dateAdded > "2024-01-02T03:04:05Z"'],
    ['IN list', () => q.in('typeName', ['Host', 'URL']), 'typeName in ("Host", "URL")'],
    ['NOT IN list', () => q.in('confidence', [1, 2], 'not in'), 'confidence not in (1, 2)'],
    ['is null / is not null', () => q.all(q.isNull('rating'), q.isNull('confidence', true)), '(rating is null) and (confidence is not null)'],
    ['nested has*() with raw inner TQL', () => q.has('hasTag', tql`name = ${'APT'}`), 'hasTag(name = "APT")'],
    ['nested over a typed builder', () => q.has('hasGroup', groupTql.where('typeName', '=', 'Adversary')), 'hasGroup(typeName = "Adversary")'],
    [
      'all / any group with parentheses',
      () => q.all(q.in('typeName', ['Host']), q.any(q.where('rating', '>', 4), q.where('confidence', '>', 80))),
      '(typeName in ("Host")) and ((rating > 4) or (confidence > 80))',
    ],
  ];
  for (const [name, built, expected] of cases) test(name, () => assert.equal(built().text, expected));

  test('keywords and kinds are checked at run time too (for JavaScript callers)', () => {
    const bad: Array<[() => unknown, RegExp]> = [
      [() => q.where('bogus' as any, '=', 1), /tql: .*Indicator has no TQL keyword of that name/],
      [() => q.where('hasTag' as any, '=', 'x'), /takes a nested query: use has\(\)/],
      [() => q.has('summary' as any, tql`x = 1`), /is compared with a value, not a nested query/],
      [() => q.in('typeName', []), /a list in TQL needs at least one value/],
      [() => q.all(), /and needs at least one condition/],
    ];
    for (const [fn, re] of bad) assert.throws(fn, (e: Error) => e instanceof TcConfigError && re.test(e.message));
    // compile-time: a text operator on a number keyword is a type error
    // @ts-expect-error rating is a number keyword
    assert.equal(q.where('rating', 'contains', 3).text, 'rating contains 3');
  });

  test('longGet moves parameters (and those of a next link) into a body only at 2,000 characters', () => {
    assert.deepEqual(longGet('/v3/indicators', { tql: 'id = 1' }), { path: '/v3/indicators', query: { tql: 'id = 1' } });
    const big = 'x'.repeat(2000);
    const moved = longGet('/v3/indicators?resultStart=100&fields=tags&fields=attributes', { tql: big });
    assert.equal(moved.path, '/v3/indicators');
    assert.equal(moved.query, undefined);
    assert.deepEqual(moved.body, { data: { resultStart: '100', fields: ['tags', 'attributes'], tql: big } });
  });
});

const tp = usePlatform();

describe('long GET through the SDK', () => {
  let ti: ThreatIntelligence;
  before(async () => {
    ti = new ThreatIntelligence(tp.client({ retries: 0 }));
    for (let i = 0; i < 5; i++) await ti.v3.indicators.create({ type: 'Address', ip: `10.9.0.${i}`, rating: i });
  });

  test('a query past 2,000 characters is sent as a body, answered filtered, and paged through next links', async () => {
    const filler = Array.from({ length: 200 }, (_, i) => `198.51.100.${i}`);
    const query = indicatorTql.all(
      indicatorTql.in('summary', [...filler, '10.9.0.1', '10.9.0.2', '10.9.0.3']),
      indicatorTql.where('rating', '>=', 2),
    );
    assert.ok(encodeURIComponent(query.text).length > 2000, 'the query is too long for a URL');
    const items = await ti.v3.indicators.many({ tql: query, resultLimit: 1 }).toArray();
    assert.deepEqual(items.map((i) => i.summary).sort(), ['10.9.0.2', '10.9.0.3']);
    assert.equal(await ti.v3.indicators.count(query), 2);
    // what reached the server: GETs without the tql in their URL
    const { requests } = await tp.admin('GET', `/requests?method=GET&path=${encodeURIComponent('/v3/indicators')}`);
    const lists = requests as Array<{ query: string }>;
    assert.ok(lists.length >= 3, `${lists.length} list GETs`);
    assert.ok(lists.every((r) => !r.query.includes('tql=')), 'no GET carried the long tql in its URL');
  });

  test('docs example (docs/ti.md "### TQL"): typed builders with nested has*() against the platform', async () => {
    const adversary = await ti.v3.groups.create({ type: 'Adversary', name: 'Example "Bear"' } as any);
    await ti.v3.indicators.create({ type: 'Host', hostName: 'linked.example.com', rating: 5, associatedGroups: { data: [{ id: adversary.id }] } } as any);
    await ti.v3.indicators.create({ type: 'URL', text: 'http://picked.example.com/', rating: 4, tags: { data: [{ name: 'Hand "picked"' }] } } as any);
    await ti.v3.indicators.create({ type: 'Host', hostName: 'unlinked.example.com', rating: 5 } as any);
    await ti.v3.indicators.create({ type: 'Host', hostName: 'low.example.com', rating: 1, associatedGroups: { data: [{ id: adversary.id }] } } as any);
    assert.deepEqual((await riskyIndicators(ti, 'Example "Bear"')).sort(), ['http://picked.example.com/', 'linked.example.com']);
  });
});
