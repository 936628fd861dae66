// The declarative mapping: specs checked when made (the path named), then records to items: paths, static values,
// maps, defaults, functions, forEach (one record to many objects), refusals as invalid rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineMapping, MappingError, reject, type FeedGroup, type FeedIndicator, type MappingSpec } from '../../src/feed/index.js';
import * as tcex from '../../src/index.js';

function refused(spec: unknown): MappingError {
  try {
    defineMapping(spec as MappingSpec);
  } catch (err) {
    assert.ok(err instanceof MappingError, String(err));
    return err;
  }
  assert.fail('the mapping was accepted');
}

test('an invalid mapping is refused when it is made, with the path named', () => {
  const cases: Array<[unknown, string, RegExp]> = [
    [{ indicators: [{ type: 'Address', summary: 'ip', tags: ['tags', 'b.['] }] }, 'indicators[0].tags[1]', /not a valid JMESPath expression "b\.\["/],
    [{ indicators: [{ type: 'Adress', summary: 'ip' }] }, 'indicators[0].type', /"Adress" is not an indicator type/],
    [{ groups: [{ type: 'Malware', name: 'n', xid: { path: 'a', value: 'b' } }] }, 'groups[0].xid', /either path or value/],
    [{ groups: [{ type: 'Malware', name: 'n', xid: 'x', tagz: [] }] }, 'groups[0]', /tagz/],
    [{ indicators: [{ type: { path: 't', map: { a: 'Host', b: 'Adress' } }, summary: 'v' }] }, 'indicators[0].type.map.b', /"Adress" is not an indicator type/],
    [{ indicators: [{ type: 'Address', summary: 'v', attributes: [{ type: 'Description', value: { fn: 3 } }] }] }, 'indicators[0].attributes[0].value.fn', /must be a function/],
    [{ groups: [{ type: 'Threat Actor', name: 'n', xid: 'x' }] }, 'groups[0].type', /"Threat Actor" is not a group type/],
    [{ indicators: [{ type: 'Host', summary: 'v', forEach: 'a[' }] }, 'indicators[0].forEach', /JMESPath/],
    [{ indicators: [{ type: 'Host', summary: 'v' }], defaultRating: 7 }, 'defaultRating', /5/],
    [{}, '', /at least one group or indicator template/],
  ];
  for (const [spec, path, reason] of cases) {
    const err = refused(spec);
    assert.equal(err.path, path, err.message);
    assert.match(err.message, reason);
    assert.ok(err.message.startsWith(`Invalid mapping at ${path || '(root)'}: `), err.message);
  }
});

