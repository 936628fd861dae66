// v3 indicators and groups through the SDK against the real platform: every fields= value, round trips of a GET,
// nested association modes, deleted indicators, group files and OPTIONS. Tables of named cases.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../helpers/platform.js';
import { ThreatIntelligence, TiNotFoundError, TiV3Error } from '../../src/ti/index.js';
import { groupSchema, indicatorSchema, optInValues } from '../../src/model/schema/index.js';
import type { TcClient } from '../../src/client/index.js';

const tp = usePlatform();
let ti: ThreatIntelligence;
let tc: TcClient;
const ids: Record<string, number> = {};

const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';
const SHA1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';

/** An item without what a write changes by itself (lastModified), for before/after comparisons. */
const stable = (item: Record<string, unknown>) => {
  const { lastModified: _l, ...rest } = item;
  return rest;
};

describe('TI v3 indicators and groups', () => {
before(async () => {
  tc = tp.client({ retries: 0 });
  ti = new ThreatIntelligence(tc);
  const host = await ti.v3.indicators.create({
    type: 'Host',
    hostName: 'items.example.com',
    rating: 3,
    confidence: 60,
    tags: { data: [{ name: 'Items' }] },
    attributes: { data: [{ type: 'Description', value: 'a host', default: true }] },
    securityLabels: { data: [{ name: 'TLP:AMBER' }] },
  });
  ids.host = host.id;
  ids.file = (await ti.v3.indicators.create({ type: 'File', md5: MD5, sha1: SHA1, fileOccurrences: { data: [{ fileName: 'a.exe', path: 'C:\\t' }] } })).id;
  ids.address = (await ti.v3.indicators.create({ type: 'Address', ip: '192.0.2.7' })).id;
  ids.asn = (await ti.v3.indicators.create({ type: 'ASN', 'AS Number': 'ASN64512' })).id;
  ids.incident = (await ti.v3.groups.create({ type: 'Incident', name: 'Items incident', eventDate: '2024-01-02T00:00:00Z', status: 'Open', associatedIndicators: { data: [{ id: host.id }] } })).id;
  ids.document = (await ti.v3.groups.create({ type: 'Document', name: 'Items doc', fileName: 'notes.txt' })).id;
  ids.adversary = (await ti.v3.groups.create({ type: 'Adversary', name: 'Items adversary', tags: { data: [{ name: 'Items' }] } })).id;
});

describe('fields=: every value the schema offers answers, with what it adds', () => {
  // value → [indicator to ask about, a key the answer must carry (undefined: nothing for this type)]
  const expected: Record<string, [string, string | undefined]> = {
    associatedGroups: ['host', 'associatedGroups'],
    associatedIndicators: ['host', 'associatedIndicators'],
    associatedVictimAssets: ['host', 'associatedVictimAssets'],
    attributes: ['host', 'attributes'],
    customAssociations: ['host', 'customAssociations'],
    dnsResolution: ['host', 'dnsResolution'],
    enrichment: ['host', 'enrichment'],
    falsePositives: ['host', 'falsePositiveReportedByUser'],
    fileActions: ['file', 'fileActions'],
    fileOccurrences: ['file', 'fileOccurrences'],
    genericCustomIndicatorValues: ['asn', 'genericCustomIndicatorValues'],
    geoLocation: ['address', undefined],
    investigationLinks: ['host', undefined],
    observations: ['host', 'observations'],
    securityLabels: ['host', 'securityLabels'],
    tags: ['host', 'tags'],
    threatAssess: ['host', 'threatAssessScore'],
    trackedUsers: ['host', undefined],
    whoisInfo: ['host', undefined],
  };

  test('the table covers every indicator fields= value of the schema', () => {
    assert.deepEqual(Object.keys(expected).sort(), optInValues(indicatorSchema));
  });

  for (const [value, [which, key]] of Object.entries(expected)) {
    test(`indicators: fields=${value}`, async () => {
      const item = (await ti.v3.indicators.get(ids[which], { fields: [value as never] })) as Record<string, unknown>;
      assert.equal(item.id, ids[which]);
      if (key) assert.ok(key in item, `${key} missing in ${JSON.stringify(item)}`);
    });
  }

  test('what the values carry: counts, lists, custom values', async () => {
    const host = await ti.v3.indicators.get(ids.host, { fields: ['observations', 'falsePositives', 'threatAssess', 'tags', 'attributes', 'associatedGroups'] });
    assert.equal(host.observations, 0);
    assert.equal(host.falsePositives, 0);
    assert.equal(host.falsePositiveReportedByUser, false);
    assert.equal(host.threatAssessRating, 3);
    assert.deepEqual(host.tags.data.map((t) => t.name), ['Items']);
    assert.equal(host.attributes.data[0].value, 'a host');
    assert.deepEqual(host.associatedGroups.data.map((g) => g.name), ['Items incident']);
    const file = await ti.v3.indicators.get(ids.file, { fields: ['fileOccurrences', 'fileActions'] });
    assert.equal(file.fileOccurrences?.count, 1);
    assert.equal(file.fileOccurrences?.data[0].fileName, 'a.exe');
    assert.deepEqual(file.fileActions, { data: [] });
    const asn = await ti.v3.indicators.get(ids.asn, { fields: ['genericCustomIndicatorValues', 'enrichment'] });
    assert.deepEqual(asn.genericCustomIndicatorValues, [{ label: 'AS Number', value: 'ASN64512' }]);
    assert.deepEqual(asn.enrichment, { data: [] });
  });

  for (const value of optInValues(groupSchema)) {
    test(`groups: fields=${value}`, async () => {
      const item = (await ti.v3.groups.get(ids.incident, { fields: [value as never] })) as Record<string, unknown>;
      assert.equal(item.id, ids.incident);
      if (value !== 'assignments') assert.ok(value in item, `${value} missing`);
    });
  }

  test('an unknown value is a 400 naming it', async () => {
    await assert.rejects(ti.v3.indicators.get(ids.host, { fields: ['colour' as never] }), (e: Error) => e instanceof TiV3Error && /Invalid fields: colour/.test(e.serverMessage));
  });
});

describe('update by round trip: a GET with every field, written back as it is, succeeds and changes nothing', () => {
  const cases: Array<{ name: string; kind: 'indicators' | 'groups'; key: string }> = [
    { name: 'Host with tags, attribute, label, association and counts', kind: 'indicators', key: 'host' },
    { name: 'File with occurrences and actions', kind: 'indicators', key: 'file' },
    { name: 'custom type (ASN)', kind: 'indicators', key: 'asn' },
    { name: 'Incident with its association', kind: 'groups', key: 'incident' },
    { name: 'Document (read-only file fields)', kind: 'groups', key: 'document' },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const collection = ti.v3[c.kind] as typeof ti.v3.indicators;
      const fields = optInValues(c.kind === 'indicators' ? indicatorSchema : groupSchema) as never[];
      const before = await collection.get(ids[c.key], { fields });
      await collection.update(ids[c.key], before);
      const after = await collection.get(ids[c.key], { fields });
      assert.deepEqual(stable(after), stable(before));
    });
  }

  test('read-modify-write changes what was changed only', async () => {
    const host = await ti.v3.indicators.get(ids.host, { fields: ['tags', 'observations'] });
    host.rating = 5;
    host.tags.data.push({ name: 'Edited' });
    const written = await ti.v3.indicators.update(host.id, host);
    assert.equal(written.rating, 5);
    const again = await ti.v3.indicators.get(host.id, { fields: ['tags', 'observations'] });
    assert.deepEqual(again.tags.data.map((t) => t.name).sort(), ['Edited', 'Items']);
    assert.equal(again.observations, 0);
  });

  test('the external dates are writable in v3, as in v2', async () => {
    const dates = { externalDateAdded: '2024-02-01T00:00:00Z', externalDateExpires: '2025-02-01T00:00:00Z', externalLastModified: '2024-03-01T00:00:00Z' };
    const item = await ti.v3.indicators.update(ids.address, dates);
    assert.deepEqual({ a: item.externalDateAdded, e: item.externalDateExpires, m: item.externalLastModified }, { a: dates.externalDateAdded, e: dates.externalDateExpires, m: dates.externalLastModified });
  });

  test("a File's legacy link is the same in v2 (webLink) and v3 (legacyLink)", async () => {
    const v3 = await ti.v3.indicators.get(ids.file);
    const v2 = await tc.v2<{ file: { webLink: string } }>('GET', `/v2/indicators/files/${MD5}`);
    assert.equal(v3.legacyLink, v2.file.webLink);
    assert.match(String(v3.legacyLink), new RegExp(`file=${MD5}&`, 'i'));
  });

  test('a key the object does not have is a 400 naming it', async () => {
    // the generated update type refuses the key at compile time; the server must refuse it too
    // @ts-expect-error colour is not a field of indicators
    await assert.rejects(ti.v3.indicators.update(ids.host, { colour: 'red' }), (e: Error) => e instanceof TiV3Error && e.status === 400 && /colour/.test(e.serverMessage));
  });
});

