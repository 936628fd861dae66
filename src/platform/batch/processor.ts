import { groupType, indicatorType } from '../../model/index.js';
import type { Db } from '../db/index.js';
import { ApiFailure } from '../http/errors.js';
import { associationTypeKey, type LinkAuthority, type TiInputError, type TiStore } from '../store/index.js';
import type { AssociationRef, MetadataInput } from '../store/types.js';
import { dateField } from '../store/values.js';
import { BATCH_CODES, type BatchErrorEntry } from './codes.js';
import type { JobConfig } from './config.js';
import { indicatorSummary, type AssociationEnd, type AssociationStep, type JobPlan } from './content.js';
import { FreshIndicatorLane, LaneFailure } from './fresh-lane.js';
import { addIndicatorFields, batchAttributes, batchTags, indicatorIdentity, isObject, label, list } from './items.js';

export type StepKind = 'group' | 'indicator' | 'association';
/**
 * A step's result: refused (`error`), or saved, possibly without some of its attributes, tags or labels (`losses`:
 * the batch API's partial loss, one entry per part left out).
 */
export type StepOutcome = { kind: StepKind; error?: BatchErrorEntry; losses?: BatchErrorEntry[] };

/** On whose behalf a job writes: the links its user may make, and whether they may create security labels. */
export interface JobActor {
  links: LinkAuthority;
  mayCreateLabels: boolean;
}

/** The outcome of a step saved whole, one per kind: reported for nearly every step, so not built anew each time. */
const SAVED: Readonly<Record<StepKind, Readonly<StepOutcome>>> = Object.freeze({
  group: Object.freeze({ kind: 'group' }),
  indicator: Object.freeze({ kind: 'indicator' }),
  association: Object.freeze({ kind: 'association' }),
});

/** Group keys that are not group fields (metadata, links, and dates the server owns). */
const GROUP_SKIP = new Set(['type', 'name', 'xid', 'attribute', 'tag', 'securityLabel', 'associatedGroupXid', 'associatedIndicators', 'dateAdded', 'lastModified', 'fileContent', 'fileSize']);

/**
 * Steps run under one savepoint: few enough that redoing them after an error is cheap. Longer runs share the pages
 * SQLite copies into a savepoint's journal among more rows, but runs doubling up to 4,000 gained Files nothing
 * measurable and cost Address jobs on a file about a fifth (why, not established).
 */
const RUN_STEPS = 250;

/**
 * Applies a job's steps to the TI store. A refused step leaves nothing behind while the steps around it are kept:
 * steps run together in one savepoint, and when one fails the savepoint is rolled back, the steps before it are run
 * again in a new one, and the failing step then runs first in a run of its own (so its error is what it does alone).
 * A savepoint per step did the same but made every step pay for it (a 25,000-indicator job took about a fifth
 * longer); this way a run of RUN_STEPS steps takes one savepoint, and an error costs at most one more run of the
 * steps before it in its run.
 */
export class StepProcessor {
  private readonly groupIds = new Map<string, number>();
  private readonly savepoint: (fn: () => void) => void;
  /** partial losses of the steps applied in the current run, by step */
  private readonly losses = new Map<number, BatchErrorEntry[]>();
  private current = 0;
  /** with haltOnError: the step whose partial loss halts the job; the steps after it in its run are skipped */
  private haltAfter?: number;
  private halting = false;
  /** Create jobs: new indicators are written in bulk (see FreshIndicatorLane) */
  private readonly lane?: FreshIndicatorLane;
  /** steps before this one run without the lane (its bulk write failed there) */
  private plainUntil = 0;

  constructor(
    private readonly db: Db,
    private readonly store: TiStore,
    private readonly ownerId: number,
    private readonly config: JobConfig,
    private readonly plan: JobPlan,
    private readonly actor: JobActor,
    bulkInsert = true,
  ) {
    const nested = db.transaction((fn: () => void) => fn());
    this.savepoint = (fn) => nested(fn);
    if (bulkInsert && config.action !== 'Delete') {
      this.lane = new FreshIndicatorLane(store, ownerId, (step) => {
        this.apply(step);
        return this.haltAfter !== undefined;
      });
    }
  }

  kindOf(step: number): StepKind {
    if (step < this.plan.groups.length) return 'group';
    if (step < this.plan.groups.length + this.plan.indicators.length) return 'indicator';
    return 'association';
  }

