import { SUMMARY_SEPARATOR, indicatorType, normaliseIndicator, type IndicatorTypeInfo } from '../../model/index.js';
import { placeholders, type StoreCore } from './base.js';
import { MULTI_ROW_LIMIT, MultiRowInsert, type InsertColumn } from './multi-row.js';
import type { AssociationRepo } from './associations.js';
import type { MetadataRepo } from './metadata.js';
import { f, type FieldMap } from './conditions.js';
import { listRows } from './listing.js';
import { MULTI_HASH_FILE } from '../db/schema/ti.js';
import { TiInputError, describe } from './errors.js';
import type {
  DeletedIndicatorRecord,
  FileMergeOptions,
  FileOccurrenceInput,
  FileOccurrenceRecord,
  IndicatorInput,
  IndicatorListQuery,
  IndicatorPatch,
  IndicatorRecord,
  ListResult,
  UpsertResult,
} from './types.js';
import { bit, boolField, dateField, nullableBoolField, numberField, textField } from './values.js';

interface IndicatorRow {
  id: number;
  owner_id: number;
  type: string;
  summary: string;
  value1: string | null;
  value2: string | null;
  value3: string | null;
  rating: number | null;
  confidence: number | null;
  active: number;
  active_locked: number;
  private_flag: number;
  dns_active: number | null;
  whois_active: number | null;
  size: number | null;
  xid: string | null;
  first_seen: string | null;
  last_seen: string | null;
  external_date_added: string | null;
  external_date_expires: string | null;
  external_last_modified: string | null;
  observation_count: number;
  last_observed: string | null;
  false_positive_count: number;
  false_positive_last: string | null;
  date_added: string;
  last_modified: string;
  /** 1, or NULL for a File created beside another holding one of its hashes (see the schema's fileHashIndexes) */
  hash_unique: number | null;
}

const flag = (v: number | null): boolean | null => (v === null ? null : v === 1);

export function toIndicator(r: IndicatorRow): IndicatorRecord {
  const info = indicatorType(r.type);
  const n = info ? info.fields.length : 1;
  return {
    id: r.id,
    ownerId: r.owner_id,
    type: r.type,
    summary: r.summary,
    values: [r.value1, r.value2, r.value3].slice(0, n),
    rating: r.rating,
    confidence: r.confidence,
    active: r.active === 1,
    activeLocked: r.active_locked === 1,
    privateFlag: r.private_flag === 1,
    dnsActive: flag(r.dns_active),
    whoisActive: flag(r.whois_active),
    size: r.size,
    xid: r.xid,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    externalDateAdded: r.external_date_added,
    externalDateExpires: r.external_date_expires,
    externalLastModified: r.external_last_modified,
    observationCount: r.observation_count,
    lastObserved: r.last_observed,
    falsePositiveCount: r.false_positive_count,
    falsePositiveLastReported: r.false_positive_last,
    dateAdded: r.date_added,
    lastModified: r.last_modified,
  };
}

/** Score on ThreatConnect's 0-1000 scale from rating and confidence (the local platform's own formula). */
export const THREAT_ASSESS_SCORE_SQL = 'CAST(ROUND(COALESCE(rating, 0) * COALESCE(confidence, 0) * 2) AS INTEGER)';
export const threatAssessScore = (rating: number | null, confidence: number | null): number => Math.round((rating ?? 0) * (confidence ?? 0) * 2);

const NO_GEO = f('NULL', 'text');

export const INDICATOR_COLUMNS: FieldMap = {
  id: f('id', 'number'),
  summary: f('summary', 'text'),
  type: f('type', 'text'),
  xid: f('xid', 'text'),
  active: f('active', 'bool'),
  activeLocked: f('active_locked', 'bool'),
  privateFlag: f('private_flag', 'bool'),
  rating: f('rating', 'number'),
  confidence: f('confidence', 'number'),
  threatAssessRating: f('rating', 'number'),
  threatAssessConfidence: f('confidence', 'number'),
  threatAssessScore: f(THREAT_ASSESS_SCORE_SQL, 'number'),
  falsePositive: f('false_positive_count', 'number'),
  falsePositiveCount: f('false_positive_count', 'number'),
  observationCount: f('observation_count', 'number'),
  lastObserved: f('last_observed', 'date'),
  dateAdded: f('date_added', 'date'),
  lastModified: f('last_modified', 'date'),
  firstSeen: f('first_seen', 'date'),
  lastSeen: f('last_seen', 'date'),
  dnsActive: f('dns_active', 'bool'),
  whoisActive: f('whois_active', 'bool'),
  size: f('size', 'number'),
  // Address enrichment the local platform does not have: accepted, never matching a value
  city: NO_GEO,
  countryCode: NO_GEO,
  countryName: NO_GEO,
  organization: NO_GEO,
  state: NO_GEO,
  timezone: NO_GEO,
  asn: NO_GEO,
};

/** The non-identity fields of an indicator a client may write (v2 bodies, seed files). */
export const INDICATOR_PATCH_FIELDS = [
  'rating',
  'confidence',
  'active',
  'activeLocked',
  'privateFlag',
  'dnsActive',
  'whoisActive',
  'size',
  'xid',
  'firstSeen',
  'lastSeen',
  'externalDateAdded',
  'externalDateExpires',
  'externalLastModified',
] as const;

