import type { TcClient } from '../client/client.js';
import { TcConfigError } from '../core/errors.js';
import { encodeSegment } from '../client/url.js';
import type { BatchJobResult } from '../batch/index.js';
import { groupType, hashField, indicatorType } from '../model/index.js';
import { IndicatorValidator } from '../indicators/index.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { JobBook } from './book.js';
import { GroupCache } from './group-cache.js';
import { processGroups, type QueuedGroup } from './groups.js';
import { indicatorLabel, prepareIndicators, sendByBatch, sendByRest } from './indicators.js';
import type {
  GroupResults,
  IndicatorResults,
  JobFailure,
  JobFileOccurrence,
  JobGroup,
  JobGroupAssociation,
  JobIndicator,
  JobsOptions,
  ProcessOptions,
} from './types.js';

/** What one `process()` call did. */
export interface JobsRun {
  owner: string;
  groupResults: GroupResults;
  indicatorResults: IndicatorResults;
  failures: JobFailure[];
  /** 0 success, 3 partial failure, 1 critical failure */
  exitCode: 0 | 1 | 3;
  batchJobs: BatchJobResult[];
  /** a one-line summary for message.tc */
  message: string;
}

/**
 * The Jobs module: queue groups, indicators, group associations and file occurrences, then `process(owner)`
 * writes them in this order: groups (REST, per `groupAction`), indicators (batch jobs in chunks, or REST), file
 * occurrences, group associations. Failures never stop the run unless critical; they are listed and set the exit
 * code (3 partial, 1 critical).
 */
export class Jobs {
  private readonly client: TcClient;
  private readonly log: Logger;
  private readonly validator: IndicatorValidator;
  private groups: QueuedGroup[] = [];
  private indicators: JobIndicator[] = [];
  private occurrences: JobFileOccurrence[] = [];
  private associations: JobGroupAssociation[] = [];
  private book: JobBook;
  private readonly groupKeys = new Set<string>();
  private readonly indicatorKeys = new Set<string>();
  private lens = { group: 0, indicator: 0, groupAssociation: 0, fileOccurrence: 0 };

  constructor(private readonly options: JobsOptions) {
    if (!options?.client) throw new TcConfigError('client', options?.client, 'a TcClient is required');
    this.client = options.client;
    this.log = options.logger ?? silentLogger;
    this.validator = options.validator ?? new IndicatorValidator();
    const chunk = options.batchChunk ?? 25_000;
    if (!Number.isInteger(chunk) || chunk < 1 || chunk > 25_000) throw new TcConfigError('batchChunk', options.batchChunk, 'must be a whole number from 1 to 25000');
    if (options.batchAction !== undefined && options.batchAction !== 'Create' && options.batchAction !== 'Delete') {
      throw new TcConfigError('batchAction', options.batchAction, 'must be Create or Delete');
    }
    if (options.batchWriteType !== undefined && options.batchWriteType !== 'Append' && options.batchWriteType !== 'Replace') {
      throw new TcConfigError('batchWriteType', options.batchWriteType, 'must be Append or Replace');
    }
    this.book = new JobBook(options.critical, this.log);
  }

  /** Queues a group (or several); a second group with the same name and type is skipped. */
  group(data: JobGroup | JobGroup[]): this {
    for (const g of Array.isArray(data) ? data : [data]) {
      if (!g || typeof g.name !== 'string' || !g.name.trim()) throw new TcConfigError('group.name', g?.name, 'must be a non-empty string');
      const info = groupType(String(g.type ?? ''));
      if (!info) throw new TcConfigError('group.type', g.type, 'must be a group type such as Adversary, Incident or Threat');
      const key = `${info.name}\u0000${g.name}`;
      if (this.groupKeys.has(key)) {
        this.log.debug(`jobs: duplicate group ${info.name} ${JSON.stringify(g.name)} skipped`);
        continue;
      }
      this.groupKeys.add(key);
      this.groups.push({ data: g, info });
      this.book.groups.submitted.push(g.name);
      this.lens.group += 1;
    }
    return this;
  }

  /** Queues an indicator (or several). Values are checked when processing; invalid ones are reported as failed. */
  indicator(data: JobIndicator | JobIndicator[]): this {
    for (const i of Array.isArray(data) ? data : [data]) {
      const label = i ? indicatorLabel(i) : '';
      if (!label) throw new TcConfigError('indicator.summary', i?.summary, 'is required (or the value fields of the type)');
      if (i.type !== undefined && !indicatorType(String(i.type))) {
        // custom types defined on the validator are fine; anything else is a typo worth stopping on
        try {
          this.validator.patterns(String(i.type));
        } catch {
          throw new TcConfigError('indicator.type', i.type, 'is not an indicator type (Address, EmailAddress, File, Host, URL, ASN, ...)');
        }
      }
      const key = `${String(i.type ?? '')}\u0000${label}`;
      if (this.indicatorKeys.has(key)) continue;
      this.indicatorKeys.add(key);
      this.indicators.push(i);
      this.book.indicators.submitted.push(label);
      this.lens.indicator += 1;
    }
    return this;
  }

  /** Queues a link from an indicator to a group named in this job (or existing), by the group's name and type. */
  groupAssociation(data: JobGroupAssociation | JobGroupAssociation[]): this {
    for (const a of Array.isArray(data) ? data : [data]) {
      for (const field of ['group_name', 'group_type', 'indicator', 'indicator_type'] as const) {
        if (typeof a?.[field] !== 'string' || !a[field].trim()) throw new TcConfigError(`groupAssociation.${field}`, a?.[field], 'must be a non-empty string');
      }
      if (!groupType(a.group_type)) throw new TcConfigError('groupAssociation.group_type', a.group_type, 'is not a group type');
      if (!indicatorType(a.indicator_type)) throw new TcConfigError('groupAssociation.indicator_type', a.indicator_type, 'is not an indicator type');
      this.associations.push(a);
      this.lens.groupAssociation += 1;
    }
    return this;
  }

