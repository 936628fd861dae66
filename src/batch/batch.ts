import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indicatorType } from '../model/index.js';
import type { TcClient } from '../client/index.js';
import { TcConfigError } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import { BatchApi } from './api.js';
import { ChunkBufferPool, DEFAULT_LIMITS, drainChunks, type BatchChunk, type ChunkLimits } from './chunker.js';
import { BatchStateError, BatchValidationError } from './errors.js';
import { FileStore, type FileBranch } from './files.js';
import { BatchGroup, type FileContent, type FileSink } from './group.js';
import { BatchGroupFactories, GROUP_CLASSES } from './generated/groups.js';
import {
  Address, ASN, BatchIndicator, CIDR, EmailAddress, EmailSubject, File, Hashtag, Host, INDICATOR_CLASSES, Mutex,
  RegistryKey, URL, UserAgent, type IndicatorOptions,
} from './indicator.js';
import type { BatchItem, ItemSink } from './item.js';
import { jobConfig, type BatchJobSettings } from './settings.js';
import { PartitionedSpool } from './spool.js';
import { associationKey, type WireAssociation } from './wire.js';
import type { XidInput, XidMode } from './xid.js';
import { groupType } from '../model/index.js';
import { checkText } from './validate.js';
import { runBatchJob, pollUntilDone, uploadFiles, type SubmitOptions } from './submit.js';
import { AdaptivePoller, type PollOptions } from './poll.js';
import { summarise, type BatchItemError, type BatchJobResult, type BatchResult, type BatchStatus, type FileUploadResult } from './results.js';
import { BatchSubmitError } from './errors.js';
import { progressReporter, type ProgressOption } from './progress.js';
import { JobPipeline, streamSettings, type StreamSettings, type SubmitWhileBuildingOptions } from './pipeline.js';

export interface BatchOptions extends BatchJobSettings {
  /** the ThreatConnect client used by the submit calls (not needed to build and serialise) */
  client?: TcClient;
  /** xids for objects given none: `reproducible` ("type-name"/"type-value" hash, default) or `random` */
  xidMode?: XidMode;
  /** validate values as they are added (default true); false sends what it is given (custom types, server tests) */
  validate?: boolean;
  /** job size limits; defaults are safe for the platform (25,000 items and indicators, 50 MB) */
  limits?: Partial<ChunkLimits>;
  /** builders kept in memory before they are written to the spool (default 1,000) */
  bufferSize?: number;
  /** spool partitions (default 256; 32 with submitWhileBuilding): more keeps each merge step smaller */
  partitions?: number;
  /** parent folder of the spool (default the OS temp folder) */
  tempDir?: string;
  logger?: Logger;
  poll?: PollOptions;
  /** progress display for the submit calls (default 'auto': a bar on terminals) */
  progress?: ProgressOption;
  /** default of the submit calls' client-side halt-on-error (default true) */
  throwOnError?: boolean;
  /**
   * Send jobs while the app still adds (indicators only): the first once `firstJobItems` wait, then full ones,
   * at most `jobsInFlight` at a time, in the background; `submitAll()` sends the rest and returns every job's
   * result. `true` takes the defaults (docs/batch.md, "Submitting while building").
   */
  submitWhileBuilding?: boolean | SubmitWhileBuildingOptions;
}

type GroupArg = XidInput | ({ xid?: XidInput } & Record<string, unknown>);
type IndicatorArgs = [options?: IndicatorOptions & Record<string, unknown>] | [rating?: number | string, confidence?: number | string, xid?: XidInput];

/** An end of a top-level association: a builder, a group xid, an indicator by type and summary, or an id. */
export type AssociationEnd = BatchGroup | BatchIndicator | { xid: string } | { type: string; summary: string } | { id: number; type?: string };

const openBatches = new Set<Batch>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A batch the app forgot to close (or that died with an error) must not leave its spool behind.
  process.once('exit', () => {
    for (const batch of openBatches) batch.discard();
  });
}

/**
 * The Batch module: build groups and indicators (typed builders, generic `group`/`indicator`, or raw objects),
 * spool them to disk as they are added, and send them to the platform as batch jobs.
 *
 * Memory stays flat: changed builders are written to hash-partitioned spool files every `bufferSize` objects,
 * and de-duplication (groups by xid, indicators by type and summary, merging their metadata) happens one partition
 * at a time when chunks are made. Call `close()` when done (also after an error) to delete the spool.
 */