  /**
   * Runs steps [from, end) inside the caller's transaction, reporting each outcome in step order; with
   * `haltOnError` it stops after the first refused step, and it starts no new run of steps after `deadline` (a
   * `performance.now()` time). Returns the step after the last one run.
   */
  runSteps(from: number, end: number, deadline: number, haltOnError: boolean, report: (outcome: StepOutcome) => void): number {
    const runEnd = (start: number) => Math.min(end, start + RUN_STEPS);
    this.halting = haltOnError;
    let next = from;
    let stop = runEnd(from);
    while (next < end) {
      const failure = this.attempt(next, stop);
      if (!failure) {
        const halt = this.haltAfter;
        const last = halt === undefined ? stop : halt + 1;
        for (let step = next; step < last; step++) {
          const losses = this.losses.get(step);
          report(losses ? { kind: this.kindOf(step), losses } : SAVED[this.kindOf(step)]);
        }
        this.losses.clear();
        if (halt !== undefined) {
          this.haltAfter = undefined;
          return last;
        }
        next = stop;
        if (performance.now() >= deadline) break;
        stop = runEnd(next);
        continue;
      }
      this.afterRollback();
      if (failure === 'plain') {
        this.plainUntil = stop;
        continue;
      }
      if (failure.step > next) {
        // keep the steps that worked: run them again without the failing one, which then comes first
        stop = failure.step;
        continue;
      }
      const kind = this.kindOf(next);
      report({ kind, error: this.describeError(kind, next, failure.err) });
      next++;
      stop = runEnd(next);
      if (haltOnError) break;
    }
    return next;
  }

  /**
   * Steps [from, to) in one savepoint; on a failure everything since `from` is rolled back and the step named, or
   * 'plain' when a bulk write of the fresh-indicator lane failed (the run is then redone step by step, which names
   * the step).
   */
  private attempt(from: number, to: number): { step: number; err: unknown } | 'plain' | undefined {
    // outside a transaction the savepoint would commit on its own, apart from the job's progress (and SQLite ends
    // the transaction itself after some failures, such as a full disk)
    if (!this.db.inTransaction) throw new Error('batch steps run only inside the transaction of their slice');
    const lane = from >= this.plainUntil ? this.lane : undefined;
    const groups = this.plan.groups.length;
    const indicators = groups + this.plan.indicators.length;
    let step = from;
    try {
      this.savepoint(() => {
        for (; step < to; step++) {
          if (lane && step >= groups && step < indicators && this.haltAfter === undefined && lane.offer(step, this.plan.indicators[step - groups])) continue;
          lane?.flush();
          this.apply(step);
        }
        lane?.flush();
      });
      return undefined;
    } catch (err) {
      lane?.drop();
      if (err instanceof LaneFailure) return err.step === undefined ? 'plain' : { step: err.step, err: err.failure };
      // not a step's failure (the savepoint itself failed): nothing to retry
      if (step >= to) throw err;
      return { step, err };
    }
  }

  private apply(step: number): void {
    if (this.haltAfter !== undefined) return;
    this.losses.delete(step);
    this.current = step;
    const groups = this.plan.groups.length;
    const indicators = this.plan.indicators.length;
    if (step < groups) this.group(step, this.plan.groups[step]);
    else if (step < groups + indicators) this.indicator(step - groups, this.plan.indicators[step - groups]);
    else this.association(this.plan.associations[step - groups - indicators]);
    if (this.halting && this.losses.has(step)) this.haltAfter = step;
  }

  /** Records a part of the current step left out (the item itself is saved). */
  private lose(kind: 'group' | 'indicator', err: TiInputError): void {
    const entry: BatchErrorEntry = {
      code: kind === 'group' ? BATCH_CODES.groupPartialLoss : BATCH_CODES.indicatorPartialLoss,
      severity: 'Error',
      errorReason: err.message,
      errorSource: this.source(kind, this.current),
    };
    const list = this.losses.get(this.current);
    if (list) list.push(entry);
    else this.losses.set(this.current, [entry]);
  }

  /** After a rollback, ids remembered during the rolled-back steps may name rows that no longer exist. */
  private afterRollback(): void {
    this.losses.clear();
    this.haltAfter = undefined;
    this.store.meta.dropCaches();
    this.store.core.forgetFresh();
    this.groupIds.clear();
  }

  // ---- groups ----

