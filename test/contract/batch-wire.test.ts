// The batch job settings are written once (src/contract/batch-wire.ts): what the SDK sends, the engine accepts as sent.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ATTRIBUTE_WRITE_TYPES,
  BATCH_ACTIONS,
  FILE_MERGE_MODES,
  HASH_COLLISION_MODES,
  LIST_WRITE_TYPES,
  type BatchJobConfig,
} from '../../src/contract/batch-wire.js';
import { jobConfig } from '../../src/batch/settings.js';
import { parseJobConfig } from '../../src/platform/batch/config.js';

describe('batch job settings: one contract for the SDK and the engine', () => {
  const cases: Array<[string, Partial<BatchJobConfig>]> = [
    ...BATCH_ACTIONS.map((action) => [`action ${action}`, { action }] as [string, Partial<BatchJobConfig>]),
    ...ATTRIBUTE_WRITE_TYPES.map((attributeWriteType) => [`attributeWriteType ${attributeWriteType}`, { attributeWriteType }] as [string, Partial<BatchJobConfig>]),
    ...LIST_WRITE_TYPES.map((t) => [`tag and label write type ${t}`, { tagWriteType: t, securityLabelWriteType: t }] as [string, Partial<BatchJobConfig>]),
    ...HASH_COLLISION_MODES.map((hashCollisionMode) => [`hashCollisionMode ${hashCollisionMode}`, { hashCollisionMode }] as [string, Partial<BatchJobConfig>]),
    ...FILE_MERGE_MODES.map((fileMergeMode) => [`fileMergeMode ${fileMergeMode}`, { fileMergeMode }] as [string, Partial<BatchJobConfig>]),
    ['haltOnError true travels as the string "true"', { haltOnError: true }],
  ];
  for (const [name, settings] of cases) {
    test(`${name}: the SDK's config is read back by the engine unchanged`, () => {
      const sent = jobConfig({ owner: 'Example Organization', ...settings } as never);
      const read = parseJobConfig(JSON.parse(JSON.stringify(sent)));
      for (const [field, value] of Object.entries(settings)) assert.equal(read[field as keyof BatchJobConfig], value, field);
      assert.equal(read.version, 'V2');
    });
  }

  test('the defaults the SDK sends are the ones the engine would choose', () => {
    const read = parseJobConfig(jobConfig({ owner: 'o' }));
    assert.deepEqual(
      { action: read.action, attributeWriteType: read.attributeWriteType, tagWriteType: read.tagWriteType, haltOnError: read.haltOnError },
      { action: 'Create', attributeWriteType: 'Replace', tagWriteType: 'Replace', haltOnError: false },
    );
  });
});