export class Batch extends BatchGroupFactories implements ItemSink, FileSink {
  readonly config: Record<string, string>;
  readonly owner: string;
  readonly xidMode: XidMode;
  readonly validate: boolean;
  readonly limits: ChunkLimits;
  readonly logger: Logger;
  /** objects added so far, before de-duplication */
  readonly added = { groups: 0, indicators: 0, associations: 0 };
  /** @internal */ readonly files: FileStore;
  /** @internal */ readonly poller: AdaptivePoller;
  /** @internal */ readonly progressOption: ProgressOption;
  /** @internal */ readonly throwOnError: boolean;
  private readonly client?: TcClient;
  private apiInstance?: BatchApi;
  private readonly bufferSize: number;
  private readonly pending: BatchItem[] = [];
  private readonly groupSpool: PartitionedSpool;
  private readonly indicatorSpool: PartitionedSpool;
  private readonly associationSpool: PartitionedSpool;
  private readonly tempParent: string;
  private dir?: string;
  private drain?: Generator<BatchChunk>;
  private readonly pool = new ChunkBufferPool();
  private chunkIndex = 0;
  private closed = false;
  /** files of chunks already sent, waiting for submitFiles */
  private readonly unsentFiles: string[] = [];
  /** item count of the last uploaded chunk per job, to pace polling */
  private readonly jobItems = new Map<number, number>();
  /** submitWhileBuilding: its settings, and the jobs sent since the last submitAll */
  private readonly stream?: StreamSettings;
  private background?: { pipeline: JobPipeline; started: number; largest: number };
  /** a chunk taken from the spool and not sent yet: the next one to go */
  private heldChunk?: BatchChunk;

  constructor(options: BatchOptions) {
    super();
    this.config = jobConfig(options);
    this.owner = options.owner;
    this.client = options.client;
    this.xidMode = options.xidMode ?? 'reproducible';
    if (this.xidMode !== 'reproducible' && this.xidMode !== 'random') throw new TcConfigError('xidMode', this.xidMode, 'must be "reproducible" or "random"');
    this.validate = options.validate ?? true;
    this.limits = { ...DEFAULT_LIMITS, ...(options.limits ?? {}) };
    for (const [field, value] of Object.entries(this.limits)) {
      if (!Number.isInteger(value) || value < 1) throw new TcConfigError(`limits.${field}`, value, 'must be a whole number of at least 1');
    }
    this.bufferSize = options.bufferSize ?? 1000;
    if (!Number.isInteger(this.bufferSize) || this.bufferSize < 1) throw new TcConfigError('bufferSize', options.bufferSize, 'must be a whole number of at least 1');
    // jobs sent while building seal the spool once per job, each seal opening and deleting every partition's file:
    // a spool that rarely holds much more than a job needs fewer (about 800 objects per merge step at 25,000; a
    // million piled up by an app that never awaits would make steps of 31,000, as 256 partitions would at 8 million)
    const partitions = options.partitions ?? (options.submitWhileBuilding ? 32 : 256);
    if (!Number.isInteger(partitions) || partitions < 1 || partitions > 4096) throw new TcConfigError('partitions', options.partitions, 'must be a whole number from 1 to 4096');
    this.logger = options.logger ?? silentLogger;
    this.tempParent = options.tempDir ?? tmpdir();
    this.poller = new AdaptivePoller(options.poll);
    this.progressOption = options.progress ?? 'auto';
    this.throwOnError = options.throwOnError ?? true;
    this.stream = streamSettings(options.submitWhileBuilding, this.limits, this.config);
    if (this.stream && !this.client) throw new TcConfigError('client', undefined, 'a TcClient is needed to submit while building (new Batch({ client, owner, submitWhileBuilding }))');
    const dir = () => this.workDir();
    this.groupSpool = new PartitionedSpool(dir, 'groups', partitions);
    this.indicatorSpool = new PartitionedSpool(dir, 'indicators', partitions);
    this.associationSpool = new PartitionedSpool(dir, 'associations', Math.min(partitions, 64));
    this.files = new FileStore(dir);
  }

