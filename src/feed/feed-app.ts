import { DeltaTracker, parseKey, RESUBMIT } from './delta.js';
import type { FeedDefinition } from './feed.js';
import type { FeedItem } from './items.js';
import type { MappingOptions } from './options.js';
import { scanFeed, type ScanReport } from './scan.js';
import { DEFAULT_MAX_REMOVAL_PERCENT, failedReadMessage, shrinkProblem, sourceProblem } from './guard.js';
import { printable } from '../utils/printable.js';
import { ExitCode, JobApp, formatApiDate, z } from '../app/index.js';
import { Batch, describeJob, type BatchProgressEvent } from '../batch/index.js';
import { indicatorType } from '../model/index.js';
import { fetchSource, SourceError, type FeedSource } from './source.js';
import { addItem, isClean, outcome, type SubmitOutcome } from './submit.js';

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(20, max) - 3)}...`;
}

/** `6 Address, 4 Malware`: indicator types first, then groups, each by count. */
export function describeTypes(byType: Record<string, number>): string {
  return Object.entries(byType)
    .sort(([a, x], [b, y]) => Number(!indicatorType(a)) - Number(!indicatorType(b)) || y - x)
    .map(([t, n]) => `${n} ${t}`)
    .join(', ');
}

/** What happens to items that left the feed: removed, deprecated (confidence 0, inactive), or left alone. */
export const STALE_ACTIONS = ['Delete', 'Deprecate', 'Keep'] as const;
export type StaleAction = (typeof STALE_ACTIONS)[number];

/** Inputs every feed app has (install.json params of the same names). */
export const feedInputShape = {
  tc_owner: z.string().min(1),
  /** URL or file of the feed; empty: the feed's public URL */
  source: z.string().default(''),
  default_rating: z.coerce.number().min(0).max(5).default(0),
  default_confidence: z.coerce.number().int().min(0).max(100).default(0),
  /** what happens to indicators that left the feed */
  stale_action: z.enum(STALE_ACTIONS).default('Delete'),
  /** more than this share (percent) of the previous run's items leaving at once is a failed read (100: no limit) */
  max_removal_percent: z.coerce.number().min(0).max(100).default(DEFAULT_MAX_REMOVAL_PERCENT),
  /** results.tc: what the previous run submitted (hidden param) */
  feed_state: z.string().optional(),
  /** results.tc: when the previous run finished (hidden param) */
  last_run: z.string().optional(),
};
export const FeedInputs = z.object(feedInputShape);
export type FeedInputValues = z.infer<typeof FeedInputs>;

/** What one run did, kept for the exit message and for tests. */
export interface FeedRunSummary {
  source: string;
  scan: ScanReport;
  submitted: number;
  unchanged: number;
  stale: number;
  staleAction: StaleAction;
  create: SubmitOutcome;
  removal: SubmitOutcome;
}

/**
 * A threat-intelligence feed job app: fetch the feed (external session), stream it through the feed's parser
 * and mapper, submit what changed since the last run with Batch (spooled to disk), remove or deprecate what left
 * the feed, check the batch results, and leave in results.tc what the next run needs. Exit 0 when all went in,
 * 3 when some items were refused, 1 when the feed could not be read or nothing could be saved.
 */
export abstract class FeedJobApp<I extends FeedInputValues = FeedInputValues, O extends MappingOptions = MappingOptions> extends JobApp<z.ZodObject<any>> {
  static override readonly inputs: z.ZodObject<any> = FeedInputs;
  abstract readonly feed: FeedDefinition<O>;
  summary?: FeedRunSummary;
  private sourceLabel?: string;

  /** The feed's mapping options from the inputs; override when the feed has options of its own. */
  protected mappingOptions(inputs: I): O {
    return { defaultRating: inputs.default_rating ?? 0, defaultConfidence: inputs.default_confidence ?? 0 } as O;
  }

  /** Gets the feed's bytes (the `source` param: URL or file); override for other sources, such as TAXII. */
  protected async fetchFeed(inputs: I): Promise<FeedSource> {
    return fetchSource(this, inputs.source || this.feed.defaultUrl, this.tempPath);
  }

  private get feedInputs(): I {
    return this.inputs as I;
  }

  async run(): Promise<void> {
    const inputs = this.feedInputs;
    const owner = inputs.tc_owner;
    const started = Date.now();
    let source: FeedSource;
    try {
      source = await this.fetchFeed(inputs);
    } catch (err) {
      this.keepPreviousState();
      this.exit(ExitCode.Failure, err instanceof SourceError ? err.message : `Failed to fetch the feed: ${(err as Error).message}`);
    }
    this.sourceLabel = source.label;
    this.log.info(`feed ${this.feed.title}: ${source.bytes} bytes${source.compression === 'none' ? '' : ` (${source.compression})`} from ${source.label}; owner ${owner}`);

    const { tracker, note } = await DeltaTracker.start(inputs.feed_state, owner, this.tempPath);
    try {
      await this.runWithState(source, tracker, note, started);
    } finally {
      tracker.close();
    }
  }

  private async runWithState(source: FeedSource, tracker: DeltaTracker, note: string | undefined, started: number): Promise<void> {
    const inputs = this.feedInputs;
    const owner = inputs.tc_owner;
    const previous = tracker.previous;
    if (note) this.log.info(note);
    else this.log.info(`previous run submitted ${previous.size} items${inputs.last_run ? ` (finished ${inputs.last_run})` : ''}`);

    const batch = new Batch({ client: this.tc, owner, attributeWriteType: 'Replace', tagWriteType: 'Replace', tempDir: this.tempPath, logger: this.log, progress: this.batchProgress('create') });
    let scan: ScanReport;
    let create: SubmitOutcome;
    try {
      try {
        scan = await scanFeed(
          () => source.open(),
          this.feed.reader(this.mappingOptions(inputs)),
          (item: FeedItem) => {
            if (tracker.changed(item)) addItem(batch, item);
          },
          {
            onProgress: (pass, rows) =>
              this.log.info(pass === 1 ? `reading the feed: ${rows} rows read` : `comparing with the last run: ${rows} rows read, ${tracker.submitted} to send, ${tracker.unchanged} unchanged`),
          },
        );
      } catch (err) {
        this.failedRead(`it could not be parsed: ${printable((err as Error).message, 160)}`);
      }
      this.logScan(scan);
      // the guard: nothing has been sent yet, so a source that is not whole changes nothing at all
      // a partial source (only what changed) may hold nothing, and removes nothing by leaving it out
      const problem =
        sourceProblem(scan, { partial: !!source.partial }) ??
        (inputs.stale_action === 'Keep' || source.partial
          ? undefined
          : shrinkProblem(previous.size, previous.unseenCount(), inputs.max_removal_percent ?? DEFAULT_MAX_REMOVAL_PERCENT));
      if (problem) this.failedRead(problem);
      this.log.info(`${tracker.submitted} new or changed items to submit, ${tracker.unchanged} unchanged`);
      create = tracker.submitted ? await this.submit(batch, 'create') : outcome(undefined);
    } finally {
      batch.close();
    }

    const { count: stale, outcome: removal } = await this.removeStale(tracker, inputs.stale_action, owner, source.partial?.removals);

    // a partial source says nothing of what it does not list: those items stay in the state
    this.results.set('feed_state', await tracker.serialise({ resendSubmitted: !isClean(create), retryStale: !!source.partial || !isClean(removal) }));
    this.results.set('last_run', formatApiDate(new Date()));
    this.summary = {
      source: source.label,
      scan,
      submitted: tracker.submitted,
      unchanged: tracker.unchanged,
      stale,
      staleAction: inputs.stale_action,
      create,
      removal,
    };
    this.finish(this.summary, (Date.now() - started) / 1000);
  }

  /**
   * Ends a run whose source failed the guard: the previous run's state goes back into results.tc (so the next run
   * compares with the last good read), and the exit is 1 with what was wrong and that nothing was deleted.
   */
  private failedRead(problem: string): never {
    this.log.error(`feed source ${this.sourceLabel ?? ''} failed the read check: ${problem}`);
    this.keepPreviousState();
    this.exit(ExitCode.Failure, failedReadMessage(problem));
  }

  /** Writes the state this run was given back to results.tc unchanged. */
  private keepPreviousState(): void {
    const { feed_state: state, last_run: lastRun } = this.feedInputs;
    if (state) this.results.set('feed_state', state);
    if (lastRun) this.results.set('last_run', lastRun);
  }

  /**
   * Batch progress as log lines (the log is what the job runner, `tcex platform run` and `npm start` show): each
   * job as it is uploaded, its status while the platform works on it (when it changes), and how it ended.
   */
  private batchProgress(what: string): (e: BatchProgressEvent) => void {
    let last = '';
    return (e) => {
      const line =
        e.phase === 'uploading'
          ? `${what}: batch job ${e.job} uploading (${e.itemsDone} of ${e.itemsTotal} items done so far)`
          : e.phase === 'waiting'
            ? `${what}: batch job ${e.job}${e.batchId !== undefined ? ` (id ${e.batchId})` : ''} ${e.status ?? 'waiting'}`
            : (e.phase === 'completed' || e.phase === 'failed') && e.result
              ? `${what}: ${describeJob(e.result, e.job)}`
              : '';
      if (line && line !== last) this.log.info(line);
      last = line;
    };
  }

  private async submit(batch: Batch, what: string): Promise<SubmitOutcome> {
    try {
      const result = await batch.submitAll({ throwOnError: false });
      const o = outcome(result);
      this.log.info(`${what}: ${o.sent} sent, ${o.saved} saved, ${o.errors} errors, ${o.unprocessed} unprocessed${o.failure ? `; failed: ${o.failure}` : ''}`);
      for (const e of o.firstErrors) this.log.warn(`${what} batch error: ${e}`);
      return o;
    } catch (err) {
      this.log.error(`${what}: batch submission failed: ${(err as Error).message}`);
      return outcome(undefined, (err as Error).message);
    }
  }

  /**
   * Deletes (or deprecates: confidence 0, inactive) what the previous run had and this one did not, streaming
   * the keys from the previous state into a spooled batch.
   */
  private async removeStale(
    tracker: DeltaTracker,
    action: FeedInputValues['stale_action'],
    owner: string,
    removals?: string[],
  ): Promise<{ count: number; outcome: SubmitOutcome }> {
    // a partial source (only what changed since the last run) removes what it names as gone, nothing else
    const eachStale = removals
      ? async (onKey: (key: string) => void) => {
          for (const key of removals) {
            tracker.previous.see(key, RESUBMIT);
            onKey(key);
          }
          return removals.length;
        }
      : (onKey: (key: string) => void) => tracker.eachStale(onKey);
    if (tracker.previous.size === 0 && !removals?.length) return { count: 0, outcome: outcome(undefined) };
    if (action === 'Keep') {
      const kept = await eachStale(() => undefined);
      if (kept) this.log.info(`${kept} items left the feed; kept (stale_action Keep)`);
      return { count: kept, outcome: outcome(undefined) };
    }
    const deleting = action === 'Delete';
    // Deprecation leaves attributes and tags alone; only confidence and the active flag change.
    const batch = new Batch(
      deleting
        ? { client: this.tc, owner, action: 'Delete', tempDir: this.tempPath, logger: this.log, progress: this.batchProgress('delete') }
        : { client: this.tc, owner, attributeWriteType: 'Static', tagWriteType: 'Append', tempDir: this.tempPath, logger: this.log, progress: this.batchProgress('deprecate') },
    );
    try {
      let count = 0;
      const stale = await eachStale((key) => {
        const { kind, type, value } = parseKey(key);
        if (kind === 'group') {
          // groups carry no confidence: deprecation keeps them
          if (deleting) {
            batch.addGroup({ type, name: value, xid: value });
            count++;
          }
        } else {
          batch.addIndicator(deleting ? { type, summary: value } : { type, summary: value, confidence: 0, active: false });
          count++;
        }
      });
      if (stale) this.log.info(`${stale} items left the feed: ${deleting ? 'deleting' : 'deprecating'} ${count}`);
      return { count: stale, outcome: count ? await this.submit(batch, deleting ? 'delete' : 'deprecate') : outcome(undefined) };
    } finally {
      batch.close();
    }
  }

  private logScan(scan: ScanReport): void {
    const types = describeTypes(scan.byType);
    this.log.info(`read ${scan.records} record${scan.records === 1 ? '' : 's'}: ${types || 'no items'}${scan.merged ? ` (${scan.merged} repeated item${scan.merged === 1 ? '' : 's'} merged)` : ''}`);
    for (const [reason, n] of Object.entries(scan.skipped)) this.log.info(`${n} rows left out: ${reason}`);
    if (scan.invalid) {
      this.log.warn(`${scan.invalid} invalid row${scan.invalid === 1 ? '' : 's'} left out${scan.invalid > scan.invalidSamples.length ? `; the first ${scan.invalidSamples.length}` : ''}:`);
      for (const row of scan.invalidSamples) this.log.warn(`invalid row at ${row.where}: ${row.reason}`);
    }
  }

  /** Sets the exit code and message.tc from what happened. */
  private finish(s: FeedRunSummary, seconds: number): void {
    const types = describeTypes(s.scan.byType);
    const removed = s.stale
      ? `; ${s.stale} left the feed (${s.staleAction === 'Delete' ? 'deleted' : s.staleAction === 'Deprecate' ? 'deprecated' : 'kept'})`
      : '';
    const invalid = s.scan.invalid ? `; ${s.scan.invalid} invalid row${s.scan.invalid === 1 ? '' : 's'} skipped` : '';
    // "N submitted" only when they all went in; otherwise how many of them the platform saved
    const sent = isClean(s.create) ? `${s.submitted} submitted` : `${s.create.saved} of ${s.submitted} saved`;
    const base = `${types || 'No items'}: ${sent}, ${s.unchanged} unchanged${removed}${invalid} (${seconds.toFixed(1)} s).`;
    const problems: string[] = [];
    for (const [what, o] of [['create', s.create], ['removal', s.removal]] as const) {
      if (o.failure) problems.push(`${what} failed: ${o.failure.replace(/https?:\/\/[^\s/]+/g, '').replace(/\?\S*/, '')}`);
      else if (o.errors || o.unprocessed) problems.push(`${what}: ${o.errors} batch errors, ${o.unprocessed} unprocessed`);
    }
    // message.tc keeps 255 characters: the verdict and the counts must fit, the reasons get what is left
    const reasons = clip(problems.join('; '), 250 - base.length - 30);
    const nothingSaved = s.create.sent > 0 && s.create.saved === 0;
    if (s.create.failure || nothingSaved) this.exit(ExitCode.Failure, `Failed to save the feed: ${reasons}. ${base}`);
    if (problems.length) {
      this.exitCode = ExitCode.PartialFailure;
      this.exitMessage = `Partly saved: ${reasons}. ${base}`;
      return;
    }
    this.exitMessage = base;
  }
}
