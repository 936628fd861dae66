import type { FeedGroup, FeedIndicator, FeedItem } from './items.js';
import type { Batch, BatchItemError, BatchResult } from '../batch/index.js';

/** Adds a feed item to a Create batch, in the batch JSON shape. */
export function addItem(batch: Batch, item: FeedItem): void {
  if (item.kind === 'group') addGroup(batch, item);
  else addIndicator(batch, item);
}

function addGroup(batch: Batch, g: FeedGroup): void {
  batch.addGroup({
    type: g.type,
    name: g.name,
    xid: g.xid,
    ...(g.firstSeen ? { firstSeen: g.firstSeen } : {}),
    ...(g.lastSeen ? { lastSeen: g.lastSeen } : {}),
    attribute: g.attributes,
    tag: g.tags.map((name) => ({ name })),
    ...(g.securityLabels?.length ? { securityLabel: g.securityLabels.map((name) => ({ name })) } : {}),
    ...(g.groupXids?.length ? { associatedGroupXid: g.groupXids } : {}),
  });
}

function addIndicator(batch: Batch, i: FeedIndicator): void {
  batch.addIndicator({
    type: i.type,
    summary: i.summary,
    ...(i.rating !== undefined ? { rating: i.rating } : {}),
    ...(i.confidence !== undefined ? { confidence: i.confidence } : {}),
    ...(i.firstSeen ? { firstSeen: i.firstSeen } : {}),
    ...(i.lastSeen ? { lastSeen: i.lastSeen } : {}),
    // the feed lists it now: active again, should an earlier run have deprecated it
    active: i.active ?? true,
    attribute: i.attributes,
    tag: i.tags.map((name) => ({ name })),
    associatedGroups: i.groupXids.map((groupXid) => ({ groupXid })),
    ...(i.securityLabels?.length ? { securityLabel: i.securityLabels.map((name) => ({ name })) } : {}),
  });
}

/** How a set of batch jobs went, in the terms of a job app's exit code. */
export interface SubmitOutcome {
  sent: number;
  saved: number;
  errors: number;
  unprocessed: number;
  /** a request or job that failed as a whole */
  failure?: string;
  firstErrors: string[];
}

export function outcome(result: BatchResult | undefined, failure?: string): SubmitOutcome {
  if (!result) return { sent: 0, saved: 0, errors: 0, unprocessed: 0, failure, firstErrors: [] };
  const jobFailure = result.jobs.find((j) => j.failure)?.failure;
  return {
    sent: result.totals.sent.total,
    saved: result.totals.success.total,
    errors: result.totals.error.total,
    unprocessed: result.totals.unprocessed.total,
    failure: failure ?? jobFailure,
    firstErrors: result.errors.slice(0, 5).map(describeError),
  };
}

export function describeError(e: BatchItemError): string {
  const source = typeof e.errorSource === 'string' ? e.errorSource : e.errorSource ? JSON.stringify(e.errorSource) : '';
  return [e.errorReason ?? e.errorMessage ?? 'error', source].filter(Boolean).join(' - ');
}

export const isClean = (o: SubmitOutcome): boolean => !o.failure && o.errors === 0 && o.unprocessed === 0;