  private group(index: number, g: unknown): void {
    if (!isObject(g)) throw new StepError(BATCH_CODES.invalidGroup, `group[${index}] is not an object`);
    const info = typeof g.type === 'string' ? groupType(g.type) : undefined;
    if (!info) throw new StepError(BATCH_CODES.invalidGroup, `type: unknown group type ${JSON.stringify(g.type)}`);
    if (typeof g.xid !== 'string' || g.xid.trim() === '') throw new StepError(BATCH_CODES.invalidGroup, `xid: required for every group (got ${JSON.stringify(g.xid)})`);
    if (this.config.action === 'Delete') {
      const found = this.store.groups.findByXid(this.ownerId, g.xid);
      if (!found) throw new StepError(BATCH_CODES.notFound, `no ${info.name} with xid ${JSON.stringify(g.xid)} in the owner`);
      this.store.groups.delete(found.id);
      this.groupIds.delete(g.xid);
      return;
    }
    const input: Record<string, unknown> = { type: info.name, name: g.name, xid: g.xid };
    for (const [key, value] of Object.entries(g)) if (!GROUP_SKIP.has(key)) input[key] = value;
    const { id, created } = this.store.groups.upsertByXid(this.ownerId, input as any, { requireFields: 'batch' });
    this.groupIds.set(g.xid, id);
    this.metadata({ kind: 'group', id }, g, created);
  }

  // ---- indicators ----

  private indicator(index: number, d: unknown): void {
    if (!isObject(d)) throw new StepError(BATCH_CODES.invalidIndicator, `indicator[${index}] is not an object`);
    const info = typeof d.type === 'string' ? indicatorType(d.type) : undefined;
    if (!info) throw new StepError(BATCH_CODES.invalidIndicator, `type: unknown indicator type ${JSON.stringify(d.type)}`);
    const input = indicatorIdentity(info, d);
    if (this.config.action === 'Delete') {
      const id = this.store.indicators.identify(input);
      const found = this.store.indicators.find(this.ownerId, info.name, id.summary);
      if (!found) throw new StepError(BATCH_CODES.notFound, `no ${info.name} ${JSON.stringify(id.summary)} in the owner`);
      this.store.indicators.delete(found.id);
      return;
    }
    addIndicatorFields(input, d);
    const result = this.store.indicators.upsert(this.ownerId, input, {
      fileMergeMode: this.config.fileMergeMode,
      hashCollisionMode: this.config.hashCollisionMode,
    });
    if (result.skipped) return;
    for (const id of result.ids ?? [result.id]) {
      this.metadata({ kind: 'indicator', id }, d, result.created);
      if (info.name === 'File') this.occurrences(id, d.fileOccurrence);
    }
  }

  private occurrences(id: number, raw: unknown): void {
    const wanted = list(raw);
    if (!wanted.length) return;
    const existing = this.store.indicators.occurrences(id);
    for (const occ of wanted) {
      if (!isObject(occ)) throw new StepError(BATCH_CODES.invalidIndicator, `fileOccurrence: ${JSON.stringify(occ)} is not an object`);
      // the same occurrence sent again (a re-run feed) is kept once
      const date = dateField('fileOccurrence.date', occ.date) ?? null;
      const same = (e: { fileName: string | null; path: string | null; date: string | null }) =>
        e.fileName === (occ.fileName ?? null) && e.path === (occ.path ?? null) && e.date === date;
      if (!existing.some(same)) existing.push(this.store.indicators.addOccurrence(id, { fileName: occ.fileName, path: occ.path, date: occ.date }));
    }
  }

  // ---- metadata ----

  /**
   * Attributes, tags and labels per the job's write types; a list absent from the item leaves the item's own
   * untouched. A new item has nothing to replace, so it takes the cheap Append path. Static keeps the attributes
   * of existing items and writes those of new ones.
   */
  private metadata(ref: { kind: 'group' | 'indicator'; id: number }, d: Record<string, any>, created: boolean): void {
    const meta: MetadataInput = {};
    const attributes = batchAttributes(d, ref.kind === 'indicator');
    if (attributes !== undefined) {
      const writeType = created ? 'Append' : this.config.attributeWriteType;
      if (writeType !== 'Static') {
        meta.attributes = attributes;
        meta.attributeWriteType = writeType;
      }
    }
    if (d.tag !== undefined) {
      meta.tags = batchTags(d) as string[];
      meta.tagWriteType = created ? 'Append' : this.config.tagWriteType;
    }
    if (d.securityLabel !== undefined) {
      meta.securityLabels = list(d.securityLabel).map(label);
      meta.securityLabelWriteType = created ? 'Append' : this.config.securityLabelWriteType;
    }
    if (meta.attributes || meta.tags || meta.securityLabels) {
      // a bad attribute, tag or label is reported and left out; the item and the rest of its metadata are kept
      meta.allowNewLabels = this.actor.mayCreateLabels;
      meta.onRefused = (err) => this.lose(ref.kind, err);
      this.store.meta.applyMetadata(ref, this.ownerId, meta);
    }
  }