/** Columns written from the non-identity fields of an input, after validation. */
export type Columns = Record<string, string | number | null>;

const HASH_SLOTS = ['value1', 'value2', 'value3'] as const;
/**
 * Files of two or more hashes with a hash in a slot, through that slot's index (the schema's fileHashIndexes; a
 * File of one hash is found by its summary). Named, since SQLite's planner, without statistics, took the identity
 * index `(owner_id, type, ...)` for queries that also name the owner, and read every File of the owner for each hash:
 * ingest time grew with the square of the count. Every query from here states MULTI_HASH_FILE, the indexes' condition.
 */
const FILES_BY = {
  value1: 'ti_indicators INDEXED BY ti_files_multi_md5',
  value2: 'ti_indicators INDEXED BY ti_files_multi_sha1',
  value3: 'ti_indicators INDEXED BY ti_files_multi_sha256',
} as const;
/** A File of one hash, by that hash: its summary, through the identity index. */
const SINGLE_HASH_FILE = "owner_id = ? AND type = 'File' AND summary = ?";

/** The column a hash of this length is kept in (md5 32, sha1 40, sha256 64 hex digits); any other: all of them. */
function hashSlots(hash: string): ReadonlyArray<(typeof HASH_SLOTS)[number]> {
  const slot = hash.length === 32 ? 'value1' : hash.length === 40 ? 'value2' : hash.length === 64 ? 'value3' : undefined;
  return slot ? [slot] : HASH_SLOTS;
}

const HEX = /^[0-9a-fA-F]+$/;
const UPPER_HEX = /^[0-9A-F]+$/;
const SLOT_OF_LENGTH: Record<number, number | undefined> = { 32: 0, 40: 1, 64: 2 };

/**
 * File values that are each one bare hash (no spaces, no ` : `), by slot and upper-cased, as normaliseIndicator
 * gives them; undefined for anything else, which then goes through normaliseIndicator. Feeds send Files this way,
 * and splitting, trimming and joining every hash of a 25,000-File job was a visible part of its cost.
 */
function plainHashes(raw: ReadonlyArray<string | null | undefined>): Array<string | null> | undefined {
  const out: Array<string | null> = [null, null, null];
  let any = false;
  for (const v of raw) {
    if (v === null || v === undefined || v === '') continue;
    const slot = SLOT_OF_LENGTH[v.length];
    if (slot === undefined) return undefined;
    // feeds mostly send upper case: one scan then, a second only for the rest
    if (UPPER_HEX.test(v)) out[slot] = v;
    else if (HEX.test(v)) out[slot] = v.toUpperCase();
    else return undefined;
    any = true;
  }
  return any ? out : undefined;
}

/** The set hashes in slot order, joined as a File's summary. */
function fileSummary(hashes: ReadonlyArray<string | null>): string {
  let summary = '';
  for (const h of hashes) if (h !== null) summary = summary ? `${summary}${SUMMARY_SEPARATOR}${h}` : h;
  return summary;
}

/** A checked new indicator for the bulk path: identity as `identify` gives it, columns as `columns` gives them. */
export interface NewIndicatorRow {
  type: string;
  summary: string;
  values: Array<string | null>;
  cols: Columns;
}

const INSERT_COLUMNS = `owner_id, type, summary, value1, value2, value3, rating, confidence, active, active_locked,
  private_flag, dns_active, whois_active, size, xid, first_seen, last_seen, external_date_added, external_date_expires,
  external_last_modified, date_added, last_modified`;

/** INSERT_COLUMNS for the bulk path, with the value the table gives each one left out (see MultiRowInsert). */
const BULK_COLUMNS: readonly InsertColumn[] = INSERT_COLUMNS.split(',').map((c) => {
  const name = c.trim();
  const always = ['owner_id', 'type', 'summary', 'date_added', 'last_modified'];
  const defaults: Record<string, number> = { active: 1, active_locked: 0, private_flag: 0 };
  return always.includes(name) ? { name } : { name, omit: defaults[name] ?? null };
});

/** Sets a validated column (booleans as bits); undefined leaves it out. A function, not a closure per call: it runs
 * for every indicator of a batch job. */
