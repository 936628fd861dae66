import type { ProgressOption } from '../batch/index.js';
import type { IndicatorValidator } from '../indicators/index.js';
import type { Logger } from '../core/logger.js';
import type { TcClient } from '../client/client.js';

/** A group for `jobs.group()`: name and type required; attributes and tags are written after the group. */
export interface JobGroup {
  name: string;
  type: string;
  attribute?: Array<{ type: string; value: string; displayed?: boolean; source?: string }>;
  tag?: Array<{ name: string } | string>;
  /** Document contents, uploaded after the group is created */
  fileData?: string | Uint8Array;
  /** any other field of the type (eventDate, fileName, ...) */
  [field: string]: unknown;
}

/**
 * An indicator for `jobs.indicator()`: `summary` (or the type's value fields) and `type`; a missing type is
 * detected from the summary. `associatedGroup` holds group ids, or `$(group name:Group Type)` stubs for groups of
 * this job, replaced with their ids once the groups exist.
 */
export interface JobIndicator {
  summary?: string;
  type?: string;
  rating?: number | string;
  confidence?: number | string;
  attribute?: Array<{ type: string; value: string; displayed?: boolean; source?: string }>;
  tag?: Array<{ name: string } | string>;
  associatedGroup?: Array<string | number>;
  [field: string]: unknown;
}

/** Links an indicator to a group of this job (or an existing one) by the group's name and type. */
export interface JobGroupAssociation {
  group_name: string;
  group_type: string;
  indicator: string;
  indicator_type: string;
}

/** A file occurrence; `hash` picks the File indicator and is not sent in the body. */
export interface JobFileOccurrence {
  hash: string;
  fileName?: string;
  path?: string;
  date?: string;
}

/** What to do with a group whose name already exists (same owner and type). */
export type GroupAction = 'skip' | 'replace' | 'duplicate';

export interface ProcessOptions {
  /** write indicators through batch jobs (default true) or one REST call each */
  indicatorBatch?: boolean;
  /** `skip` (default: report it as cached), `replace` (delete same-name groups, then create) or `duplicate` */
  groupAction?: GroupAction;
}

export type JobStage = 'group' | 'group-metadata' | 'indicator' | 'indicator-metadata' | 'batch' | 'file-occurrence' | 'group-association';

/** One thing that went wrong, with the item it concerns. */
export interface JobFailure {
  stage: JobStage;
  /** group name, indicator summary, or a description of the item */
  item: string;
  message: string;
  /** critical failures make the exit code 1; the others 3 */
  critical: boolean;
}

/** Decides which failures are critical: patterns matched against the message, or a function. */
export type CriticalRule = Array<string | RegExp> | ((failure: Omit<JobFailure, 'critical'>) => boolean);

export interface JobsOptions {
  client: TcClient;
  logger?: Logger;
  /** batch action (default Create) */
  batchAction?: 'Create' | 'Delete';
  /** indicators per batch job (default 25,000) */
  batchChunk?: number;
  /** stop at the first error: the platform halts the batch job; a failed group stops the job with exit code 1 */
  batchHaltOnError?: boolean;
  /** attribute write type of the batch jobs (default Append) */
  batchWriteType?: 'Append' | 'Replace';
  /** give up waiting on a batch job after this long (default 3,600,000 ms) */
  batchPollTimeoutMs?: number;
  /** what counts as critical (default: batch jobs that could not run, and the platform's two critical batch errors) */
  critical?: CriticalRule;
  validator?: IndicatorValidator;
  progress?: ProgressOption;
}

export interface GroupResults {
  cached: string[];
  failed: string[];
  notSaved: string[];
  saved: string[];
  submitted: string[];
}

export interface IndicatorResults {
  failed: string[];
  notSaved: string[];
  saved: string[];
  submitted: string[];
}
