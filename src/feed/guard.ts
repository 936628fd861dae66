import type { ScanReport } from './scan.js';

/**
 * The guard against broken downloads. A source that ends mid-record, cannot be parsed, yields no valid item, or
 * would make more than a set share of the previous run's items leave at once is a failed read: the app sends and
 * removes nothing, keeps the previous run's state for the next run, and exits 1 saying what was wrong. One rule
 * for every feed, so no parser has to remember it.
 */

/** Default of the `max_removal_percent` setting: more than half of the feed leaving at once is taken as a broken read. */
export const DEFAULT_MAX_REMOVAL_PERCENT = 50;

/** What was wrong with a source that was read without an error: undefined when it looks whole. */
export function sourceProblem(scan: ScanReport, options: { partial?: boolean } = {}): string | undefined {
  const items = Object.values(scan.byType).reduce((a, b) => a + b, 0);
  const skipped = Object.values(scan.skipped).reduce((a, b) => a + b, 0);
  // a partial source (only what changed since the last run, e.g. TAXII added_after) may well hold nothing
  if (items === 0 && skipped === 0 && !options.partial) {
    if (scan.bytes === 0) return 'it is empty';
    if (scan.invalid === 0) return `it yields no valid item (${scan.bytes} bytes, none of them a record of this feed)`;
    const first = scan.invalidSamples[0];
    return `it yields no valid item: all ${scan.invalid} rows are invalid${first ? `, e.g. ${first.where}: ${first.reason}` : ''}`;
  }
  if (scan.endsMidRecord) {
    const { where, reason } = scan.endsMidRecord;
    return `it ends mid-record (cut short?): the last row, ${where}, is incomplete (${reason})`;
  }
  return undefined;
}

/**
 * Whether the removal of what left the feed is out of proportion: `leaving` of the previous run's `previous`
 * items would go, more than `maxPercent` percent of them. Undefined when within the limit.
 */
export function shrinkProblem(previous: number, leaving: number, maxPercent: number): string | undefined {
  if (previous === 0 || leaving === 0 || maxPercent >= 100) return undefined;
  if (leaving * 100 <= previous * maxPercent) return undefined;
  const share = Math.round((leaving * 100) / previous);
  return `it shrank: ${leaving} of the previous run's ${previous} items (${share}%) would leave at once, more than max_removal_percent (${maxPercent}%)`;
}

/** The exit message of a failed read (message.tc keeps 255 characters: the problem gets what the rest leaves). */
export function failedReadMessage(problem: string): string {
  const tail = '. Nothing was sent or deleted; the previous state is kept for the next run.';
  const head = 'Failed read of the feed: ';
  const room = 255 - head.length - tail.length;
  return `${head}${problem.length > room ? `${problem.slice(0, room - 3)}...` : problem}${tail}`;
}
