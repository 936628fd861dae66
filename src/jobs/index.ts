export { Jobs, type JobsRun } from './jobs.js';
export { DEFAULT_CRITICAL } from './book.js';
export type {
  JobsOptions,
  JobGroup,
  JobIndicator,
  JobGroupAssociation,
  JobFileOccurrence,
  ProcessOptions,
  GroupAction,
  GroupResults,
  IndicatorResults,
  JobFailure,
  JobStage,
  CriticalRule,
} from './types.js';
