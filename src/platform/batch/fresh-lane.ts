import { indicatorType } from '../../model/index.js';
import { BulkMetadataWriter, type NewAttributeRow } from '../store/bulk-metadata.js';
import type { Columns, NewIndicatorRow } from '../store/indicators.js';
import type { AttributeInput } from '../store/types.js';
import type { TiStore } from '../store/index.js';
import { TiInputError } from '../store/index.js';
import { foldAscii } from '../store/fold.js';
import { addIndicatorFields, indicatorIdentity, isObject } from './items.js';

/** A step held back to be written together with its neighbours. */
interface Held {
  step: number;
  row: NewIndicatorRow;
  /** itemId set once the indicator is inserted */
  attributes: NewAttributeRow[];
  tags: string[];
}

/** Raised inside a run when a held step cannot be written; `step` names it when known. */
export class LaneFailure extends Error {
  constructor(
    readonly step: number | undefined,
    readonly failure: unknown,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

const HASH_SLOT_COUNT = 3;
/** Types whose displayed attribute is the item's own field: one of each stays displayed (as applyMetadata does). */
const DEFAULT_TYPES = new Set(['description', 'source']);
const isDefaultType = (type: string): boolean => (type.length === 11 || type.length === 6) && DEFAULT_TYPES.has(foldAscii(type));
/** What `list(v).length > 0` says, without the list. */
const hasEntries = (v: unknown): boolean => v !== undefined && v !== null && (!Array.isArray(v) || v.length > 0);

/**
 * The fast lane of a Create job: indicators that are new to the owner, valid, and carry only attributes and tags
 * (the bulk of every feed) are checked on arrival and held; at the end of a run of steps (or before any step that
 * does not qualify) the held ones are looked up in the owner with one query per type, and those still new are
 * written with multi-row INSERTs of indicators, attributes and tag links. Whatever does not qualify (an update, a
 * File sharing a hash, security labels, occurrences, anything invalid) goes through the step-by-step path, in
 * step order, so the rows, their ids and every error are what the step-by-step path alone produces.
 */
export class FreshIndicatorLane {
  private held: Held[] = [];
  /** identities held, by type: summaries, and every hash of the Files */
  private readonly keys = new Map<string, Set<string>>();
  private readonly bulk: BulkMetadataWriter;

  constructor(
    private readonly store: TiStore,
    private readonly ownerId: number,
    /** applies one step the step-by-step way; true when the job halts after it */
    private readonly applyStep: (step: number) => boolean,
  ) {
    this.bulk = new BulkMetadataWriter(store.core);
  }

  /** Holds the indicator when it qualifies; false leaves it to the caller (who flushes first). */
  offer(step: number, d: unknown): boolean {
    if (!isObject(d) || typeof d.type !== 'string') return false;
    if (d.securityLabel !== undefined || d.fileOccurrence !== undefined) return false;
    const info = indicatorType(d.type);
    if (!info) return false;
    const held: Held = { step, row: undefined as unknown as NewIndicatorRow, attributes: [], tags: [] };
    try {
      const input = indicatorIdentity(info, d);
      const { values, summary } = this.store.indicators.identify(input);
      const cols: Columns = this.store.indicators.columns(info, addIndicatorFields(input, d));
      held.row = { type: info.name, summary, values, cols };
      if (!this.attributes(held, d) || !this.tags(held, d)) return false;
    } catch (err) {
      if (err instanceof TiInputError) return false;
      throw err;
    }
    let keys = this.keys.get(info.name);
    if (!keys) this.keys.set(info.name, (keys = new Set()));
    if (info.name === 'File') {
      const values = held.row.values;
      for (const v of values) if (v !== null && keys.has(v)) return false;
      for (const v of values) if (v !== null) keys.add(v);
    } else {
      if (keys.has(held.row.summary)) return false;
      keys.add(held.row.summary);
    }
    this.held.push(held);
    return true;
  }

  /** Writes what is held, in step order. A held step's failure is a LaneFailure naming it (or not, for a bulk write). */
  flush(): void {
    const held = this.held;
    if (!held.length) return;
    this.held = [];
    this.keys.clear();
    // optimistic: the held indicators are inserted at once and the unique indexes (identity, and each File hash)
    // tell whether any already existed (then nothing was written and each is looked up). Files those indexes would
    // let through are looked up first (filesUnseenByIndexes).
    if (!this.heldFiles(held) || !this.filesUnseenByIndexes(held)) {
      const ids = this.insertIndicators(held, true);
      if (ids) {
        this.writeMetadata(held, ids);
        return;
      }
    }
    const existing = this.existing(held, false);
    let fresh: Held[] = [];
    for (const h of held) {
      if (!existing.has(h)) {
        fresh.push(h);
        continue;
      }
      this.write(fresh);
      fresh = [];
      let halt: boolean;
      try {
        halt = this.applyStep(h.step);
      } catch (err) {
        throw new LaneFailure(h.step, err);
      }
      // the steps after a halting one are not applied
      if (halt) return;
    }
    this.write(fresh);
  }

  /** Whether any held indicator is a File. */
  private heldFiles(held: Held[]): boolean {
    for (const h of held) if (h.row.type === 'File') return true;
    return false;
  }

  /**
   * Whether a held File's hash is held by a File of the owner that the unique indexes would not refuse it for. With
   * Files that share hashes (hash_unique NULL) in the owner, any of them; otherwise only across the two kinds of
   * File: one hash (kept unique by the identity index) against several (by the hash indexes). A feed of one-hash
   * Files into an owner without Files of several hashes costs two small queries per flush.
   */
  private filesUnseenByIndexes(held: Held[]): boolean {
    const indicators = this.store.indicators;
    if (indicators.filesSharingHashes(this.ownerId)) return this.existing(held, true).size > 0;
    const single: [string[], string[], string[]] = [[], [], []];
    const ofSeveral: string[] = [];
    for (const h of held) {
      if (h.row.type !== 'File') continue;
      const values = h.row.values;
      let slot = -1;
      let count = 0;
      for (let i = 0; i < HASH_SLOT_COUNT; i++) {
        if (values[i] !== null) {
          slot = i;
          count++;
        }
      }
      if (count === 1) single[slot].push(values[slot] as string);
      else for (const v of values) if (v !== null) ofSeveral.push(v);
    }
    return indicators.crossHashFiles(this.ownerId, single, ofSeveral).size > 0;
  }

  /** Forgets what is held (the run was rolled back). */
  drop(): void {
    this.held = [];
    this.keys.clear();
  }

  /**
   * The item's attributes, checked, onto `held` (false: left to the step-by-step path). Reads the item as
   * batchAttributes does, without building its list: one attribute object and a label list per item were a good
   * part of the lane's allocations.
   */
  private attributes(held: Held, d: Record<string, any>): boolean {
    const raw = d.attribute;
    if (raw !== undefined) {
      if (Array.isArray(raw)) {
        for (let i = 0; i < raw.length; i++) if (!this.attribute(held, raw[i])) return false;
      } else if (raw !== null && !this.attribute(held, raw)) return false;
    }
    // V1 indicators carry description and source as fields: they become default attributes (as batchAttributes says)
    if (typeof d.description === 'string' && d.description !== '' && !this.attribute(held, { type: 'Description', value: d.description, displayed: true })) return false;
    if (typeof d.source === 'string' && d.source !== '' && !this.attribute(held, { type: 'Source', value: d.source, displayed: true })) return false;
    return true;
  }

  private attribute(held: Held, a: unknown): boolean {
    // one with security labels goes the step-by-step way
    if (!isObject(a) || hasEntries(a.securityLabel)) return false;
    // a refused attribute is a partial loss: left to the step-by-step path to report
    const v = this.store.meta.validateAttribute(a as AttributeInput);
    const type = v.type.name;
    if (v.displayed && isDefaultType(type)) {
      // one displayed attribute of a default type: the one sent last (the others were sent before it)
      for (const before of held.attributes) if (before.displayed && before.type === type) before.displayed = false;
    }
    held.attributes.push({ itemId: 0, type, value: v.value, displayed: v.displayed, source: v.source, pinned: v.pinned });
    return true;
  }

  private tags(held: Held, d: Record<string, any>): boolean {
    const raw = d.tag;
    if (raw === undefined) return true;
    // no closure per item: the build names every function it creates (esbuild's keepNames), which costs per call
    if (Array.isArray(raw)) for (let i = 0; i < raw.length; i++) held.tags.push(this.tagName(raw[i]));
    else if (raw !== null) held.tags.push(this.tagName(raw));
    return true;
  }

  private tagName(t: unknown): string {
    return this.store.meta.checkTagName(isObject(t) ? t.name : t);
  }

  /** The held steps whose indicator the owner already has (by identity; Files by any hash); only Files if asked. */
  private existing(held: Held[], filesOnly: boolean): Set<Held> {
    const byType = new Map<string, Held[]>();
    for (const h of held) {
      if (filesOnly && h.row.type !== 'File') continue;
      const group = byType.get(h.row.type);
      if (group) group.push(h);
      else byType.set(h.row.type, [h]);
    }
    const out = new Set<Held>();
    for (const [type, group] of byType) {
      if (type === 'File') {
        const bySlot: [string[], string[], string[]] = [[], [], []];
        for (const h of group) for (let i = 0; i < HASH_SLOT_COUNT; i++) if (h.row.values[i]) bySlot[i].push(h.row.values[i] as string);
        const found = this.store.indicators.existingHashes(this.ownerId, bySlot);
        if (found.size) for (const h of group) if (h.row.values.some((v) => v !== null && found.has(v))) out.add(h);
        continue;
      }
      const found = this.store.indicators.existingSummaries(this.ownerId, type, group.map(summary));
      if (found.size) for (const h of group) if (found.has(summary(h))) out.add(h);
    }
    return out;
  }

  private write(fresh: Held[]): void {
    if (!fresh.length) return;
    this.writeMetadata(fresh, this.insertIndicators(fresh, false) as number[]);
  }

  /** The held indicators inserted, their ids in order; optimistic: undefined when one already existed. */
  private insertIndicators(fresh: Held[], optimistic: boolean): number[] | undefined {
    const rows = fresh.map((h) => h.row);
    try {
      return optimistic ? this.store.indicators.insertNewIfNoneExists(this.ownerId, rows) : this.store.indicators.insertNew(this.ownerId, rows);
    } catch (err) {
      throw new LaneFailure(undefined, err);
    }
  }

  /** Attributes and tag links of indicators just inserted with these ids. */
  private writeMetadata(fresh: Held[], ids: number[]): void {
    try {
      const attributes: NewAttributeRow[] = [];
      for (let i = 0; i < fresh.length; i++) {
        for (const a of fresh[i].attributes) {
          a.itemId = ids[i];
          attributes.push(a);
        }
      }
      this.bulk.insertAttributes('indicator', attributes);
      // tag ids resolved in step order, so new tags are created in the order the step-by-step path creates them
      const links: number[] = [];
      // a feed tags most items alike: the name looked up last is asked for again without folding it into a key
      let lastName: string | undefined;
      let lastId = 0;
      for (let i = 0; i < fresh.length; i++) {
        for (const name of fresh[i].tags) {
          if (name !== lastName) {
            lastId = this.store.meta.tagId(this.ownerId, name) as number;
            lastName = name;
          }
          links.push(ids[i], lastId);
        }
      }
      this.bulk.insertItemTags('indicator', links);
    } catch (err) {
      throw new LaneFailure(undefined, err);
    }
  }
}

const summary = (h: Held): string => h.row.summary;
