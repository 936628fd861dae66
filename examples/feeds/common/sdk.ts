// The framework pieces the feed apps use, imported in one place so an app has a single seam to the SDK.
export { normaliseIndicator, hashField, indicatorType } from '../../../src/model/index.js';
export { JobApp, ExitCode, z, launch, runJob, packageApp, formatApiDate, type StandardArgs, type JobOutcome } from '../../../src/app/index.js';
export { Batch, type BatchResult, type BatchItemError } from '../../../src/batch/index.js';