describe('nested associations and metadata: append, replace, delete', () => {
  const names = async (id: number, field: 'associatedGroups' | 'associatedIndicators') => {
    const g = await ti.v3.groups.get(id, { fields: ['associatedGroups', 'associatedIndicators'] });
    return field === 'associatedGroups' ? g.associatedGroups.data.map((x) => x.name).sort() : g.associatedIndicators.data.map((x) => x.summary).sort();
  };

  const cases: Array<{ name: string; body: Record<string, unknown>; field: 'associatedGroups' | 'associatedIndicators'; expect: string[] }> = [
    { name: 'append groups by name and type: missing ones are created', field: 'associatedGroups', body: { associatedGroups: { data: [{ name: 'New campaign', type: 'Campaign', firstSeen: '2024-01-01' }, { name: 'Items adversary', type: 'Adversary' }] } }, expect: ['Items adversary', 'New campaign'] },
    { name: 'append a group by id (already linked: no change)', field: 'associatedGroups', body: { associatedGroups: { data: [{ id: 0 }], mode: 'append' } }, expect: ['Items adversary', 'New campaign'] },
    { name: 'delete a group by name and type', field: 'associatedGroups', body: { associatedGroups: { data: [{ name: 'New campaign', type: 'Campaign' }], mode: 'delete' } }, expect: ['Items adversary'] },
    { name: 'append indicators by value and type, and by summary: created when missing', field: 'associatedIndicators', body: { associatedIndicators: { data: [{ type: 'Host', hostName: 'new.example.com' }, { type: 'Address', summary: '198.51.100.1' }] } }, expect: ['198.51.100.1', 'items.example.com', 'new.example.com'] },
    { name: 'replace indicators: only the listed stay', field: 'associatedIndicators', body: { associatedIndicators: { data: [{ type: 'Host', hostName: 'items.example.com' }], mode: 'replace' } }, expect: ['items.example.com'] },
    { name: 'delete an indicator by id', field: 'associatedIndicators', body: { associatedIndicators: { data: [{ id: -1 }], mode: 'delete' } }, expect: [] },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      // ids known only at run time: 0 = the adversary, -1 = the host
      const body = JSON.parse(JSON.stringify(c.body).replace('"id":0', `"id":${ids.adversary}`).replace('"id":-1', `"id":${ids.host}`));
      await ti.v3.groups.update(ids.incident, body);
      assert.deepEqual(await names(ids.incident, c.field), c.expect);
    });
  }

  test('deleting an association to something that does not exist is a 400 naming it', async () => {
    await assert.rejects(
      ti.v3.groups.update(ids.incident, { associatedGroups: { data: [{ name: 'Nobody', type: 'Campaign' }], mode: 'delete' } }),
      (e: Error) => e instanceof TiV3Error && /associatedGroups\.data\[0\]: no Campaign named "Nobody"/.test(e.serverMessage),
    );
  });

  const meta: Array<{ name: string; body: Record<string, unknown>; read: (i: any) => unknown; expect: unknown }> = [
    { name: 'tags replace', body: { tags: { data: [{ name: 'Only' }], mode: 'replace' } }, read: (i) => i.tags.data.map((t: any) => t.name), expect: ['Only'] },
    { name: 'tags delete', body: { tags: { data: [{ name: 'Only' }], mode: 'delete' } }, read: (i) => i.tags.data.length, expect: 0 },
    { name: 'labels append', body: { securityLabels: { data: [{ name: 'TLP:RED' }] } }, read: (i) => i.securityLabels.data.map((l: any) => l.name).sort(), expect: ['TLP:AMBER', 'TLP:RED'] },
    { name: 'labels delete', body: { securityLabels: { data: [{ name: 'TLP:RED' }], mode: 'delete' } }, read: (i) => i.securityLabels.data.map((l: any) => l.name), expect: ['TLP:AMBER'] },
    { name: 'attributes append', body: { attributes: { data: [{ type: 'Source', value: 'unit test' }] } }, read: (i) => i.attributes.data.length, expect: 2 },
    { name: 'attributes replace keeps the listed one', body: { attributes: { data: [{ type: 'Source', value: 'only this' }], mode: 'replace' } }, read: (i) => i.attributes.data.map((a: any) => a.value), expect: ['only this'] },
  ];
  for (const c of meta) {
    test(`indicator ${c.name}`, async () => {
      await ti.v3.indicators.update(ids.host, c.body);
      const item = await ti.v3.indicators.get(ids.host, { fields: ['tags', 'securityLabels', 'attributes'] });
      assert.deepEqual(c.read(item), c.expect);
    });
  }

  test('observations add, falsePositiveFlag reports', async () => {
    await ti.v3.indicators.update(ids.address, { observations: 2, falsePositiveFlag: true });
    const item = await ti.v3.indicators.get(ids.address, { fields: ['observations', 'falsePositives'] });
    assert.deepEqual([item.observations, item.falsePositives, item.falsePositiveReportedByUser], [2, 1, true]);
  });
});

