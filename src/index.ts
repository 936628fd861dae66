// SDK entry point. Must not import src/platform (the local server and its native dependencies).
export * from './client/index.js';
export { maskSecrets, maskUrl, registerSecret } from './core/secrets.js';
export { ErrorCode } from './core/errors.js';
export { type Logger, silentLogger } from './core/logger.js';
export * from './model/index.js';
export * from './app/index.js';
// The Batch module's entry points, for job apps (the batch feed template imports Batch from 'tcex').
export {
  Batch, generateXid, typedXid, BatchSubmitError, BatchValidationError, BatchStateError, BatchGroup, BatchIndicator, DEFAULT_LIMITS,
  type BatchOptions, type SubmitWhileBuildingOptions, type BatchResult, type BatchJobResult, type BatchItemError, type BatchStatus, type BatchChunk, type ChunkLimits,
  type SubmitOptions, type PollOptions, type BatchProgressEvent, type FileUploadResult, type XidMode,
} from './batch/index.js';
// Typed builder classes (Address, Document, Event, URL, ...) share names with globals, so they live in a namespace.
export * as BatchModule from './batch/index.js';
export * from './indicators/index.js';
export * from './formats/index.js';
export {
  ResourceQuery,
  FilterObject,
  FilterReport,
  type ResourceQueryOptions,
  type AddFilterOptions,
  type FilterSetOperator,
  type PostOperator,
  type PostFilterField,
  type ReportEntry,
} from './filters/index.js';
export * from './jobs/index.js';
// TI names such as Group, Indicator and Filters are common, so the module is also reachable as the TI namespace.
export * as TI from './ti/index.js';
export { ThreatIntelligence, tql, tqlFor, indicatorTql, groupTql, TiNotFoundError, TiPageError, TiV3Error } from './ti/index.js';
// The feed framework: its main names here, all of it as `tcex/feed` or the Feed namespace (its FeedDefinition, the
// feed's parse + map description, would clash with install.json's FeedDefinition).
export {
  FeedJobApp, DeltaTracker, scanFeed, fetchSource, SourceError, STALE_ACTIONS,
  defineMapping, FeedMapping, MappingError, reject,
  type StaleAction, type ScanReport, type SubmitOutcome, type FeedItem, type FeedReader, type FeedRunSummary, type MappingSpec,
} from './feed/index.js';
export * as Feed from './feed/index.js';
