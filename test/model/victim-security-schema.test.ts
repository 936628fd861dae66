// The schema entries of the victim family and the security objects: well formed, and consistent with the facts the
// platform and the SDK rely on (read-only objects have only read-only fields, asset value fields exist).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCHEMAS as REGISTRY } from '../../src/model/schema/index.js';
import { VICTIM_ASSET, VICTIM_ASSET_TYPE_FIELDS } from '../../src/model/schema/victim-asset.js';
import { OWNER, OWNER_PERMISSIONS } from '../../src/model/schema/owner.js';
import { USER } from '../../src/model/schema/user.js';
import type { FieldSpec, ObjectName, ObjectSchema } from '../../src/model/schema/types.js';

const NAMES: ObjectName[] = ['Victim', 'VictimAsset', 'VictimAttribute', 'Owner', 'User', 'UserGroup', 'OwnerRole', 'SystemRole', 'ExclusionList'];
const SCHEMAS: ObjectSchema[] = NAMES.map((n) => REGISTRY[n] as ObjectSchema);

const cases: Array<[string, (s: ObjectSchema) => void]> = [
  ['field names are unique', (s) => assert.equal(new Set(s.fields.map((f) => f.name)).size, s.fields.length)],
  ['TQL keywords are unique', (s) => assert.equal(new Set(s.tql.map((k) => k.keyword)).size, s.tql.length)],
  ['every object has id, read-only', (s) => assert.equal(s.fields.find((f) => f.name === 'id')?.readOnly, true)],
  ['nested has*() keywords name an object, and only they do', (s) => s.tql.forEach((k) => assert.equal(k.type === 'Assoc', k.nested !== undefined, k.keyword))],
  [
    'an object served read-only has only read-only fields',
    (s) => {
      if (s.methods.join() === 'GET') assert.deepEqual(s.fields.filter((f) => !f.readOnly).map((f) => f.name), []);
    },
  ],
  ['required fields are writable', (s) => assert.deepEqual(s.fields.filter((f) => f.required && f.readOnly).map((f) => f.name), [])],
];

for (const [name, check] of cases) {
  test(name, () => {
    for (const s of SCHEMAS) check(s);
  });
}

test('the victim asset sub-types are the asset types the value-field table lists', () => {
  assert.deepEqual(VICTIM_ASSET.subTypes.map((t) => t.name), Object.keys(VICTIM_ASSET_TYPE_FIELDS));
});

test('every victim asset value field is a field that applies to its type', () => {
  for (const [type, names] of Object.entries(VICTIM_ASSET_TYPE_FIELDS)) {
    for (const name of names) {
      const field = (VICTIM_ASSET.fields as readonly FieldSpec[]).find((f) => f.name === name);
      assert.ok(field?.appliesTo?.includes(type), `${type}.${name}`);
    }
  }
});

test('the owner object carries every permission field, and no user field could hold a secret', () => {
  for (const p of OWNER_PERMISSIONS) assert.ok(OWNER.fields.some((f) => f.name === p), p);
  assert.deepEqual(USER.fields.filter((f) => /secret|password|key|token/i.test(f.name)).map((f) => f.name), []);
});
