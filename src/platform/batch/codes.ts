import type { BatchErrorWire } from '../../contract/batch-wire.js';

/** Batch error codes as ThreatConnect reports them (TcEx's table). */
export const BATCH_CODES = {
  general: '0x1001',
  permission: '0x1002',
  jsonSyntax: '0x1003',
  internal: '0x1004',
  invalidIndicator: '0x1005',
  invalidGroup: '0x1006',
  notFound: '0x1007',
  indicatorLimit: '0x1008',
  association: '0x1009',
  duplicate: '0x100A',
  fileIo: '0x100B',
  indicatorPartialLoss: '0x2001',
  groupPartialLoss: '0x2002',
  fileHashMerge: '0x2003',
} as const;

/** One entry of the errors file (the batch contract's shape). */
export type BatchErrorEntry = BatchErrorWire;

export const BATCH_MESSAGES = {
  unavailable: 'Batch job api is not available.  Ensure that batchJobEnabled is true and document storage is enabled and configured;',
  noPermission:
    'Unable to perform the requested operation due to the following error(s): You do not have permission to create Indicators; Groups; Attributes; Tags; Security Labels;',
  tooLarge: (limit: number) => `File size greater than allowable limit of ${limit}`,
  stillRunning: (status: string) => `Batch still in ${status} state`,
  unexpected: 'Encountered an unexpected Exception while processing batch job',
  dataLost: "The job's uploaded data is gone from the platform's files folder (deleted, or lost in a power failure); upload it again in a new job",
  tooManyIndicators: (count: number, limit: number) =>
    `Batch job of ${count} indicators would exceed the number of allowed indicators (${limit}) per batch job`,
} as const;