  // ---- associations ----

  private association(step: AssociationStep): void {
    const a = this.resolve(step.a, step.source);
    const b = this.resolve(step.b, step.source);
    let type = '';
    if (a.kind === 'indicator' && b.kind === 'indicator') {
      if (!step.type) {
        throw new StepError(BATCH_CODES.association, `${step.source}: an associationType is required between two indicators`);
      }
      type = associationTypeKey(step.type);
    }
    if (this.config.action === 'Delete') {
      if (!this.store.associations.dissociate(a, b, type, this.actor.links)) throw new StepError(BATCH_CODES.notFound, `${step.source}: the items are not associated`);
      return;
    }
    this.store.associations.associate(a, b, type, this.actor.links);
  }

  private resolve(end: AssociationEnd, source: string): AssociationRef {
    if (end.kind === 'id') {
      const kind = end.type && indicatorType(end.type) ? 'indicator' : 'group';
      if (!Number.isInteger(end.id) || !this.store.exists({ kind, id: end.id }) || this.store.ownerOf({ kind, id: end.id }) !== this.ownerId) {
        throw new StepError(BATCH_CODES.association, `${source}: no ${kind} with id ${end.id} in the owner`);
      }
      return { kind, id: end.id };
    }
    if (end.kind === 'group') {
      const cached = this.groupIds.get(end.xid);
      if (cached !== undefined) return { kind: 'group', id: cached };
      const found = end.xid ? this.store.groups.findByXid(this.ownerId, end.xid) : undefined;
      if (!found) throw new StepError(BATCH_CODES.association, `${source}: no group with xid ${JSON.stringify(end.xid)} in the batch or the owner`);
      this.groupIds.set(end.xid, found.id);
      return { kind: 'group', id: found.id };
    }
    const found = indicatorType(end.type) ? this.store.indicators.find(this.ownerId, end.type, end.summary) : undefined;
    if (!found) throw new StepError(BATCH_CODES.association, `${source}: no ${end.type || 'indicator'} ${JSON.stringify(end.summary)} in the batch or the owner`);
    return { kind: 'indicator', id: found.id };
  }

  // ---- errors ----

  private describeError(kind: StepKind, step: number, err: unknown): BatchErrorEntry {
    const code =
      err instanceof StepError ? err.code : err instanceof ApiFailure ? (kind === 'group' ? BATCH_CODES.invalidGroup : kind === 'indicator' ? BATCH_CODES.invalidIndicator : BATCH_CODES.association) : BATCH_CODES.internal;
    const reason = err instanceof Error ? err.message : String(err);
    return { code, severity: 'Error', errorReason: reason, errorSource: this.source(kind, step) };
  }

  private source(kind: StepKind, step: number): string {
    if (kind === 'group') {
      const g = this.plan.groups[step] as Record<string, unknown>;
      return isObject(g) ? `${g.type} ${JSON.stringify(g.name)} (xid ${JSON.stringify(g.xid)})` : `group[${step}]`;
    }
    if (kind === 'indicator') {
      const i = step - this.plan.groups.length;
      const d = this.plan.indicators[i];
      return isObject(d) ? `${d.type} ${JSON.stringify(indicatorSummary(d))}` : `indicator[${i}]`;
    }
    const a = this.plan.associations[step - this.plan.groups.length - this.plan.indicators.length];
    const end = (e: AssociationEnd) => (e.kind === 'group' ? `group xid ${JSON.stringify(e.xid)}` : e.kind === 'id' ? `id ${e.id}` : `${e.type} ${JSON.stringify(e.summary)}`);
    return `${a.source}: ${end(a.a)} ↔ ${end(a.b)}`;
  }
}

class StepError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
