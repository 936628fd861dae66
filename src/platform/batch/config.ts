import { ApiFailure } from '../http/errors.js';
import {
  ATTRIBUTE_WRITE_TYPES,
  BATCH_ACTIONS,
  BATCH_VERSIONS,
  FILE_MERGE_MODES,
  HASH_COLLISION_MODES,
  LIST_WRITE_TYPES,
  type BatchJobConfig,
} from '../../contract/batch-wire.js';

/** A job's settings after validation, stored with the job (the shape is the batch contract's). */
export type JobConfig = BatchJobConfig;

const bad = (field: string, value: unknown, expectation: string) =>
  new ApiFailure(400, `The request was not properly formed: ${field} ${expectation}, got ${JSON.stringify(value) ?? String(value)}`);

function pick<T extends string>(raw: Record<string, unknown>, field: string, allowed: readonly T[], fallback?: T): T {
  const value = raw[field];
  if (value === undefined || value === null || value === '') {
    if (fallback !== undefined) return fallback;
    throw bad(field, value, `is required (one of ${allowed.join(', ')})`);
  }
  const hit = allowed.find((a) => a.toLowerCase() === String(value).toLowerCase());
  if (!hit) throw bad(field, value, `must be one of ${allowed.join(', ')}`);
  return hit;
}

// TcEx sends booleans as the strings "true"/"false"; both forms are accepted.
function flag(raw: Record<string, unknown>, field: string, fallback?: boolean): boolean {
  const value = raw[field];
  if (value === undefined || value === null || value === '') {
    if (fallback !== undefined) return fallback;
    throw bad(field, value, 'is required (true or false)');
  }
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && ['true', 'false'].includes(value.toLowerCase())) return value.toLowerCase() === 'true';
  throw bad(field, value, 'must be true or false');
}

/** Validates the config of `POST /v2/batch` and `createAndUpload`; problems are 400s naming the field and value. */
export function parseJobConfig(raw: unknown): JobConfig {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw bad('config', raw, 'must be a JSON object');
  const r = raw as Record<string, unknown>;
  if (typeof r.owner !== 'string' || r.owner.trim() === '') throw bad('owner', r.owner, 'is required (an owner name)');
  return {
    version: pick(r, 'version', BATCH_VERSIONS, 'V1'),
    owner: r.owner,
    haltOnError: flag(r, 'haltOnError'),
    action: pick(r, 'action', BATCH_ACTIONS),
    attributeWriteType: pick(r, 'attributeWriteType', ATTRIBUTE_WRITE_TYPES),
    tagWriteType: pick(r, 'tagWriteType', LIST_WRITE_TYPES, 'Replace'),
    securityLabelWriteType: pick(r, 'securityLabelWriteType', LIST_WRITE_TYPES, 'Replace'),
    fileMergeMode: pick(r, 'fileMergeMode', FILE_MERGE_MODES, 'Merge'),
    hashCollisionMode: pick(r, 'hashCollisionMode', HASH_COLLISION_MODES, 'FavorIncoming'),
    playbookTriggersEnabled: flag(r, 'playbookTriggersEnabled', false),
  };
}