function putColumn(cols: Columns, col: string, v: string | number | boolean | null | undefined): void {
  if (v !== undefined) cols[col] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

/** Appends one new indicator's 22 INSERT_COLUMNS values: defaults for what the input leaves out. */
function pushInsertRow(params: unknown[], ownerId: number, row: NewIndicatorRow, now: string): void {
  const { type, values, cols } = row;
  const dateAdded = (cols.date_added as string | undefined) ?? now;
  const host = type === 'Host' ? 0 : null;
  params.push(
    ownerId,
    type,
    row.summary,
    values[0] ?? null,
    values[1] ?? null,
    values[2] ?? null,
    cols.rating ?? null,
    cols.confidence ?? null,
    cols.active ?? 1,
    cols.active_locked ?? 0,
    cols.private_flag ?? 0,
    cols.dns_active ?? host,
    cols.whois_active ?? host,
    cols.size ?? null,
    cols.xid ?? null,
    cols.first_seen ?? null,
    cols.last_seen ?? null,
    cols.external_date_added ?? null,
    cols.external_date_expires ?? null,
    cols.external_last_modified ?? null,
    dateAdded,
    (cols.last_modified as string | undefined) ?? dateAdded,
  );
}

/** Indicators: identity, validation, File hash merging, listing, and the per-indicator extras. */
export class IndicatorRepo {
  constructor(
    private readonly core: StoreCore,
    private readonly meta: MetadataRepo,
    private readonly links: AssociationRepo,
  ) {
    this.bulkInsert = new MultiRowInsert(core, 'INSERT INTO ti_indicators', BULK_COLUMNS);
  }

  /** the multi-row INSERT of the bulk path */
  private readonly bulkInsert: MultiRowInsert;

  /** The catalogue entry for a type name, branch or entity; unknown → 400 naming it. */
  typeInfo(type: unknown): IndicatorTypeInfo {
    const info = typeof type === 'string' ? indicatorType(type) : undefined;
    if (!info) throw new TiInputError('type', `type: unknown indicator type ${describe(type)}`);
    return info;
  }

  /** Normalised identity of an input: type, values in field order (null for missing), summary. */
  identify(input: Pick<IndicatorInput, 'type' | 'summary' | 'values'>): { info: IndicatorTypeInfo; values: Array<string | null>; summary: string } {
    const info = this.typeInfo(input.type);
    const raw = input.values ?? (input.summary !== undefined && input.summary !== null ? [input.summary] : []);
    for (const v of raw) {
      if (v !== null && v !== undefined && typeof v !== 'string') {
        throw new TiInputError(info.fields.length === 1 ? info.fields[0] : 'summary', `${info.fields.join('/')}: ${describe(v)} is not text`);
      }
    }
    if (info.name === 'File') {
      const plain = plainHashes(raw);
      if (plain) return { info, values: plain, summary: fileSummary(plain) };
    }
    const r = normaliseIndicator(info.name, raw);
    if (!r.ok) {
      const field = info.fields.length === 1 ? info.fields[0] : info.name === 'File' ? 'md5/sha1/sha256' : 'summary';
      const detail = r.error.startsWith(`${info.name}: `) ? r.error.slice(info.name.length + 2) : r.error;
      throw new TiInputError(field, `Please enter a valid ${info.name} (${field}: ${detail})`);
    }
    const values: Array<string | null> = [];
    for (let i = 0; i < info.fields.length; i++) values.push(r.values[i] || null);
    return { info, values, summary: r.summary };
  }

  get(id: number): IndicatorRecord | undefined {
    const row = this.core.prep('SELECT * FROM ti_indicators WHERE id = ?').get(id) as IndicatorRow | undefined;
    return row ? toIndicator(row) : undefined;
  }

  /** Fast identity lookup with an already normalised summary. */
  findId(ownerId: number, typeName: string, summary: string): number | undefined {
    const row = this.core.prep('SELECT id FROM ti_indicators WHERE owner_id = ? AND type = ? AND summary = ?').get(ownerId, typeName, summary) as
      | { id: number }
      | undefined;
    return row?.id;
  }

  /** An indicator by its value as a URL carries it (Files: any one hash, or a full summary); invalid → undefined. */
  find(ownerId: number, type: string, value: string): IndicatorRecord | undefined {
    const info = indicatorType(type);
    if (!info) return undefined;
    if (info.name === 'File') {
      for (const part of value.split(' : ')) {
        const row = this.fileByHash(ownerId, part.trim().toUpperCase());
        if (row) return toIndicator(row);
      }
      return undefined;
    }
    let id: { summary: string };
    try {
      id = this.identify({ type: info.name, summary: value });
    } catch {
      return undefined;
    }
    const found = this.findId(ownerId, info.name, id.summary);
    return found === undefined ? undefined : this.get(found);
  }

  private fileByHash(ownerId: number, hash: string): IndicatorRow | undefined {
    if (!hash) return undefined;
    let first = this.core.prep(`SELECT * FROM ti_indicators WHERE ${SINGLE_HASH_FILE}`).get(ownerId, hash) as IndicatorRow | undefined;
    for (const slot of hashSlots(hash)) {
      const row = this.core.prep(`SELECT * FROM ${FILES_BY[slot]} WHERE ${MULTI_HASH_FILE} AND ${slot} = ? AND owner_id = ? ORDER BY id LIMIT 1`).get(hash, ownerId) as
        | IndicatorRow
        | undefined;
      if (row && (!first || row.id < first.id)) first = row;
    }
    return first;
  }

  /**
   * The owner's Files holding any of these hashes (md5, sha1, sha256 in slot order), in id order. Two indexed
   * queries per hash, one for a File of that hash alone and one for Files of several: a single query with
   * `value1 = ? OR value2 = ? OR value3 = ?` made SQLite scan every File of the owner through the identity index,
   * which made File ingest quadratic.
   */
  private filesByHashes(ownerId: number, hashes: Array<string | null>): IndicatorRow[] {
    const found = new Map<number, IndicatorRow>();
    HASH_SLOTS.forEach((slot, i) => {
      const hash = hashes[i];
      if (hash === null || hash === undefined) return;
      const single = this.core.prep(`SELECT * FROM ti_indicators WHERE ${SINGLE_HASH_FILE}`).get(ownerId, hash) as IndicatorRow | undefined;
      if (single) found.set(single.id, single);
      for (const row of this.core.prep(`SELECT * FROM ${FILES_BY[slot]} WHERE ${MULTI_HASH_FILE} AND ${slot} = ? AND owner_id = ?`).all(hash, ownerId) as IndicatorRow[]) {
        found.set(row.id, row);
      }
    });
    return [...found.values()].sort((a, b) => a.id - b.id);
  }

  /** Owners (ids) holding an indicator with this type and value. */
  owners(type: string, value: string): number[] {
    const info = indicatorType(type);
    if (!info) return [];
    if (info.name === 'File') {
      const hash = value.split(' : ')[0].trim().toUpperCase();
      // a File of one hash is known by its summary, whose index leads with the owner: each owner is asked (there
      // are few), rather than reading every indicator
      const owners = new Set<number>(
        (
          this.core
            .prep(`SELECT id FROM owners WHERE EXISTS (SELECT 1 FROM ti_indicators WHERE owner_id = owners.id AND type = 'File' AND summary = ?)`)
            .all(hash) as Array<{ id: number }>
        ).map((r) => r.id),
      );
      for (const slot of hashSlots(hash)) {
        for (const r of this.core.prep(`SELECT owner_id FROM ${FILES_BY[slot]} WHERE ${MULTI_HASH_FILE} AND ${slot} = ?`).all(hash) as Array<{ owner_id: number }>) owners.add(r.owner_id);
      }
      return [...owners].sort((a, b) => a - b);
    }
    let summary: string;
    try {
      summary = this.identify({ type: info.name, summary: value }).summary;
    } catch {
      return [];
    }
    return (
      this.core.prep('SELECT owner_id FROM ti_indicators WHERE type = ? AND summary = ? ORDER BY owner_id').all(info.name, summary) as Array<{ owner_id: number }>
    ).map((r) => r.owner_id);
  }

  /** Validates the non-identity fields into columns; undefined fields are left out (not touched). */
  columns(info: IndicatorTypeInfo, input: IndicatorPatch): Columns {
    const cols: Columns = {};
    const entity = info.name;
    putColumn(cols, 'rating', numberField('rating', entity, input.rating, 0, 5));
    putColumn(cols, 'confidence', numberField('confidence', entity, input.confidence, 0, 100, true));
    putColumn(cols, 'active', boolField('active', input.active));
    putColumn(cols, 'active_locked', boolField('activeLocked', input.activeLocked));
    putColumn(cols, 'private_flag', boolField('privateFlag', input.privateFlag));
    if (info.name === 'Host') {
      putColumn(cols, 'dns_active', bit(nullableBoolField('dnsActive', input.dnsActive)));
      putColumn(cols, 'whois_active', bit(nullableBoolField('whoisActive', input.whoisActive)));
    }
    if (info.name === 'File') putColumn(cols, 'size', numberField('size', entity, input.size, 0, Number.MAX_SAFE_INTEGER, true));
    putColumn(cols, 'xid', textField('xid', input.xid, 500));
    putColumn(cols, 'first_seen', dateField('firstSeen', input.firstSeen));
    putColumn(cols, 'last_seen', dateField('lastSeen', input.lastSeen));
    putColumn(cols, 'external_date_added', dateField('externalDateAdded', input.externalDateAdded));
    putColumn(cols, 'external_date_expires', dateField('externalDateExpires', input.externalDateExpires));
    putColumn(cols, 'external_last_modified', dateField('externalLastModified', input.externalLastModified));
    putColumn(cols, 'date_added', dateField('dateAdded', input.dateAdded) ?? undefined);
    putColumn(cols, 'last_modified', dateField('lastModified', input.lastModified) ?? undefined);
    return cols;
  }

  /**
   * Creates the indicator, or updates the one with the same identity in the owner (upsert). Files match on any
   * hash; see FileMergeOptions. Everything is validated before the first write.
   */
  upsert(ownerId: number, input: IndicatorInput, options: FileMergeOptions = {}): UpsertResult {
    const { info, values, summary } = this.identify(input);
    const cols = this.columns(info, input);
    return this.core.atomic(() => {
      if (info.name === 'File') return this.upsertFile(ownerId, values, cols, options);
      const existing = this.findId(ownerId, info.name, summary);
      if (existing !== undefined) {
        this.writeColumns(existing, cols);
        return { id: existing, created: false };
      }
      return { id: this.insert(ownerId, info.name, summary, values, cols), created: true };
    });
  }

  /** `sharesHashes`: a File holding a hash that another File of the owner holds too (hash_unique NULL). */
  private insert(ownerId: number, type: string, summary: string, values: Array<string | null>, cols: Columns, sharesHashes = false): number {
    const params: unknown[] = [];
    pushInsertRow(params, ownerId, { type, summary, values, cols }, this.core.nowIso());
    const sql = sharesHashes
      ? `INSERT INTO ti_indicators (${INSERT_COLUMNS}, hash_unique) VALUES (${placeholders(22)}, NULL)`
      : `INSERT INTO ti_indicators (${INSERT_COLUMNS}) VALUES (${placeholders(22)})`;
    const id = Number(this.core.prep(sql).run(...params).lastInsertRowid);
    this.core.markFresh('indicator', id);
    return id;
  }

  // ---- bulk path (batch Create of indicators that are new to the owner) ----

  /**
   * Inserts indicators known to be new (identity and columns already checked, no existing row in the owner, no two
   * alike) with one multi-row INSERT per MULTI_ROW_LIMIT, and returns their ids in input order. A statement per row spent
   * more time crossing into SQLite than writing; the rows, their ids (consecutive: one statement, one writer, an
   * AUTOINCREMENT key) and their columns are those `upsert` would have written one by one.
   */
  insertNew(ownerId: number, rows: NewIndicatorRow[]): number[] {
    const now = this.core.nowIso();
    const values: unknown[] = [];
    for (const row of rows) pushInsertRow(values, ownerId, row, now);
    const ids: number[] = [];
    this.bulkInsert.run(values, (_first, n, last) => {
      for (let id = last - n + 1; id <= last; id++) ids.push(id);
    });
    return ids;
  }

  /**
   * insertNew for rows not checked against the owner: inserted when none exists yet, else nothing is written (the
   * savepoint rolls back every row, and the AUTOINCREMENT counter with them) and the answer is undefined. Asking first
   * cost a query per MULTI_ROW_LIMIT rows for every run, though feeds mostly bring indicators the owner does not have.
   * A File is refused by the unique index of any hash it shares with a File of the owner, except with Files that
   * already share hashes (hash_unique NULL): Files must be checked first when filesSharingHashes says the owner has some.
   * Nor does an index see a File of one hash (identity index) against one of several (hash indexes) holding it:
   * crossHashFiles asks about those.
   */
  insertNewIfNoneExists(ownerId: number, rows: NewIndicatorRow[]): number[] | undefined {
    try {
      return this.savepoint(() => this.insertNew(ownerId, rows));
    } catch (err) {
      if ((err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') return undefined;
      throw err;
    }
  }

  private readonly savepoint = <T>(fn: () => T): T => this.core.db.transaction(fn)();

  /** Which of these normalised summaries of one type the owner already holds (one indexed query per MULTI_ROW_LIMIT). */
  existingSummaries(ownerId: number, type: string, summaries: string[]): Set<string> {
    const found = new Set<string>();
    for (let at = 0; at < summaries.length; at += MULTI_ROW_LIMIT) {
      const part = summaries.slice(at, at + MULTI_ROW_LIMIT);
      const rows = this.core
        .prep(`SELECT summary FROM ti_indicators WHERE owner_id = ? AND type = ? AND summary IN (${placeholders(part.length)})`)
        .all(ownerId, type, ...part) as Array<{ summary: string }>;
      for (const r of rows) found.add(r.summary);
    }
    return found;
  }

  /** Whether the owner has Files holding a hash that another of its Files holds too (see insertNewIfNoneExists). */
  filesSharingHashes(ownerId: number): boolean {
    return this.core.prep(`SELECT 1 FROM ti_indicators INDEXED BY ti_files_sharing_hashes WHERE type = 'File' AND hash_unique IS NULL AND owner_id = ? LIMIT 1`).get(ownerId) !== undefined;
  }

  /** Whether the owner has Files of two or more hashes. */
  multiHashFiles(ownerId: number): boolean {
    return this.core.prep(`SELECT 1 FROM ti_indicators INDEXED BY ti_files_multi_owners WHERE ${MULTI_HASH_FILE} AND owner_id = ? LIMIT 1`).get(ownerId) !== undefined;
  }

  /** Which of these hashes (by slot: md5, sha1, sha256) a File of the owner already holds in that slot. */
  existingHashes(ownerId: number, bySlot: [string[], string[], string[]]): Set<string> {
    // a File of one hash is that hash as its summary
    const found = this.existingSummaries(ownerId, 'File', bySlot.flat());
    for (const h of this.multiHashFilesHolding(ownerId, bySlot)) found.add(h);
    return found;
  }

  /**
   * Which of these new Files' hashes the owner's Files hold where the unique indexes do not look (see
   * insertNewIfNoneExists): a hash of a File of several that a File of one hash is, and the hash of a File of one
   * (`single`, by slot) that a File of several holds, asked only when the owner has such Files.
   */
  crossHashFiles(ownerId: number, single: [string[], string[], string[]], ofSeveral: string[]): Set<string> {
    const found = ofSeveral.length ? this.existingSummaries(ownerId, 'File', ofSeveral) : new Set<string>();
    if (single.some((hashes) => hashes.length) && this.multiHashFiles(ownerId)) for (const h of this.multiHashFilesHolding(ownerId, single)) found.add(h);
    return found;
  }

  /** Which of these hashes (by slot) a File of the owner with two or more hashes holds in that slot. */
  private multiHashFilesHolding(ownerId: number, bySlot: [string[], string[], string[]]): Set<string> {
    const found = new Set<string>();
    HASH_SLOTS.forEach((slot, i) => {
      const hashes = bySlot[i];
      for (let at = 0; at < hashes.length; at += MULTI_ROW_LIMIT) {
        const part = hashes.slice(at, at + MULTI_ROW_LIMIT);
        const rows = this.core
          .prep(`SELECT ${slot} AS hash FROM ${FILES_BY[slot]} WHERE ${MULTI_HASH_FILE} AND ${slot} IS NOT NULL AND ${slot} IN (${placeholders(part.length)}) AND owner_id = ?`)
          .all(...part, ownerId) as Array<{ hash: string }>;
        for (const r of rows) found.add(r.hash);
      }
    });
    return found;
  }

  /** Writes validated columns and bumps lastModified (unless an import gives it). */
  private writeColumns(id: number, cols: Columns, extra: Columns = {}): void {
    const all: Columns = { ...cols, ...extra };
    delete all.date_added;
    all.last_modified = (cols.last_modified as string | undefined) ?? this.core.nowIso();
    const keys = Object.keys(all).sort();
    this.core.prep(`UPDATE ti_indicators SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`).run(...keys.map((k) => all[k]), id);
  }

  private upsertFile(ownerId: number, incoming: Array<string | null>, cols: Columns, options: FileMergeOptions): UpsertResult {
    const matches = this.filesByHashes(ownerId, incoming);
    if (matches.length === 0) return { id: this.insertFile(ownerId, incoming, cols), created: true };

    if ((options.fileMergeMode ?? 'Merge') === 'Distribute') {
      // the incoming data goes to every File it matched; no hashes move between indicators
      for (const m of matches) this.writeColumns(m.id, cols);
      return { id: matches[0].id, created: false, ids: matches.map((m) => m.id) };
    }

    // the File sharing the most hashes is the one merged into; hashes owned by other Files stay where they are
    const shared = (m: IndicatorRow) => HASH_SLOTS.filter((s, i) => incoming[i] !== null && m[s] === incoming[i]).length;
    const primary = [...matches].sort((a, b) => shared(b) - shared(a) || a.id - b.id)[0];
    const elsewhere = new Set(matches.filter((m) => m !== primary).flatMap((m) => HASH_SLOTS.map((s) => m[s])).filter(Boolean));
    const conflict = HASH_SLOTS.some((s, i) => incoming[i] !== null && primary[s] !== null && primary[s] !== incoming[i]);
    const mode = options.hashCollisionMode ?? 'FavorIncoming';
    if (conflict) {
      if (mode === 'IgnoreIncoming') return { id: primary.id, created: false, skipped: true };
      if (mode === 'IgnoreExisting' || mode === 'Split') {
        const own = mode === 'Split' ? incoming.map((h, i) => (h !== null && primary[HASH_SLOTS[i]] === h ? null : h)) : incoming;
        if (own.some(Boolean)) {
          const summary = own.filter(Boolean).join(' : ');
          const dup = this.findId(ownerId, 'File', summary);
          if (dup !== undefined) {
            this.writeColumns(dup, cols);
            return { id: dup, created: false };
          }
          // IgnoreExisting keeps every hash, and Split may keep one that a File other than the primary holds
          const sharing = matches.some((m) => HASH_SLOTS.some((s, i) => own[i] !== null && m[s] === own[i]));
          return { id: this.insertFile(ownerId, own, cols, sharing), created: true };
        }
      }
    }
    const merged = HASH_SLOTS.map((s, i) => {
      const mine = primary[s];
      const theirs = incoming[i] !== null && !elsewhere.has(incoming[i]) ? incoming[i] : null;
      if (theirs === null) return mine;
      if (mine === null) return theirs;
      return mode === 'FavorExisting' ? mine : theirs;
    });
    const summary = merged.filter(Boolean).join(' : ');
    const extra: Columns = {};
    if (summary !== primary.summary) {
      extra.summary = summary;
      HASH_SLOTS.forEach((s, i) => (extra[s] = merged[i]));
    }
    this.writeColumns(primary.id, cols, extra);
    return { id: primary.id, created: false };
  }

  private insertFile(ownerId: number, hashes: Array<string | null>, cols: Columns, sharesHashes = false): number {
    return this.insert(ownerId, 'File', hashes.filter(Boolean).join(' : '), hashes, cols, sharesHashes);
  }

  /** Updates the non-identity fields of an existing indicator. */
  update(id: number, patch: IndicatorPatch): IndicatorRecord | undefined {
    const current = this.get(id);
    if (!current) return undefined;
    const cols = this.columns(this.typeInfo(current.type), patch);
    this.core.atomic(() => this.writeColumns(id, cols));
    return this.get(id);
  }

  /**
   * Replaces a File's hashes (md5, sha1, sha256 in slot order, already normalised) and so its summary: the v3
   * update's hash `mode`, whose caller checked that no other File of the owner holds them.
   */
  setFileHashes(id: number, hashes: Array<string | null>): void {
    const extra: Columns = { summary: hashes.filter(Boolean).join(' : ') };
    HASH_SLOTS.forEach((s, i) => (extra[s] = hashes[i] ?? null));
    this.core.atomic(() => this.writeColumns(id, {}, extra));
  }

  /** Deletes an indicator with its metadata and links, and records it in the deleted list. */
  delete(id: number): boolean {
    return this.core.atomic(() => {
      const current = this.get(id);
      if (!current) return false;
      this.meta.purge({ kind: 'indicator', id });
      this.links.purge({ kind: 'indicator', id });
      this.core
        .prep('INSERT INTO ti_deleted_indicators (indicator_id, owner_id, type, summary, date_added, deleted_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, current.ownerId, current.type, current.summary, current.dateAdded, this.core.nowIso());
      this.core.prep('DELETE FROM ti_indicators WHERE id = ?').run(id);
      return true;
    });
  }

  /** A page of indicators; active ones only unless an `active` condition or includeInactive says otherwise. */
  list(q: IndicatorListQuery): ListResult<IndicatorRecord> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.type) {
      where.push('type = ?');
      params.push(this.typeInfo(q.type).name);
    }
    const conditions = q.conditions ?? [];
    if (!q.includeInactive && !conditions.some((c) => c.field.toLowerCase() === 'active')) where.push('active = 1');
    if (q.modifiedSince) {
      where.push('last_modified >= ?');
      params.push(dateField('modifiedSince', q.modifiedSince));
    }
    const { rows, total } = listRows<IndicatorRow>(this.core, this.links, { kind: 'indicator', table: 'ti_indicators', columns: '*', fields: INDICATOR_COLUMNS }, q, where, params);
    return { items: rows.map(toIndicator), total };
  }

  listDeleted(q: { ownerId: number; type?: string; deletedSince?: string; start?: number; limit?: number; withTotal?: boolean }): ListResult<DeletedIndicatorRecord> {
    const where = ['owner_id = ?'];
    const params: unknown[] = [q.ownerId];
    if (q.type) {
      where.push('type = ?');
      params.push(this.typeInfo(q.type).name);
    }
    if (q.deletedSince) {
      where.push('deleted_at >= ?');
      params.push(dateField('deletedSince', q.deletedSince));
    }
    const clause = where.join(' AND ');
    const items = this.core
      .prep(
        `SELECT id, indicator_id AS indicatorId, owner_id AS ownerId, type, summary, date_added AS dateAdded, deleted_at AS deletedAt
         FROM ti_deleted_indicators WHERE ${clause} ORDER BY id LIMIT ? OFFSET ?`,
      )
      .all(...params, q.limit ?? -1, q.start ?? 0) as DeletedIndicatorRecord[];
    const total = q.withTotal ? (this.core.prep(`SELECT COUNT(*) AS n FROM ti_deleted_indicators WHERE ${clause}`).get(...params) as { n: number }).n : undefined;
    return { items, total };
  }

  /** Seed/import only: a deleted-list entry as exported. */
  restoreDeleted(d: Omit<DeletedIndicatorRecord, 'id'>): void {
    this.core
      .prep('INSERT INTO ti_deleted_indicators (indicator_id, owner_id, type, summary, date_added, deleted_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(d.indicatorId, d.ownerId, d.type, d.summary, d.dateAdded, d.deletedAt);
  }

  // ---- file occurrences ----

  occurrences(id: number): FileOccurrenceRecord[] {
    return this.core
      .prep('SELECT id, file_name AS fileName, path, date FROM ti_file_occurrences WHERE indicator_id = ? ORDER BY id')
      .all(id) as FileOccurrenceRecord[];
  }

  occurrence(id: number, occurrenceId: number): FileOccurrenceRecord | undefined {
    return this.core
      .prep('SELECT id, file_name AS fileName, path, date FROM ti_file_occurrences WHERE indicator_id = ? AND id = ?')
      .get(id, occurrenceId) as FileOccurrenceRecord | undefined;
  }

  private occurrenceColumns(input: FileOccurrenceInput, requireOne: boolean) {
    if (!input || typeof input !== 'object') throw new TiInputError('fileOccurrence', `fileOccurrence: ${describe(input)} is not an object`);
    const fileName = textField('fileName', input.fileName, 500);
    const path = textField('path', input.path, 2000);
    const date = dateField('date', input.date);
    if (requireOne && !fileName && !path && !date) {
      throw new TiInputError('fileOccurrence', 'fileOccurrence: at least one of fileName, path and date is required');
    }
    return { fileName, path, date };
  }

  addOccurrence(id: number, input: FileOccurrenceInput): FileOccurrenceRecord {
    const c = this.occurrenceColumns(input, true);
    const info = this.core
      .prep('INSERT INTO ti_file_occurrences (indicator_id, file_name, path, date) VALUES (?, ?, ?, ?)')
      .run(id, c.fileName ?? null, c.path ?? null, c.date ?? null);
    return { id: Number(info.lastInsertRowid), fileName: c.fileName ?? null, path: c.path ?? null, date: c.date ?? null };
  }

  updateOccurrence(id: number, occurrenceId: number, input: FileOccurrenceInput): FileOccurrenceRecord | undefined {
    const current = this.occurrence(id, occurrenceId);
    if (!current) return undefined;
    const c = this.occurrenceColumns(input, false);
    this.core
      .prep('UPDATE ti_file_occurrences SET file_name = ?, path = ?, date = ? WHERE id = ?')
      .run(c.fileName === undefined ? current.fileName : c.fileName, c.path === undefined ? current.path : c.path, c.date === undefined ? current.date : c.date, occurrenceId);
    return this.occurrence(id, occurrenceId);
  }

  deleteOccurrence(id: number, occurrenceId: number): boolean {
    return this.core.prep('DELETE FROM ti_file_occurrences WHERE indicator_id = ? AND id = ?').run(id, occurrenceId).changes > 0;
  }

  // ---- observations and false positives ----

  addObservation(id: number, userId: number | null, count: unknown, date?: unknown): void {
    const n = numberField('count', 'Observation', count ?? 1, 1, 1_000_000, true) as number;
    const at = dateField('dateObserved', date) ?? this.core.nowIso();
    this.core.atomic(() => {
      this.core.prep('INSERT INTO ti_observations (indicator_id, user_id, count, date_observed) VALUES (?, ?, ?, ?)').run(id, userId, n, at);
      this.core
        .prep('UPDATE ti_indicators SET observation_count = observation_count + ?, last_observed = MAX(COALESCE(last_observed, ?), ?) WHERE id = ?')
        .run(n, at, at, id);
    });
  }

  observations(id: number): Array<{ count: number; dateObserved: string }> {
    return this.core
      .prep('SELECT SUM(count) AS count, MAX(date_observed) AS dateObserved FROM ti_observations WHERE indicator_id = ? GROUP BY substr(date_observed, 1, 10) ORDER BY 2')
      .all(id) as Array<{ count: number; dateObserved: string }>;
  }

  observationCount(id: number, userId: number): { count: number; lastObserved: string | null; yourCount: number; yourLastObserved: string | null } {
    const all = this.core.prep('SELECT COALESCE(SUM(count), 0) AS c, MAX(date_observed) AS d FROM ti_observations WHERE indicator_id = ?').get(id) as {
      c: number;
      d: string | null;
    };
    const mine = this.core
      .prep('SELECT COALESCE(SUM(count), 0) AS c, MAX(date_observed) AS d FROM ti_observations WHERE indicator_id = ? AND user_id = ?')
      .get(id, userId) as { c: number; d: string | null };
    return { count: all.c, lastObserved: all.d, yourCount: mine.c, yourLastObserved: mine.d };
  }

  /** One false positive per user per indicator per day; repeats the same day change nothing. */
  addFalsePositive(id: number, userId: number): { count: number; lastReported: string | null } {
    const now = this.core.nowIso();
    this.core.atomic(() => {
      const added = this.core
        .prep('INSERT OR IGNORE INTO ti_false_positives (indicator_id, user_id, day, reported) VALUES (?, ?, ?, ?)')
        .run(id, userId, now.slice(0, 10), now);
      if (added.changes) {
        this.core.prep('UPDATE ti_indicators SET false_positive_count = false_positive_count + 1, false_positive_last = ? WHERE id = ?').run(now, id);
      }
    });
    const row = this.get(id) as IndicatorRecord;
    return { count: row.falsePositiveCount, lastReported: row.falsePositiveLastReported };
  }

  /** Whether this user reported the indicator a false positive today (v3 `falsePositiveReportedByUser`). */
  reportedFalsePositiveToday(id: number, userId: number): boolean {
    return this.core.prep('SELECT 1 FROM ti_false_positives WHERE indicator_id = ? AND user_id = ? AND day = ?').get(id, userId, this.core.nowIso().slice(0, 10)) !== undefined;
  }

  /** Indicators with observations (optionally on one day), with who observed them. */
  observed(ownerId: number, day?: string): Array<{ record: IndicatorRecord; users: Array<{ userId: number | null; count: number; last: string }> }> {
    const dayFilter = day ? ' AND substr(o.date_observed, 1, 10) = ?' : '';
    const params = day ? [ownerId, day] : [ownerId];
    const rows = this.core
      .prep(
        `SELECT o.indicator_id AS id, o.user_id AS userId, SUM(o.count) AS count, MAX(o.date_observed) AS last
         FROM ti_observations o JOIN ti_indicators i ON i.id = o.indicator_id
         WHERE i.owner_id = ?${dayFilter} GROUP BY o.indicator_id, o.user_id ORDER BY o.indicator_id LIMIT 20000`,
      )
      .all(...params) as Array<{ id: number; userId: number | null; count: number; last: string }>;
    const out = new Map<number, { record: IndicatorRecord; users: Array<{ userId: number | null; count: number; last: string }> }>();
    for (const r of rows) {
      let entry = out.get(r.id);
      if (!entry) {
        const record = this.get(r.id);
        if (!record) continue;
        out.set(r.id, (entry = { record, users: [] }));
      }
      entry.users.push({ userId: r.userId, count: r.count, last: r.last });
    }
    return [...out.values()];
  }

  // ---- DNS resolutions ----

  addDnsResolution(hostId: number, address: string, resolutionDate?: unknown): void {
    const date = dateField('resolutionDate', resolutionDate) ?? this.core.nowIso();
    this.core.prep('INSERT INTO ti_dns_resolutions (indicator_id, address, resolution_date) VALUES (?, ?, ?)').run(hostId, address, date);
  }

  /** Host: resolutions by date with the addresses; empty when none were recorded. */
  dnsResolutions(hostId: number): Array<{ resolutionDate: string; addresses: string[] }> {
    const rows = this.core
      .prep('SELECT address, resolution_date FROM ti_dns_resolutions WHERE indicator_id = ? ORDER BY resolution_date, id')
      .all(hostId) as Array<{ address: string; resolution_date: string }>;
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.resolution_date, [...(out.get(r.resolution_date) ?? []), r.address]);
    return [...out].map(([resolutionDate, addresses]) => ({ resolutionDate, addresses }));
  }

  /** Address: the hosts (of the owner) that resolved to it. */
  hostsResolvingTo(ownerId: number, address: string): IndicatorRecord[] {
    const rows = this.core
      .prep(
        `SELECT * FROM ti_indicators WHERE owner_id = ? AND id IN (SELECT indicator_id FROM ti_dns_resolutions WHERE address = ?) ORDER BY id`,
      )
      .all(ownerId, address) as IndicatorRow[];
    return rows.map(toIndicator);
  }

  allDnsResolutions(): Array<{ indicatorId: number; address: string; resolutionDate: string }> {
    return this.core
      .prep('SELECT indicator_id AS indicatorId, address, resolution_date AS resolutionDate FROM ti_dns_resolutions ORDER BY id')
      .all() as Array<{ indicatorId: number; address: string; resolutionDate: string }>;
  }
}
