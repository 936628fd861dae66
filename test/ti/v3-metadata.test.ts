// The SDK's v3 metadata collections against the platform: tags (with the ATT&CK catalogue), security labels,
// attribute types, indicator and group attributes. Each family: create, get with each fields= value, list with TQL
// and paging, update by read-modify-write of a GET, delete; OPTIONS answered from the one schema.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../helpers/platform.js';
import { ThreatIntelligence, TiNotFoundError, TiV3Error } from '../../src/ti/index.js';
import type { TcClient } from '../../src/client/index.js';
import { SCHEMAS } from '../../src/model/schema/index.js';
import type { ObjectSchema } from '../../src/model/schema/types.js';
import { readFileSync } from 'node:fs';
import { captureLogger } from '../helpers/platform.js';
import * as examples from '../../examples/ti/v3-metadata.js';

const tp = usePlatform();
let ti: ThreatIntelligence;
let client: TcClient;
let indicatorId: number;
let groupId: number;

/** A raw GET, for what the typed collections do not surface (prev links, OPTIONS bodies). */
async function raw(method: string, path: string): Promise<any> {
  const res = await client.request({ method, path });
  return res.json();
}

describe('TI v3 metadata families', () => {
  before(async () => {
    client = tp.client({ retries: 0 });
    ti = new ThreatIntelligence(client);
    indicatorId = (await ti.v3.indicators.create({ type: 'Host', hostName: 'meta.example.com', tags: { data: [{ name: 'Meta Tagged' }] } })).id;
    groupId = (await ti.v3.groups.create({ type: 'Incident', name: 'meta incident', eventDate: '2024-01-02T00:00:00Z' })).id;
  });

  describe('tags', () => {
    test('create, get with each fields= value, read-modify-write update, delete', async () => {
      const created = await ti.v3.tags.create({ name: 'Case Kept TAG', description: 'first' });
      assert.equal(created.name, 'Case Kept TAG');
      const cases: Array<[string, () => Promise<unknown>, (item: any) => void]> = [
        ['no fields', () => ti.v3.tags.get(created.id), (t) => assert.equal(t.groups, undefined)],
        ['fields=groups', () => ti.v3.tags.get(created.id, { fields: ['groups'] }), (t) => assert.deepEqual(t.groups, { data: [] })],
        ['fields=indicators', () => ti.v3.tags.get(created.id, { fields: ['indicators'] }), (t) => assert.deepEqual(t.indicators, { data: [] })],
        ['fields=victims', () => ti.v3.tags.get(created.id, { fields: ['victims'] }), (t) => assert.deepEqual(t.victims, { data: [] })],
      ];
      for (const [name, get, check] of cases) {
        const item = await get();
        assert.equal((item as { id: number }).id, created.id, name);
        check(item);
      }
      const tagged = (await ti.v3.tags.many({ tql: 'name = "Meta Tagged"', fields: ['indicators'] }).toArray())[0];
      assert.deepEqual(tagged.indicators?.data.map((i) => i.id), [indicatorId]);

      const got = await ti.v3.tags.get(created.id);
      const updated = await ti.v3.tags.update(created.id, { ...got, description: 'second' });
      assert.equal(updated.description, 'second');
      assert.equal(updated.name, 'Case Kept TAG');
      await ti.v3.tags.delete(created.id);
      await assert.rejects(ti.v3.tags.get(created.id), TiNotFoundError);
    });

    test('names are case-preserving and case-insensitive; `owner` picks the owner', async () => {
      const first = await ti.v3.tags.create({ name: 'MiXeD Case' });
      const again = await client.request({ method: 'POST', path: '/v3/tags', body: { name: 'mixed case' } });
      assert.equal(again.status, 200);
      assert.deepEqual([again.json().data.id, again.json().data.name], [first.id, 'MiXeD Case']);
      const elsewhere = await ti.v3.tags.create({ name: 'MiXeD Case', owner: 'Common Community' });
      assert.notEqual(elsewhere.id, first.id);
      const inOrg = await ti.v3.tags.many({ tql: 'name = "mixed case"', owner: 'Example Organization' }).toArray();
      assert.deepEqual(inOrg.map((t) => t.id), [first.id]);
    });

    test('a name over 128 characters is a 400 naming the field', async () => {
      await assert.rejects(ti.v3.tags.create({ name: 'x'.repeat(129) }), (err: TiV3Error) => err.errCode === '0x1001' && /name/.test(err.serverMessage));
    });

    test('ATT&CK technique tags: listed by techniqueId, read-only, kept out of /v2/tags', async () => {
      const ics = await ti.v3.tags.many({ tql: 'techniqueId startswith "T08"', resultLimit: 20 }).toArray();
      assert.ok(ics.length > 50, `ICS techniques listed: ${ics.length}`);
      const firmware = ics.find((t) => t.techniqueId === 'T0800');
      assert.equal(firmware?.name, 'Activate Firmware Update Mode');
      assert.deepEqual(firmware?.tactics, { data: ['inhibit-response-function'] });
      assert.ok(ics.every((t) => String(t.techniqueId).startsWith('T08')));
      const one = await ti.v3.tags.get(firmware!.id);
      assert.equal(one.techniqueId, 'T0800');
      await assert.rejects(ti.v3.tags.update(firmware!.id, { description: 'mine' }), (err: TiV3Error) => /read-only/.test(err.serverMessage));
      await assert.rejects(ti.v3.tags.delete(firmware!.id), TiV3Error);
      const ordinary = await ti.v3.tags.many({ tql: 'techniqueId is null' }).toArray();
      assert.ok(ordinary.some((t) => t.name === 'Meta Tagged') && ordinary.every((t) => t.techniqueId === undefined));
      const v2 = await raw('GET', '/v2/tags?resultLimit=500');
      assert.ok(!v2.data.tag.some((t: { name: string }) => t.name === 'Activate Firmware Update Mode'));
    });

    test('ATT&CK lookups on ti.v3.attackTags: by id, by name, in a text', async () => {
      const cases: Array<[string, () => Promise<string | undefined>, string | undefined]> = [
        ['by id', () => ti.v3.attackTags.byId('t0800'), 'T0800 - Activate Firmware Update Mode'],
        ['unknown id', () => ti.v3.attackTags.byId('T9999'), undefined],
        ['by name, any case', () => ti.v3.attackTags.byName('activate firmware update mode'), 'T0800 - Activate Firmware Update Mode'],
        ['id in a text', () => ti.v3.attackTags.inText('seen doing T0811 twice'), 'T0811 - Data from Information Repositories'],
        ['two ids in a text', () => ti.v3.attackTags.inText('T0800 and T0811'), undefined],
        ['no id in a text', () => ti.v3.attackTags.inText('nothing here'), undefined],
      ];
      for (const [name, run, expected] of cases) assert.equal(await run(), expected, name);
    });

    test('paging: resultStart/resultLimit, next and prev links, count', async () => {
      const total = await ti.v3.tags.count('techniqueId startswith "T08"');
      assert.ok(total > 50);
      const page = await raw('GET', `/v3/tags?tql=${encodeURIComponent('techniqueId startswith "T08"')}&resultStart=5&resultLimit=5`);
      assert.equal(page.data.length, 5);
      assert.match(page.next, /resultStart=10/);
      assert.match(page.prev, /resultStart=0/);
      const all = await ti.v3.tags.many({ tql: 'techniqueId startswith "T08"', resultLimit: 7 }).toArray();
      assert.equal(all.length, total);
    });
  });

  describe('security labels', () => {
    test('create, get, list with TQL, update by read-modify-write, delete', async () => {
      const created = await ti.v3.securityLabels.create({ name: 'Meta Label', description: 'for tests', color: '00FF00' });
      assert.equal(created.owner, 'System');
      assert.equal((await ti.v3.securityLabels.get(created.id)).color, '00FF00');
      const tlp = await ti.v3.securityLabels.many({ tql: 'name startswith "TLP:"', resultLimit: 2 }).toArray();
      assert.ok(tlp.length >= 4 && tlp.every((l) => String(l.name).startsWith('TLP:')));
      const got = await ti.v3.securityLabels.get(created.id);
      const updated = await ti.v3.securityLabels.update(created.id, { ...got, color: 'FF0000' });
      assert.equal(updated.color, 'FF0000');
      assert.equal(updated.dateAdded, got.dateAdded);
      await ti.v3.securityLabels.delete(created.id);
      await assert.rejects(ti.v3.securityLabels.get(created.id), TiNotFoundError);
    });

    test('bad color and duplicate names are 400s naming the field', async () => {
      const cases: Array<[string, Record<string, unknown>, RegExp]> = [
        ['color not hex', { name: 'Bad Color', color: 'red' }, /color/],
        ['duplicate name', { name: 'TLP:RED' }, /already exists/],
        ['unknown field', { name: 'X Label', colour: 'FF0000' }, /colour/],
      ];
      for (const [name, body, message] of cases) {
        await assert.rejects(ti.v3.securityLabels.create(body as never), (err: TiV3Error) => err.status === 400 && message.test(err.serverMessage), name);
      }
    });
  });

  describe('attribute types', () => {
    test('list with TQL and paging, get by id; writes refused', async () => {
      const all = await ti.v3.attributeTypes.many({ resultLimit: 5 }).toArray();
      assert.ok(all.some((t) => t.name === 'Description'));
      const short = await ti.v3.attributeTypes.many({ tql: 'maxsize <= 500' }).toArray();
      assert.ok(short.length > 0 && short.every((t) => (t.maxSize ?? 0) <= 500));
      const description = all.find((t) => t.name === 'Description')!;
      assert.equal((await ti.v3.attributeTypes.get(description.id)).allowMarkdown, true);
      const res = await client.request({ method: 'POST', path: '/v3/attributeTypes', body: { name: 'Mine' }, allowErrorStatus: true });
      assert.equal(res.status, 405);
    });
  });

  const attributeFamilies = [
    { name: 'indicator attributes', coll: () => ti.v3.indicatorAttributes, parent: () => ({ indicatorId }), parentField: 'indicator' as const },
    { name: 'group attributes', coll: () => ti.v3.groupAttributes, parent: () => ({ groupId }), parentField: 'group' as const },
  ];
  for (const fam of attributeFamilies) {
    describe(fam.name, () => {
      test('create, get with each fields= value, list with TQL, update by read-modify-write, delete', async () => {
        const coll = fam.coll() as typeof ti.v3.indicatorAttributes;
        const created = await coll.create({ ...(fam.parent() as { indicatorId: number }), type: 'Description', value: 'first words', default: true, securityLabels: { data: [{ name: 'TLP:AMBER' }] } });
        assert.equal(created.value, 'first words');
        const withLabels = await coll.get(created.id, { fields: ['securityLabels'] });
        assert.deepEqual(withLabels.securityLabels?.data.map((l) => l.name), ['TLP:AMBER']);
        const withParent = await coll.get(created.id, { fields: [fam.parentField as 'indicator'] });
        assert.equal((withParent as Record<string, any>)[fam.parentField].id, Object.values(fam.parent())[0]);
        const listed = await coll.many({ tql: 'typeName = "Description" and text contains "first"', resultLimit: 1 }).toArray();
        assert.deepEqual(listed.map((a) => a.id), [created.id]);
        const got = await coll.get(created.id);
        const updated = await coll.update(created.id, { ...got, value: 'second words' });
        assert.equal(updated.value, 'second words');
        assert.equal(updated.type, 'Description');
        await coll.delete(created.id);
        await assert.rejects(coll.get(created.id), TiNotFoundError);
      });

      test('an unknown attribute type is a 400 naming it', async () => {
        const coll = fam.coll() as typeof ti.v3.indicatorAttributes;
        await assert.rejects(coll.create({ ...(fam.parent() as { indicatorId: number }), type: 'No Such Type', value: 'v' }), (err: TiV3Error) => err.status === 400 && /No Such Type/.test(err.serverMessage));
      });
    });
  }

  test('OPTIONS /fields and /tql come from the one schema', async () => {
    const metaObjects = [SCHEMAS.Tag, SCHEMAS.SecurityLabel, SCHEMAS.AttributeType, SCHEMAS.IndicatorAttribute, SCHEMAS.GroupAttribute] as ObjectSchema[];
    for (const schema of metaObjects) {
      const fields = await raw('OPTIONS', `/v3/${schema.path}/fields`);
      assert.deepEqual(fields.data.map((f: { name: string }) => f.name), schema.fields.filter((f) => f.optIn).map((f) => f.name), schema.name);
      const tql = await raw('OPTIONS', `/v3/${schema.path}/tql`);
      const known = new Set(schema.tql.map((k) => k.keyword));
      assert.ok(tql.data.length > 3 && tql.data.every((k: { keyword: string }) => known.has(k.keyword)), schema.name);
    }
    const writable = await raw('OPTIONS', '/v3/tags');
    assert.ok('name' in writable.data && !('techniqueId' in writable.data), 'read-only fields only with show=readOnly');
    const all = await raw('OPTIONS', '/v3/tags?show=readOnly');
    assert.equal(all.data.techniqueId.readOnly, true);
    assert.equal(all.data.name.maxLength, 128);
    const tags = await raw('OPTIONS', '/v3/tags/tql');
    assert.ok(tags.data.some((k: { keyword: string; type: string }) => k.keyword === 'techniqueId' && k.type === 'String'));
  });

  describe('docs/ti.md examples', () => {
    test('every region of examples/ti/v3-metadata.ts is shown verbatim in docs/ti.md', () => {
      const doc = readFileSync('docs/ti.md', 'utf8');
      const file = readFileSync('examples/ti/v3-metadata.ts', 'utf8');
      const regions = [...file.matchAll(/\/\/ #region ([\w-]+)\n([\s\S]*?)\/\/ #endregion/g)];
      assert.equal(regions.length, 4);
      for (const [, name, code] of regions) {
        assert.ok(doc.includes(`<!-- example: examples/ti/v3-metadata.ts#${name} -->\n\n\`\`\`ts\n${code.replace(/\n+$/, '')}\n\`\`\``), name);
      }
    });

    const log = captureLogger();
    const cases: Array<[string, () => Promise<void>]> = [
      ['v3-tags', async () => {
        const techniques = await examples.v3Tags(ti, log.logger);
        assert.ok(techniques.includes('T0811 - Data from Information Repositories'), techniques.join('\n'));
        assert.ok(log.lines.includes('debug tag Ransomware Ops on 0 group(s)'));
        assert.equal((await ti.v3.tags.many({ tql: 'name startswith "Ransomware"' }).toArray()).length, 0);
      }],
      ['v3-security-labels', async () => {
        await examples.v3SecurityLabels(ti, log.logger);
        assert.ok(log.lines.includes('debug label TLP:AMBER color=FFC000'), log.lines.join('\n'));
        await assert.rejects(ti.v3.securityLabels.get('Partner Only'), TiNotFoundError);
      }],
      ['v3-attribute-types', async () => {
        const limits = await examples.v3AttributeTypes(ti);
        assert.equal(limits.get('External ID'), 500);
        assert.ok(!limits.has('Description'));
      }],
      ['v3-attributes', async () => {
        assert.equal(await examples.v3Attributes(ti, indicatorId), 'Seen in the March phishing wave (confirmed)');
        assert.equal((await ti.v3.indicatorAttributes.many({ tql: `indicatorId = ${indicatorId}` }).toArray()).length, 0);
      }],
    ];
    for (const [name, run] of cases) test(`example ${name}`, run);
  });
});
