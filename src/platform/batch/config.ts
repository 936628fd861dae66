import { ApiFailure } from '../http/errors.js';

/** A job's settings after validation, stored with the job. */
export interface JobConfig {
  version: 'V1' | 'V2';
  owner: string;
  haltOnError: boolean;
  action: 'Create' | 'Delete';
  attributeWriteType: 'Append' | 'Replace' | 'Singleton' | 'Static';
  tagWriteType: 'Append' | 'Replace';
  securityLabelWriteType: 'Append' | 'Replace';
  fileMergeMode: 'Merge' | 'Distribute';
  hashCollisionMode: 'FavorIncoming' | 'FavorExisting' | 'IgnoreExisting' | 'IgnoreIncoming' | 'Split';
  playbookTriggersEnabled: boolean;
}

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
    version: pick(r, 'version', ['V1', 'V2'] as const, 'V1'),
    owner: r.owner,
    haltOnError: flag(r, 'haltOnError'),
    action: pick(r, 'action', ['Create', 'Delete'] as const),
    attributeWriteType: pick(r, 'attributeWriteType', ['Append', 'Replace', 'Singleton', 'Static'] as const),
    tagWriteType: pick(r, 'tagWriteType', ['Append', 'Replace'] as const, 'Replace'),
    securityLabelWriteType: pick(r, 'securityLabelWriteType', ['Append', 'Replace'] as const, 'Replace'),
    fileMergeMode: pick(r, 'fileMergeMode', ['Merge', 'Distribute'] as const, 'Merge'),
    hashCollisionMode: pick(r, 'hashCollisionMode', ['FavorIncoming', 'FavorExisting', 'IgnoreExisting', 'IgnoreIncoming', 'Split'] as const, 'FavorIncoming'),
    playbookTriggersEnabled: flag(r, 'playbookTriggersEnabled', false),
  };
}