test('one record to many objects: a group per family, an indicator per IOC (forEach), fields from paths, maps, defaults and functions', () => {
  const mapping = tcex.defineMapping({
    excludeTags: ['ExampleFeed'],
    defaultConfidence: 25,
    groups: [{ type: 'Malware', forEach: 'families', name: 'name', xid: { path: 'id', fn: (id) => `example:${id}` }, tags: { value: 'ExampleFeed' } }],
    indicators: [
      {
        forEach: 'iocs',
        type: { path: 'kind', map: { ip: 'Address', domain: 'Host', sha256: 'File' } },
        summary: 'value',
        rating: { path: 'severity', map: { high: 5, low: 1 }, default: 3 },
        confidence: 'score',
        firstSeen: { fn: (_, { record }) => (record as { date: string }).date },
        tags: ['tags', { path: 'kind', fn: (k: string) => k.toUpperCase() }, { value: 'ExampleFeed' }],
        attributes: [
          { type: 'Description', value: { fn: (_, { item, record }) => `${(item as { kind: string }).kind} from report ${(record as { id: string }).id}` } },
          // under forEach, paths read the element; the record is the function's
          { type: 'Reference Link', value: { fn: (_, { record }) => (record as { links: string[] }).links } },
        ],
        associatedGroups: { fn: (_, { record }) => (record as { families: Array<{ id: string }> }).families.map((f) => `example:${f.id}`) },
      },
    ],
  });
  const out = mapping.map(
    {
      id: 'r-1',
      date: '2025-03-01 12:00:00',
      links: ['https://example.org/a', 'https://example.org/b'],
      families: [{ id: 'emotet', name: 'Emotet' }],
      iocs: [
        { kind: 'ip', value: '192.0.2.1', severity: 'high', score: 90, tags: ['c2', ' C2 '] },
        { kind: 'domain', value: 'Bad.Example.COM', tags: [] },
        { kind: 'url', value: 'http://x.example/' },
        { kind: 'ip', value: '300.0.0.1' },
      ],
    },
    'report 1',
  );
  const [group, ip, host, ...invalid] = out;
  assert.deepEqual(group, { kind: 'group', type: 'Malware', name: 'Emotet', xid: 'example:emotet', tags: [], attributes: [] } satisfies FeedGroup);
  const address = ip as FeedIndicator;
  assert.equal(address.summary, '192.0.2.1');
  assert.equal(address.rating, 5);
  assert.equal(address.confidence, 90);
  assert.equal(address.firstSeen, '2025-03-01T12:00:00Z');
  assert.deepEqual(address.tags, ['c2', 'IP']);
  assert.deepEqual(address.groupXids, ['example:emotet']);
  assert.deepEqual(address.attributes.map((a) => `${a.type}=${a.value}`), ['Description=ip from report r-1', 'Reference Link=https://example.org/a', 'Reference Link=https://example.org/b']);
  assert.equal((host as FeedIndicator).summary, 'bad.example.com');
  assert.equal((host as FeedIndicator).rating, 3);
  assert.equal((host as FeedIndicator).confidence, 25);
  assert.deepEqual(invalid, [
    { kind: 'invalid', where: 'report 1 [2]', reason: 'indicators[0].type: null is not an indicator type (value "http://x.example/")' },
    { kind: 'invalid', where: 'report 1 [3]', reason: 'indicators[0].summary: Address: "300.0.0.1" is not a valid IPv4 or IPv6 address' },
  ]);
});

test('CSV rows as records, when to leave objects out, and a function refusing a value', async () => {
  const columns = ['first_seen', 'ip', 'port', 'status', 'family'];
  const mapping = defineMapping({
    groupsNeedIndicators: true,
    groups: [{ type: 'Malware', when: 'family', name: 'family', xid: { path: 'family', fn: (f: string) => `feodo:${f.toLowerCase()}` } }],
    indicators: [
      {
        type: 'Address',
        summary: { path: 'ip', fn: (ip: string) => (ip.startsWith('10.') ? reject(`${ip} is a private address`) : ip) },
        active: { path: 'status', map: { online: true, offline: false } },
        attributes: [{ type: 'Description', value: { path: 'port', fn: (p: string) => `C2 on port ${p}` } }],
        associatedGroups: { path: 'family', fn: (f: string) => (f ? `feodo:${f.toLowerCase()}` : undefined) },
      },
    ],
  });
  async function* rows() {
    const lines = ['2024-01-01 00:00:00,192.0.2.9,443,offline,Pikabot', '2024-01-01 00:00:00,10.1.1.1,443,online,QakBot', '2024-01-01 00:00:00,192.0.2.10,8080,online,'];
    for (const [i, line] of lines.entries()) yield { where: `line ${i + 2}`, record: Object.fromEntries(line.split(',').map((v, c) => [columns[c], v])) };
  }
  const out = [];
  for await (const o of mapping.mapAll(rows())) out.push(o);
  assert.deepEqual(out.map((o) => (o.kind === 'invalid' || o.kind === 'skipped' ? `${o.kind} ${o.where}: ${o.reason}` : `${o.type} ${o.kind === 'group' ? o.name : o.summary}`)), [
    'Malware Pikabot',
    'Address 192.0.2.9',
    'invalid line 3: indicators[0].summary: 10.1.1.1 is a private address',
    'Address 192.0.2.10',
  ]);
  assert.equal((out[1] as FeedIndicator).active, false);
  assert.equal((out[3] as FeedIndicator).active, undefined);
  assert.deepEqual((out[3] as FeedIndicator).groupXids, []);
});
