import { TcConfigError } from '../core/errors.js';
import {
  ATTRIBUTE_WRITE_TYPES,
  BATCH_ACTIONS as ACTIONS,
  FILE_MERGE_MODES,
  HASH_COLLISION_MODES,
  LIST_WRITE_TYPES as WRITE_TYPES,
  type AttributeWriteType,
  type BatchAction,
  type BatchJobConfigWire,
  type FileMergeMode,
  type HashCollisionMode,
  type ListWriteType as WriteType,
} from '../contract/batch-wire.js';

export type { AttributeWriteType, BatchAction, FileMergeMode, HashCollisionMode, WriteType };

/** The job settings sent to the platform. Every value given is sent as given (TcEx once overrode some; we do not). */
export interface BatchJobSettings {
  /** Organization, Community or Source to write into */
  owner: string;
  /** `Create` (create or update) or `Delete` (remove what matches); default Create */
  action?: BatchAction;
  /** default Replace, as in TcEx */
  attributeWriteType?: AttributeWriteType;
  /** default Replace */
  tagWriteType?: WriteType;
  /** default Replace */
  securityLabelWriteType?: WriteType;
  /**
   * Server layer of halt-on-error: the platform stops the job at its first bad item and counts the rest as
   * unprocessed. Default false: bad items are reported and the rest are saved. (The client layer is the
   * `throwOnError` option of the submit calls.)
   */
  haltOnError?: boolean;
  playbookTriggersEnabled?: boolean;
  /** sent only when set */
  hashCollisionMode?: HashCollisionMode;
  /** sent only when set */
  fileMergeMode?: FileMergeMode;
}

function choice<T extends string>(field: string, value: unknown, allowed: readonly T[], fallback?: T): T | undefined {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new TcConfigError(field, value, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function bool(field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TcConfigError(field, value, 'must be true or false');
  return value;
}

/** Validates job settings and builds the config JSON in TcEx's shape (booleans as lower-case strings). */
export function jobConfig(settings: BatchJobSettings): BatchJobConfigWire & Record<string, string> {
  if (typeof settings.owner !== 'string' || settings.owner.trim() === '') {
    throw new TcConfigError('owner', settings.owner, 'must name the owner (Organization, Community or Source) to write into');
  }
  const config: BatchJobConfigWire & Record<string, string> = {
    action: choice('action', settings.action, ACTIONS, 'Create') as string,
    attributeWriteType: choice('attributeWriteType', settings.attributeWriteType, ATTRIBUTE_WRITE_TYPES, 'Replace') as string,
    haltOnError: String(bool('haltOnError', settings.haltOnError, false)),
    owner: settings.owner,
    playbookTriggersEnabled: String(bool('playbookTriggersEnabled', settings.playbookTriggersEnabled, false)),
    securityLabelWriteType: choice('securityLabelWriteType', settings.securityLabelWriteType, WRITE_TYPES, 'Replace') as string,
    tagWriteType: choice('tagWriteType', settings.tagWriteType, WRITE_TYPES, 'Replace') as string,
    version: 'V2',
  };
  const hash = choice('hashCollisionMode', settings.hashCollisionMode, HASH_COLLISION_MODES);
  if (hash) config.hashCollisionMode = hash;
  const merge = choice('fileMergeMode', settings.fileMergeMode, FILE_MERGE_MODES);
  if (merge) config.fileMergeMode = merge;
  return config;
}
