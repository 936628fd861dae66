// The feed framework: what a scheduled threat-intelligence feed job app is built from. Public as `tcex/feed`
// (everything below) and, for the main names, from `tcex` itself. Uses the app runtime, Batch and the model only.
export { FeedJobApp, FeedInputs, feedInputShape, describeTypes, STALE_ACTIONS, type StaleAction, type FeedInputValues, type FeedRunSummary } from './feed-app.js';
export type { FeedDefinition } from './feed.js';
export { DeltaTracker, digest, parseKey, RESUBMIT, type NextStateOptions } from './delta.js';
export { PreviousState, KEY_HASHES, type KeyHashes } from './previous-state.js';
export { StateWriter, STATE_HEADER, eachStateLine, splitStateLine } from './state-text.js';
export { fetchSource, openLocal, SourceError, type FeedSource } from './source.js';
export { scanFeed, type FeedReader, type ScanReport, type ScanOptions } from './scan.js';
export { addItem, outcome, describeError, isClean, type SubmitOutcome } from './submit.js';
export {
  itemKey,
  itemType,
  type FeedAttribute,
  type FeedIndicator,
  type FeedGroup,
  type FeedItem,
  type InvalidRow,
  type SkippedRow,
  type FeedOutput,
} from './items.js';
export { mergeItems } from './merge.js';
export { DEFAULT_MAPPING, type MappingOptions } from './options.js';
export { feedDate, cleanTags, splitTags, attribute, makeIndicator, boundedInt, slug, indicatorOrInvalid, mapRecords, markRecordStart, RECORD_START, type IndicatorInput } from './values.js';
export { readLines, eachCompleteLine, type ByteSource, type Line } from './lines.js';
export { readCsv, csvRows, isCsvProblem, type CsvRow, type CsvProblem } from './csv.js';
export { streamJson, JsonStreamError, type JsonPath, type JsonElement } from './json-stream.js';
export { sniff } from './sniff.js';
export { HashTally } from './hash-tally.js';
export { keyHash53, keyHash32 } from './key-hash.js';
export { bundleApp, packageFeedApp, type PackagedApp } from './package-app.js';
export * from './mapping/index.js';
export { TaxiiClient, TaxiiError, TAXII_MEDIA_TYPE, type TaxiiOptions, type TaxiiDownload } from './taxii.js';
export { sourceProblem, shrinkProblem, failedReadMessage, DEFAULT_MAX_REMOVAL_PERCENT } from './guard.js';
export { printable } from '../core/printable.js';