describe('deleted indicators, group files, addressing', () => {
  test('deleted(): what was deleted, since when', async () => {
    const gone = await ti.v3.indicators.create({ type: 'Host', hostName: 'gone.example.com' });
    const since = new Date(Date.now() - 60_000);
    await ti.v3.indicators.delete(gone.id);
    const deleted = await ti.v3.indicators.deleted({ deletedSince: since }).toArray();
    assert.deepEqual(deleted.map((d) => [d.id, d.type, d.summary]), [[gone.id, 'Host', 'gone.example.com']]);
    assert.equal((await ti.v3.indicators.deleted({ deletedSince: '2999-01-01T00:00:00Z' }).toArray()).length, 0);
  });

  test('pdf(): a PDF describing the group', async () => {
    const pdf = await ti.v3.groups.pdf(ids.adversary);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(pdf.subarray(-8).toString('latin1'), /%%EOF/);
  });

  test('upload() then download() returns the bytes; a second upload replaces them', async () => {
    await ti.v3.groups.upload(ids.document, Buffer.from('first'));
    await ti.v3.groups.upload(ids.document, 'second version');
    assert.equal((await ti.v3.groups.download(ids.document)).toString(), 'second version');
    const doc = await ti.v3.groups.get(ids.document);
    assert.equal(doc.fileSize, 'second version'.length);
  });

  test('files only for Documents and Reports; a missing group is a 404', async () => {
    await assert.rejects(ti.v3.groups.download(ids.adversary), (e: Error) => e instanceof TiV3Error && e.status === 400 && /only a Document or a Report/.test(e.serverMessage));
    await assert.rejects(ti.v3.groups.pdf(987654), TiNotFoundError);
  });

  test('groups by xid need owner=; indicators by summary', async () => {
    const g = await ti.v3.groups.create({ type: 'Adversary', name: 'By xid', xid: 'items-xid-1' });
    assert.equal((await ti.v3.groups.get('items-xid-1', { owner: 'Example Organization' })).id, g.id);
    await assert.rejects(tc.request({ method: 'GET', path: '/v3/groups/items-xid-1', retries: 0 }), /needs the owner= parameter/);
    assert.equal((await ti.v3.indicators.get('items.example.com')).id, ids.host);
  });
});

describe('OPTIONS from the schema', () => {
  test('body fields, with and without read-only ones', async () => {
    const writable = (await ti.v3.indicators.describe()).map((f) => f.name);
    const all = (await ti.v3.indicators.describe('body', { readOnly: true })).map((f) => f.name);
    assert.ok(writable.includes('rating') && !writable.includes('summary'));
    assert.ok(all.includes('summary') && all.includes('webLink'));
    assert.equal(all.length, indicatorSchema.fields.length);
  });

  test('fields= values and TQL keywords under their real names', async () => {
    assert.deepEqual((await ti.v3.indicators.describe('fields')).map((f) => f.name).sort(), optInValues(indicatorSchema));
    const keywords = (await ti.v3.indicators.describe('tql')).map((k) => k.keyword as string);
    const real = new Set<string>(indicatorSchema.tql.map((k) => k.keyword));
    assert.ok(keywords.includes('summary') && keywords.includes('typeName'));
    assert.deepEqual(keywords.filter((k) => !real.has(k)), []); // only real keyword names, never the platform's own
    assert.ok((await ti.v3.groups.describe('tql')).some((k) => k.keyword === 'typeName'));
  });
});
});