  /** Queues a file occurrence; `hash` (MD5, SHA-1 or SHA-256) picks the File and is left out of the body. */
  fileOccurrence(data: JobFileOccurrence | JobFileOccurrence[]): this {
    for (const o of Array.isArray(data) ? data : [data]) {
      if (typeof o?.hash !== 'string' || !hashField(o.hash.trim())) throw new TcConfigError('fileOccurrence.hash', o?.hash, 'must be an MD5, SHA-1 or SHA-256 hash');
      this.occurrences.push(o);
      this.lens.fileOccurrence += 1;
    }
    return this;
  }

  get groupResults(): GroupResults {
    return this.book.groups;
  }
  get indicatorResults(): IndicatorResults {
    return this.book.indicators;
  }
  get failures(): readonly JobFailure[] {
    return this.book.failures;
  }
  get exitCode(): 0 | 1 | 3 {
    return this.book.exitCode;
  }
  get groupLen(): number {
    return this.lens.group;
  }
  get indicatorLen(): number {
    return this.lens.indicator;
  }
  get groupAssociationLen(): number {
    return this.lens.groupAssociation;
  }
  get fileOccurrenceLen(): number {
    return this.lens.fileOccurrence;
  }

  /**
   * Writes everything queued into `owner`: groups → indicators → file occurrences → group associations. Results
   * add up across calls; the queues are emptied.
   */
  async process(owner: string, options: ProcessOptions = {}): Promise<JobsRun> {
    if (typeof owner !== 'string' || !owner.trim()) throw new TcConfigError('owner', owner, 'must name the owner to write into');
    const action = options.groupAction ?? 'skip';
    if (!['skip', 'replace', 'duplicate'].includes(action)) throw new TcConfigError('groupAction', action, 'must be skip, replace or duplicate');
    const cache = new GroupCache(this.client, owner, this.log);
    const [groups, indicators, occurrences, associations] = [this.groups, this.indicators, this.occurrences, this.associations];
    this.groups = [];
    this.indicators = [];
    this.occurrences = [];
    this.associations = [];
    const book = this.book;
    book.stopped = false;
    let batchJobs: BatchJobResult[] = [];

    this.log.info(`jobs: processing ${groups.length} group(s), ${indicators.length} indicator(s), ${occurrences.length} file occurrence(s), ${associations.length} group association(s) for ${owner}`);
    await processGroups(this.client, owner, groups, action, cache, book, this.options.batchHaltOnError === true);

    if (indicators.length) {
      if (book.stopped) {
        for (const i of indicators) book.indicators.notSaved.push(indicatorLabel(i));
      } else {
        const prepared = await prepareIndicators(indicators, this.validator, cache, book);
        if (options.indicatorBatch === false) {
          await sendByRest(this.client, owner, prepared, book);
        } else {
          batchJobs = await sendByBatch(
            prepared,
            {
              client: this.client,
              owner,
              chunk: this.options.batchChunk ?? 25_000,
              action: this.options.batchAction ?? 'Create',
              writeType: this.options.batchWriteType ?? 'Append',
              haltOnError: this.options.batchHaltOnError === true,
              pollTimeoutMs: this.options.batchPollTimeoutMs,
              progress: this.options.progress,
              logger: this.log,
            },
            book,
          );
        }
      }
    }

    for (const o of occurrences) {
      if (book.stopped) break;
      const { hash, ...body } = o;
      await this.client
        .v2('POST', `/v2/indicators/files/${encodeSegment(hash.trim())}/fileOccurrences`, { query: { owner }, body })
        .catch((err) => book.fail('file-occurrence', hash, err));
    }

    for (const a of associations) {
      if (book.stopped) break;
      const item = `${a.indicator} → ${a.group_type} ${JSON.stringify(a.group_name)}`;
      try {
        const g = groupType(a.group_type)!;
        const id = await cache.id(g, a.group_name);
        if (id === undefined) throw new Error(`no ${g.name} named ${JSON.stringify(a.group_name)} in ${owner}`);
        const resolved = this.validator.resolve(a.indicator, { type: a.indicator_type, field: 'groupAssociation.indicator' });
        const info = indicatorType(resolved.type)!;
        const value = info.name === 'File' ? (resolved.values.find(Boolean) as string) : resolved.summary;
        await this.client.v2('POST', `/v2/indicators/${info.branch}/${encodeSegment(value)}/groups/${g.branch}/${id}`, { query: { owner } });
      } catch (err) {
        book.fail('group-association', item, err);
      }
    }

    const message =
      `${book.groups.saved.length} group(s) saved (${book.groups.cached.length} cached, ${book.groups.failed.length} failed), ` +
      `${book.indicators.saved.length} indicator(s) saved (${book.indicators.failed.length} failed, ${book.indicators.notSaved.length} not saved), ` +
      `${associations.length} group association(s)` +
      (book.failures.length ? `; ${book.failures.length} failure(s), exit code ${book.exitCode}` : '');
    this.log.info(`jobs: ${message}`);
    return {
      owner,
      groupResults: book.groups,
      indicatorResults: book.indicators,
      failures: [...book.failures],
      exitCode: book.exitCode,
      batchJobs,
      message,
    };
  }
}