  /** The spool folder (created on first use), under `tempDir`. */
  workDir(): string {
    this.assertOpen();
    if (!this.dir) {
      this.dir = mkdtempSync(join(this.tempParent, 'tcex-batch-'));
      openBatches.add(this);
      installExitHook();
    }
    return this.dir;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  // ---- Interface 1: typed groups: generated (BatchGroupFactories, ./generated/groups.ts) --------------------

  // ---- Interface 1: typed indicators ------------------------------------------------------------------------
  address(ip: string, ...args: IndicatorArgs): Address {
    return this.typedIndicator(Address, 'Address', ip, args);
  }
  asn(asNumber: string | number, ...args: IndicatorArgs): ASN {
    return this.typedIndicator(ASN, 'ASN', String(asNumber), args);
  }
  cidr(block: string, ...args: IndicatorArgs): CIDR {
    return this.typedIndicator(CIDR, 'CIDR', block, args);
  }
  emailAddress(address: string, ...args: IndicatorArgs): EmailAddress {
    return this.typedIndicator(EmailAddress, 'EmailAddress', address, args);
  }
  emailSubject(subject: string, ...args: IndicatorArgs): EmailSubject {
    return this.typedIndicator(EmailSubject, 'Email Subject', subject, args);
  }
  /** One hash (its kind found by length), a `md5 : sha1 : sha256` summary, or the hashes by name. */
  file(hashes: string | { md5?: string; sha1?: string; sha256?: string }, ...args: IndicatorArgs): File {
    const values = typeof hashes === 'string' ? [hashes] : [hashes.md5, hashes.sha1, hashes.sha256].map((h) => h ?? '');
    return this.typedIndicator(File, 'File', values, args);
  }
  hashtag(hashtag: string, ...args: IndicatorArgs): Hashtag {
    return this.typedIndicator(Hashtag, 'Hashtag', hashtag, args);
  }
  host(hostName: string, ...args: IndicatorArgs): Host {
    return this.typedIndicator(Host, 'Host', hostName, args);
  }
  mutex(mutex: string, ...args: IndicatorArgs): Mutex {
    return this.typedIndicator(Mutex, 'Mutex', mutex, args);
  }
  registryKey(keyName: string, valueName: string, valueType: string, ...args: IndicatorArgs): RegistryKey {
    return this.typedIndicator(RegistryKey, 'Registry Key', [keyName, valueName, valueType], args);
  }
  url(text: string, ...args: IndicatorArgs): URL {
    return this.typedIndicator(URL, 'URL', text, args);
  }
  userAgent(text: string, ...args: IndicatorArgs): UserAgent {
    return this.typedIndicator(UserAgent, 'User Agent', text, args);
  }

  // ---- Interface 2: generic ---------------------------------------------------------------------------------
  /** A group of any type; type-specific fields through `addKeyValue` (or the typed properties). */
  group(type: string, name: string, xid?: XidInput): BatchGroup {
    const info = groupType(String(type));
    const Cls = (info && GROUP_CLASSES[info.name]) || BatchGroup;
    return this.add(new Cls(this, type, name, xid));
  }

  /** An indicator of any type; `value` is the summary (`a : b : c` for multi-value types) or the values in order. */
  indicator(type: string, value: string | string[], rating?: number | string, confidence?: number | string, xid?: XidInput): BatchIndicator {
    const info = indicatorType(String(type));
    const Cls = (info && INDICATOR_CLASSES[info.name]) || BatchIndicator;
    return this.add(new Cls(this, type, value, { rating, confidence, xid }));
  }

  // ---- Interface 3: raw objects -----------------------------------------------------------------------------
  /** A group in the batch JSON shape; `xid` is required. `fileContent` is taken out and uploaded after the job. */
  addGroup(data: Record<string, any>): BatchGroup {
    const { type, name, xid, attribute, tag, securityLabel, associatedGroupXid, associatedIndicators, fileContent, ...rest } = data ?? {};
    if (typeof xid !== 'string' || xid.trim() === '') {
      throw new BatchValidationError(`${type ?? 'group'} ${JSON.stringify(name)}`, 'xid', xid, 'is required for groups added as raw objects');
    }
    const info = groupType(String(type ?? ''));
    const Cls = (info && GROUP_CLASSES[info.name]) || BatchGroup;
    const group = new Cls(this, type, name, xid);
    for (const [key, value] of Object.entries(rest)) group.addKeyValue(key, value);
    this.rawMetadata(group, attribute, tag, securityLabel);
    for (const other of list(associatedGroupXid)) group.association(other);
    for (const ind of list(associatedIndicators)) group.associateIndicator(ind?.indicatorType, ind?.summary);
    if (fileContent !== undefined) group.setFileContent(fileContent);
    return this.add(group);
  }

  /** An indicator in the batch JSON shape: `summary` or the type's value fields (`ip`, `md5`, `Key Name`, ...). */
  addIndicator(data: Record<string, any>): BatchIndicator {
    const { type, summary, xid, rating, confidence, attribute, tag, securityLabel, associatedGroups, fileOccurrence, ...rest } = data ?? {};
    const info = indicatorType(String(type ?? ''));
    let values: string[] = [summary];
    if (info) {
      const fields = info.fields.filter((f) => rest[f] !== undefined);
      // value fields (any hash, for Files) take precedence over summary, as on the platform
      if (fields.length) values = info.fields.map((f) => (rest[f] === undefined ? '' : String(rest[f])));
      for (const f of info.fields) delete rest[f];
    }
    const Cls = (info && INDICATOR_CLASSES[info.name]) || BatchIndicator;
    const indicator = new Cls(this, type, values.length === 1 ? values[0] : values, { xid, rating, confidence });
    for (const [key, value] of Object.entries(rest)) indicator.addKeyValue(key, value);
    this.rawMetadata(indicator, attribute, tag, securityLabel);
    for (const a of list(associatedGroups)) indicator.association(typeof a === 'string' ? a : a?.groupXid);
    for (const o of list(fileOccurrence)) indicator.occurrence(o?.fileName, o?.path, o?.date);
    return this.add(indicator);
  }

  /** A top-level association (`association[]`): group↔group, group↔indicator, or indicator↔indicator with a type. */
  association(from: AssociationEnd, to: AssociationEnd, associationType?: string): this {
    const wire: WireAssociation = {};
    this.associationEnd(wire, 1, from);
    this.associationEnd(wire, 2, to);
    if (associationType !== undefined) wire.associationType = checkText('association', 'associationType', associationType);
    if (this.validate && wire.type_1 && wire.type_2 && !wire.associationType && isIndicatorEnd(wire, 1) && isIndicatorEnd(wire, 2)) {
      throw new BatchValidationError('association', 'associationType', associationType, 'is required between two indicators');
    }
    return this.addAssociation(wire);
  }

  /** A top-level association in its wire shape (`ref_1`/`id_1`/`type_1`, `ref_2`/`id_2`/`type_2`, `associationType`). */
  addAssociation(wire: WireAssociation): this {
    this.assertOpen();
    if (this.stream) this.refuseWhileStreaming('top-level associations');
    if (this.validate && (wire.ref_1 === undefined && wire.id_1 === undefined || wire.ref_2 === undefined && wire.id_2 === undefined)) {
      throw new BatchValidationError('association', 'ref_1/ref_2', wire, 'needs a ref or an id at both ends');
    }
    this.associationSpool.append(associationKey(wire), JSON.stringify(wire));
    this.added.associations++;
    return this;
  }

  // ---- spooling and chunks ----------------------------------------------------------------------------------
  /** @internal builders call this when they change */
  enqueue(item: BatchItem): void {
    this.assertOpen();
    item._queued = true;
    this.pending.push(item);
    if (this.pending.length >= this.bufferSize) this.flush();
  }

  /** @internal */
  storeFile(xid: string, branch: FileBranch, content: FileContent): void {
    this.files.store(xid, branch, content);
  }

  /** Writes queued builders to the spool now (happens by itself every `bufferSize` changes). */
  flush(): void {
    if (this.closed) return;
    const items = this.pending.splice(0);
    for (const item of items) {
      item._queued = false;
      const spool = item instanceof BatchGroup ? this.groupSpool : this.indicatorSpool;
      spool.append(item.identity(), item.toJson(), item.identityJson());
    }
  }

  /** Spooled records not yet taken into chunks (before de-duplication). */
  get spooled(): number {
    return this.groupSpool.count + this.indicatorSpool.count + this.associationSpool.count + this.pending.length;
  }

  /**
   * The next job's worth of data, or undefined when everything has been taken. Taking chunks consumes the spool;
   * objects added meanwhile go into a fresh spool and come out after the current ones.
   */
  nextChunk(): BatchChunk | undefined {
    return this.takeChunk(1);
  }

  /** The next chunk: the rest of a drain in progress, or a new one once at least `minSpooled` objects wait. */
  private takeChunk(minSpooled: number): BatchChunk | undefined {
    this.assertOpen();
    const held = this.heldChunk;
    if (held) {
      this.heldChunk = undefined;
      return held;
    }
    for (;;) {
      if (!this.drain) {
        if (this.spooled < minSpooled) return undefined;
        this.flush();
        if (this.spooled === 0) return undefined;
        const sources = { groups: this.groupSpool.seal(), indicators: this.indicatorSpool.seal(), associations: this.associationSpool.seal() };
        this.drain = drainChunks(sources, this.limits, this.files, this.workDir(), this.chunkIndex + 1, this.logger, this.pool);
      }
      const next = this.drain.next();
      if (!next.done) {
        this.chunkIndex = next.value.index;
        return next.value;
      }
      this.drain = undefined;
    }
  }

  /**
   * Hands a chunk's buffer back for reuse once its content has been sent or copied (the submit calls do this).
   * Optional: an unreleased chunk is simply garbage-collected. Its `content` must not be used afterwards.
   */
  release(chunk: BatchChunk): void {
    this.pool.release(chunk);
  }

  /** Every remaining chunk, in order (groups, then indicators, then associations). */
  *chunks(): Generator<BatchChunk> {
    for (let chunk = this.nextChunk(); chunk; chunk = this.nextChunk()) yield chunk;
  }

  // ---- submitting -------------------------------------------------------------------------------------------
  /** @internal */
  get api(): BatchApi {
    if (!this.client) throw new TcConfigError('client', undefined, 'a TcClient is needed to submit (new Batch({ client, owner }))');
    this.apiInstance ??= new BatchApi(this.client);
    return this.apiInstance;
  }

  /** Step 1: creates a job (`POST /v2/batch`) and returns its id. Throws on failure. */
  async submitJob(): Promise<number> {
    return this.api.createJob(this.config);
  }

  /**
   * Step 2: uploads data to a job (`POST /v2/batch/{id}`), by default the next chunk. Returns the chunk sent, or
   * undefined when there was nothing left. Its documents and reports wait for `submitFiles()`. Throws on failure.
   */
  async submitData(batchId: number, chunk?: BatchChunk | string | Uint8Array): Promise<BatchChunk | undefined> {
    const raw = typeof chunk === 'string' || chunk instanceof Uint8Array;
    const data = raw ? undefined : (chunk ?? this.nextChunk());
    const content = raw ? chunk : data?.content;
    if (content === undefined) return undefined;
    await this.api.uploadData(batchId, content);
    if (data) {
      this.release(data);
      this.unsentFiles.push(...data.files);
      this.jobItems.set(batchId, data.groups + data.indicators + data.associations);
    }
    return data;
  }

  /** Step 3: polls until the job completes (adaptive, see PollOptions). Throws on failure or timeout. */
  async poll(batchId: number, options: PollOptions = {}): Promise<BatchStatus> {
    const poller = Object.keys(options).length ? new AdaptivePoller({ ...options }) : this.poller;
    return pollUntilDone(this.api, poller, batchId, this.jobItems.get(batchId) ?? 0, Date.now());
  }

  /** Step 4: the job's per-item errors (empty when there are none). Throws while the job runs. */
  async errors(batchId: number): Promise<BatchItemError[]> {
    return this.api.errors(batchId);
  }

  /**
   * Step 5: uploads document and report contents of the chunks sent so far (or the xids given). Never throws for a
   * single file: each result says whether it was uploaded and why not.
   */
  async submitFiles(xids?: string[]): Promise<FileUploadResult[]> {
    const todo = xids ?? this.unsentFiles.splice(0);
    return uploadFiles(this, todo);
  }

  /**
   * Sends the next chunk as one job: createAndUpload (Delete: create + upload), poll, errors, files. Returns
   * undefined when there is nothing to send. With `throwOnError` (default) a failed request, a poll timeout, a
   * critical platform error or a job the platform halted (server haltOnError) throws BatchSubmitError carrying the
   * result; otherwise these are reported in `result.failure` / `result.halted`.
   */
  async submit(options: SubmitOptions = {}): Promise<BatchJobResult | undefined> {
    const chunk = this.nextChunk();
    if (!chunk) return undefined;
    const report = progressReporter(options.progress ?? this.progressOption);
    const state = { itemsDone: 0, itemsTotal: this.added.groups + this.added.indicators + this.added.associations };
    try {
      const result = await runBatchJob(this, chunk, 1, state, options, report);
      this.throwIfNeeded(options, result, result);
      return result;
    } finally {
      report({ phase: 'done', job: 1, ...state });
    }
  }

  /**
   * Sends every chunk, one job after another, and returns each job's result and the totals. While the platform
   * works on a job, the next chunk is serialised and uploaded, so the platform finds it queued when it is done:
   * the client's work and the platform's overlap. Jobs still complete and are reported in order. Only for batches
   * of indicators alone (no groups, no top-level associations: no chunk then needs an earlier one done, even on a
   * platform that ran jobs side by side), without server-side haltOnError, with polling, and not for Delete;
   * otherwise each job is sent after the one before completed. When a job fails, the one sent behind it is waited
   * for and reported too; what is after it stays in the spool.
   *
   * With `submitWhileBuilding`, the result also holds the jobs already sent in the background (their count and
   * timing from the first of them); these were sent with the batch's defaults, `options` apply to the rest.
   */
  async submitAll(options: SubmitOptions = {}): Promise<BatchResult> {
    const throwOnError = options.throwOnError ?? this.throwOnError;
    const background = this.background;
    this.background = undefined;
    const started = background?.started ?? Date.now();
    const report = options.progress !== undefined || !background ? progressReporter(options.progress ?? this.progressOption) : background.pipeline.report;
    const independent = this.added.groups === 0 && this.added.associations === 0;
    const overlap = independent && options.poll !== false && this.config.haltOnError !== 'true' && this.config.action !== 'Delete';
    const pipeline = background?.pipeline ?? new JobPipeline(this, overlap ? 2 : 1, report, options, throwOnError);
    pipeline.report = report;
    pipeline.options = options;
    pipeline.throwOnError = throwOnError;
    pipeline.state.itemsTotal = this.added.groups + this.added.indicators + this.added.associations;
    let jobs: BatchJobResult[] = [];
    try {
      while (!pipeline.stopped) {
        if (!pipeline.ready) {
          await pipeline.wait();
          continue;
        }
        const chunk = this.nextChunk();
        if (!chunk) break;
        await pipeline.send(chunk);
      }
      jobs = await pipeline.results();
    } finally {
      report({ phase: 'done', job: pipeline.sent, itemsDone: pipeline.state.itemsDone, itemsTotal: pipeline.state.itemsTotal });
    }
    const result = summarise(jobs, Date.now() - started);
    const failed = jobs.find((j) => j.failure || j.halted);
    if (failed) this.throwIfNeeded({ throwOnError }, failed, result);
    return result;
  }

  /**
   * submitWhileBuilding: sends the next job in the background when one may go (called before each add, so the
   * builder added last is complete). With no job in flight the platform has nothing to do: `firstJobItems` are
   * enough. Behind a running job, twice the largest job sent so far (up to a full job), so the platform is fed
   * sooner at the start than by waiting for a full one.
   */
  private sendWhileBuilding(stream: StreamSettings): void {
    const full = Math.min(this.limits.maxItems, this.limits.maxIndicators);
    const bg = this.background;
    if (bg && !bg.pipeline.ready) {
      // One full job waits serialised, so the spool starts afresh instead of outgrowing a job: a bigger spool
      // comes out as a full job and a small remainder, which the platform finishes at once and then sits idle.
      if (!this.heldChunk && !bg.pipeline.stopped) this.heldChunk = this.takeChunk(full);
      return;
    }
    const idle = !bg || bg.pipeline.inFlight === 0;
    const chunk = this.takeChunk(idle ? stream.firstJobItems : Math.min(full, Math.max(stream.firstJobItems, 2 * (bg?.largest ?? 0))));
    if (!chunk) return;
    const running = (this.background ??= {
      pipeline: new JobPipeline(this, stream.jobsInFlight, progressReporter(this.progressOption), {}, this.throwOnError),
      started: Date.now(),
      largest: 0,
    });
    running.largest = Math.max(running.largest, chunk.groups + chunk.indicators + chunk.associations);
    running.pipeline.state.itemsTotal = this.added.groups + this.added.indicators + this.added.associations;
    void running.pipeline.send(chunk);
  }

  private refuseWhileStreaming(what: string): never {
    throw new BatchStateError(
      `batch: ${what} cannot be added with submitWhileBuilding (a job sent early could need them); use a batch without it for groups and associations`,
    );
  }

  private throwIfNeeded(options: SubmitOptions, job: BatchJobResult, result: unknown): void {
    if (!(options.throwOnError ?? this.throwOnError)) return;
    if (job.failure) throw new BatchSubmitError(`batch job${job.batchId !== undefined ? ` ${job.batchId}` : ''} failed: ${job.failure}`, result);
    if (job.halted) {
      const first = job.errors[0]?.errorReason ?? 'see result.errors';
      throw new BatchSubmitError(`batch job ${job.batchId} was halted by the platform at an error (haltOnError): ${first}`, result);
    }
  }

  // ---- lifecycle --------------------------------------------------------------------------------------------
  /** Deletes the spool and forgets pending data. Safe to call twice; the batch cannot be used afterwards. */
  close(): void {
    this.discard();
  }

  /** @internal */
  discard(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending.length = 0;
    this.drain = undefined;
    this.heldChunk = undefined;
    this.groupSpool.discard();
    this.indicatorSpool.discard();
    this.associationSpool.discard();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    openBatches.delete(this);
  }

  private assertOpen(): void {
    if (this.closed) throw new BatchStateError('batch: this batch was closed; create a new one');
  }

  private add<T extends BatchItem>(item: T): T {
    if (this.stream) {
      this.assertOpen();
      if (item instanceof BatchGroup) this.refuseWhileStreaming('groups');
      this.sendWhileBuilding(this.stream);
    }
    if (item instanceof BatchGroup) this.added.groups++;
    else this.added.indicators++;
    this.enqueue(item);
    return item;
  }

  protected override typedGroup<T extends BatchGroup>(
    Cls: new (sink: Batch, type: string, name: string, xid?: XidInput) => T,
    type: string,
    name: string,
    options: GroupArg | undefined,
    required: Record<string, unknown> = {},
  ): T {
    const opts = typeof options === 'object' && options !== null ? options : { xid: options };
    const { xid, fileContent, ...fields } = opts as Record<string, any>;
    const group = new Cls(this, type, name, xid);
    for (const [key, value] of Object.entries({ ...required, ...fields })) {
      if (value !== undefined) group.addKeyValue(key, value);
    }
    if (fileContent !== undefined) group.setFileContent(fileContent);
    return this.add(group);
  }

  private typedIndicator<T extends BatchIndicator>(
    Cls: new (sink: ItemSink, type: string, values: string | string[], options?: IndicatorOptions) => T,
    type: string,
    values: string | string[],
    args: IndicatorArgs,
  ): T {
    const [first, confidence, xid] = args;
    const options: IndicatorOptions =
      typeof first === 'object' && first !== null ? first : { rating: first as number | string | undefined, confidence, xid };
    return this.add(new Cls(this, type, values, options));
  }

  private rawMetadata(item: BatchItem, attributes: unknown, tags: unknown, labels: unknown): void {
    for (const a of list(attributes)) {
      const attr = item.attribute(a?.type, a?.value, a?.displayed, a?.source);
      for (const l of list(a?.securityLabel)) attr.securityLabel(l?.name, l?.description, l?.color);
    }
    for (const t of list(tags)) item.tag(typeof t === 'string' ? t : t?.name);
    for (const l of list(labels)) item.securityLabel(typeof l === 'string' ? l : l?.name, l?.description, l?.color);
  }

  private associationEnd(wire: WireAssociation, n: 1 | 2, end: AssociationEnd): void {
    const w = wire as Record<string, unknown>;
    if (end instanceof BatchGroup) w[`ref_${n}`] = end.xid;
    else if (end instanceof BatchIndicator) {
      w[`ref_${n}`] = end.summary;
      w[`type_${n}`] = end.type;
    } else if ('id' in end && end.id !== undefined) {
      w[`id_${n}`] = end.id;
      if (end.type) w[`type_${n}`] = end.type;
    } else if ('xid' in end) w[`ref_${n}`] = checkText('association', `ref_${n}`, end.xid);
    else if ('summary' in end) {
      w[`ref_${n}`] = checkText('association', `ref_${n}`, end.summary);
      w[`type_${n}`] = end.type;
    } else throw new BatchValidationError('association', `end ${n}`, end, 'must be a builder, {xid}, {type, summary} or {id}');
  }
}

function list(value: unknown): any[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function isIndicatorEnd(wire: WireAssociation, n: 1 | 2): boolean {
  const type = (wire as Record<string, unknown>)[`type_${n}`];
  return typeof type === 'string' && indicatorType(type) !== undefined;
}
