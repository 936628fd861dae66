import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERATED_DIRS, HEADER, generate, staleFiles } from '../../scripts/generate.js';
import { GROUP_TYPES, INDICATOR_TYPES, groupType } from '../../src/model/index.js';
import { SCHEMAS, allSchemas, fieldsOptions, schemaByPath, tqlOptions, writableNames, type TqlType } from '../../src/model/schema/index.js';

import { ThreatIntelligence, type V3Collection } from '../../src/ti/index.js';
import type * as G from '../../src/ti/v3/generated/index.js';

const ROOT = join(import.meta.dirname, '..', '..');

test('the checked-in generated files are what the schema gives (run `npm run generate` when this fails)', () => {
  assert.deepEqual(staleFiles(), [], 'stale generated files');
  for (const [path, content] of generate()) {
    assert.ok(content.startsWith(HEADER), `${path} starts with the generated-by line`);
    assert.equal(content, generate().get(path), `${path} is generated the same way twice`);
  }
});

test('an edited, missing or extra generated file is reported by its path', () => {
  const root = mkdtempSync(join(tmpdir(), 'tcex-generated-'));
  try {
    for (const dir of GENERATED_DIRS) cpSync(join(ROOT, dir), join(root, dir), { recursive: true });
    const edited = 'src/batch/generated/groups.ts';
    writeFileSync(join(root, edited), readFileSync(join(root, edited), 'utf8').replace('declare eventType', 'declare eventKind'));
    rmSync(join(root, 'src/ti/generated/groups.ts'));
    writeFileSync(join(root, 'src/ti/v3/generated/left-over.ts'), `${HEADER}\n`);
    assert.deepEqual(staleFiles(root), ['src/batch/generated/groups.ts', 'src/ti/generated/groups.ts', 'src/ti/v3/generated/left-over.ts']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

const TQL_TYPES = new Set<TqlType>(['String', 'StringLower', 'Integer', 'BigInteger', 'BigDecimal', 'Boolean', 'Date', 'Enum', 'Assoc']);

for (const schema of allSchemas()) {
  test(`schema ${schema.name} is well formed`, () => {
    const names = schema.fields.map((f) => f.name);
    assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), [], 'duplicate field names');
    const keywords = schema.tql.map((k) => k.keyword);
    assert.deepEqual(keywords.filter((n, i) => keywords.indexOf(n) !== i), [], 'duplicate TQL keywords');
    const subTypes = new Set((schema.subTypes ?? []).map((t) => t.name));
    for (const f of schema.fields) {
      assert.ok(f.description.trim(), `${f.name} has a description`);
      const named = [...(f.appliesTo ?? []), ...(f.readOnlyFor ?? []), ...(f.optionalInBatchFor ?? []), ...Object.keys(f.valuesFor ?? {})];
      for (const t of named) assert.ok(subTypes.has(t), `${schema.name}.${f.name} names ${JSON.stringify(t)}, which is not one of its types`);
      if (f.readOnlyFor) assert.ok(f.readOnlyFor.every((t) => f.appliesTo?.includes(t) ?? true), `${f.name}: readOnlyFor within appliesTo`);
      if (f.readOnly) assert.ok(!f.required && !f.createOnly, `${f.name}: a read-only field is neither required nor create-only`);
      if (typeof f.kind === 'object') {
        const target = 'collection' in f.kind ? f.kind.collection : f.kind.object;
        assert.match(target, /^[A-Z]/, `${f.name} points at an object type`);
      }
    }
    for (const k of schema.tql) {
      assert.ok(TQL_TYPES.has(k.type), `TQL keyword ${k.keyword} has a type (got ${JSON.stringify(k.type)})`);
      assert.ok(k.name && k.description, `TQL keyword ${k.keyword} has a name and a description`);
      assert.equal(k.type === 'Assoc', k.nested !== undefined, `TQL keyword ${k.keyword}: nested exactly when it is a has...() keyword`);
    }
    assert.equal(SCHEMAS[schema.name], schema);
    assert.equal(schemaByPath(`/v3/${schema.path}`), schema);
  });
}

test('the type catalogues take their fields from the schema', () => {
  assert.deepEqual(
    GROUP_TYPES.map((t) => t.name),
    (SCHEMAS.Group?.subTypes ?? []).filter((t) => !t.v2Apart).map((t) => t.name),
  );
  assert.deepEqual(groupType('Event')?.nowIfMissing, ['eventDate']);
  assert.deepEqual(groupType('Report')?.optionalInBatch, ['fileName']);
  assert.deepEqual(groupType('Signature')?.required, ['fileName', 'fileType', 'fileText']);
  assert.ok(groupType('Event')?.statuses?.includes('Needs Review'));
  assert.equal(groupType('Document')?.statuses, undefined, 'a Document’s status is the platform’s, not written');
  assert.deepEqual(INDICATOR_TYPES.find((t) => t.name === 'File')?.fields, ['md5', 'sha1', 'sha256']);
  assert.deepEqual(INDICATOR_TYPES.find((t) => t.name === 'Registry Key')?.fields, ['Key Name', 'Value Name', 'Value Type']);
  assert.deepEqual(INDICATOR_TYPES.find((t) => t.name === 'Host')?.extras, ['dnsActive', 'whoisActive']);
});

test('OPTIONS answers and writable names come from the schema', () => {
  const indicator = SCHEMAS.Indicator as NonNullable<typeof SCHEMAS.Indicator>;
  const values = fieldsOptions(indicator).map((f) => f.name);
  for (const v of ['observations', 'falsePositives', 'fileActions', 'fileOccurrences', 'genericCustomIndicatorValues', 'associatedVictimAssets', 'enrichment', 'threatAssess', 'tags']) {
    assert.ok(values.includes(v), `fields=${v} is offered`);
  }
  assert.ok(!values.includes('threatAssessScore'), 'threatAssess* fields come with fields=threatAssess');
  assert.deepEqual(tqlOptions(indicator).find((k) => k.keyword === 'summary'), { keyword: 'summary', name: 'Summary', type: 'StringLower', description: 'The indicator’s summary.' });
  const group = SCHEMAS.Group as NonNullable<typeof SCHEMAS.Group>;
  assert.ok(writableNames(group, 'Event', false).includes('eventType'));
  assert.ok(!writableNames(group, 'Document', false).includes('status'), 'a Document’s status is read-only');
  assert.ok(!writableNames(indicator, 'Host', false).includes('hostName'), 'value fields are create-only');
  assert.ok(writableNames(indicator, 'Host', true).includes('hostName'));
});

// every v3 collection of the SDK is typed with the generated types of its object (no second, hand-written set)
type Params<C> = C extends V3Collection<infer I, infer M, infer Cr, infer U> ? [I, M, Cr, U] : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// a subclass (V3Indicators) does not give its field map back to `infer` (it appears only in method constraints): item
// and inputs are checked here, the field map is the one its `extends V3Collection<...>` clause names
type ItemAndInputs<C> = C extends V3Collection<infer I, unknown, infer Cr, infer U> ? [I, Cr, U] : never;
type V3 = ThreatIntelligence['v3'];
const typedFromSchema: Record<string, true> = {
  indicators: true satisfies Same<ItemAndInputs<V3['indicators']>, [G.V3IndicatorItem, G.V3IndicatorCreateInput, G.V3IndicatorUpdateInput]>,
  groups: true satisfies Same<ItemAndInputs<V3['groups']>, [G.V3GroupItem, G.V3GroupCreateInput, G.V3GroupUpdateInput]>,
  tags: true satisfies Same<Params<V3['tags']>, [G.V3TagItem, G.V3TagFieldMap, G.V3TagCreateInput, G.V3TagUpdateInput]>,
  securityLabels: true satisfies Same<Params<V3['securityLabels']>, [G.V3SecurityLabelItem, G.V3SecurityLabelFieldMap, G.V3SecurityLabelCreateInput, G.V3SecurityLabelUpdateInput]>,
  attributeTypes: true satisfies Same<Params<V3['attributeTypes']>, [G.V3AttributeTypeItem, G.V3AttributeTypeFieldMap, never, never]>,
  indicatorAttributes: true satisfies Same<
    Params<V3['indicatorAttributes']>,
    [G.V3IndicatorAttributeItem, G.V3IndicatorAttributeFieldMap, G.V3IndicatorAttributeCreateInput, G.V3IndicatorAttributeUpdateInput]
  >,
  groupAttributes: true satisfies Same<Params<V3['groupAttributes']>, [G.V3GroupAttributeItem, G.V3GroupAttributeFieldMap, G.V3GroupAttributeCreateInput, G.V3GroupAttributeUpdateInput]>,
  victims: true satisfies Same<Params<V3['victims']>, [G.V3VictimItem, G.V3VictimFieldMap, G.V3VictimCreateInput, G.V3VictimUpdateInput]>,
  victimAssets: true satisfies Same<Params<V3['victimAssets']>, [G.V3VictimAssetItem, G.V3VictimAssetFieldMap, G.V3VictimAssetCreateInput, G.V3VictimAssetUpdateInput]>,
  victimAttributes: true satisfies Same<
    Params<V3['victimAttributes']>,
    [G.V3VictimAttributeItem, G.V3VictimAttributeFieldMap, G.V3VictimAttributeCreateInput, G.V3VictimAttributeUpdateInput]
  >,
  owners: true satisfies Same<Params<V3['owners']>, [G.V3OwnerItem, G.V3OwnerFieldMap, never, never]>,
  users: true satisfies Same<Params<V3['users']>, [G.V3UserItem, G.V3UserFieldMap, never, never]>,
  userGroups: true satisfies Same<Params<V3['userGroups']>, [G.V3UserGroupItem, G.V3UserGroupFieldMap, never, never]>,
  ownerRoles: true satisfies Same<Params<V3['ownerRoles']>, [G.V3OwnerRoleItem, G.V3OwnerRoleFieldMap, never, never]>,
  systemRoles: true satisfies Same<Params<V3['systemRoles']>, [G.V3SystemRoleItem, G.V3SystemRoleFieldMap, never, never]>,
  exclusionLists: true satisfies Same<Params<V3['exclusionLists']>, [G.V3ExclusionListItem, G.V3ExclusionListFieldMap, G.V3ExclusionListCreateInput, G.V3ExclusionListUpdateInput]>,
};

test('every v3 collection on ti.v3 is typed with its generated item, field map and inputs', () => {
  // the types are checked by the compiler above; here: every collection is listed, and every object has a field map
  const ti = new ThreatIntelligence({} as ConstructorParameters<typeof ThreatIntelligence>[0]);
  assert.deepEqual(Object.keys(typedFromSchema).sort(), Object.keys(ti.v3).filter((k) => k !== 'attackTags').sort());
  const v3Files = [...generate().entries()].filter(([path]) => path.startsWith('src/ti/v3/generated/'));
  for (const schema of allSchemas()) {
    const file = v3Files.find(([, content]) => content.includes(`export type V3${schema.name}Item = {`));
    assert.match(file?.[1] ?? '', new RegExp(`export (interface|type) V3${schema.name}FieldMap\\b`), schema.name);
  }
});
