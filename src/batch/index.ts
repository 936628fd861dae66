// The Batch module: builders, xid, spooling, chunking, and the submit/poll/errors/files flows.
export { Batch, type BatchOptions, type AssociationEnd } from './batch.js';
export { generateXid, typedXid, randomXid, type XidMode, type XidInput } from './xid.js';
export { BatchValidationError, BatchSubmitError, BatchStateError } from './errors.js';
export { BatchItem } from './item.js';
export { BatchGroup, type FileContent, type FileContentValue } from './group.js';
export {
  Adversary, AttackPattern, Campaign, CourseOfAction, Document, Email, Event, Incident, IntrusionSet, Malware, Report,
  Signature, Tactic, Threat, Tool, Vulnerability, type GroupOptions,
} from './generated/groups.js';
export {
  BatchIndicator, Address, ASN, CIDR, EmailAddress, EmailSubject, File, Hashtag, Host, Mutex, RegistryKey, URL, UserAgent,
  type IndicatorOptions,
} from './indicator.js';
export { Attribute, SecurityLabel, FileOccurrence } from './metadata.js';
export { DEFAULT_LIMITS, type BatchChunk, type ChunkLimits } from './chunker.js';
export { jobConfig, type BatchJobSettings, type BatchAction, type AttributeWriteType, type WriteType } from './settings.js';
export type { SubmitOptions } from './submit.js';
export type { PollOptions } from './poll.js';
export type { SubmitWhileBuildingOptions } from './pipeline.js';
export type { BatchProgressEvent, ProgressOption, ProgressCallback } from './progress.js';
export { summarise, describeJob, type BatchStatus, type BatchItemError, type BatchJobResult, type BatchResult, type FileUploadResult, type CountsByKind } from './results.js';
export { mergeWire, type WireData, type WireGroup, type WireIndicator, type WireAssociation, type WireAttribute } from './wire.js';
export { toWireDate } from '../core/dates.js';
