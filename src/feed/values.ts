import { formatApiDate } from '../app/index.js';
import { normaliseIndicator } from '../model/index.js';
import type { FeedAttribute, FeedIndicator, FeedOutput, InvalidRow } from './items.js';

/**
 * A feed timestamp (`2024-02-08 19:20:49`, `2024-02-08`, ISO 8601) as ISO 8601 UTC, or undefined when absent or
 * not a date. Feeds without a zone are in UTC (abuse.ch, CISA), so none is assumed to be local.
 */
export function feedDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (!v || v === 'None' || v === 'null') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(v);
  if (!m) return undefined;
  const time = m[2] ? (m[2].length === 5 ? `${m[2]}:00` : m[2]) : '00:00:00';
  const date = new Date(`${m[1]}T${time}${m[4] ?? 'Z'}`);
  return Number.isNaN(date.getTime()) ? undefined : formatApiDate(date);
}

const MAX_TAG = 128;

/**
 * Cleans a tag list: trims, drops empties and placeholders, drops any tag naming the feed's source (the owner
 * already says where data came from), keeps the first spelling of case-insensitive duplicates, caps the length.
 */
export function cleanTags(tags: Iterable<string | null | undefined>, sourceNames: readonly string[] = []): string[] {
  const banned = new Set(sourceNames.map((s) => s.toLowerCase()));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    if (raw === null || raw === undefined) continue;
    const tag = String(raw).trim().replace(/\s+/g, ' ').slice(0, MAX_TAG).trim();
    if (!tag || tag === 'None' || tag === 'null') continue;
    const key = tag.toLowerCase();
    if (banned.has(key) || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

/** Splits a comma-separated tag field (`32-bit,elf,mips`). */
export function splitTags(field: unknown): string[] {
  return typeof field === 'string' ? field.split(',') : [];
}

export function attribute(type: string, value: string, displayed = true): FeedAttribute {
  return { type, value, displayed };
}

export interface IndicatorInput {
  type: string;
  value: string;
  rating?: number;
  confidence?: number;
  firstSeen?: string;
  lastSeen?: string;
  tags?: string[];
  attributes?: FeedAttribute[];
  groupXids?: string[];
}

/** Builds a normalised indicator, or returns the reason the value is not a valid indicator of that type. */
export function makeIndicator(input: IndicatorInput): FeedIndicator | { error: string } {
  const result = normaliseIndicator(input.type, [input.value]);
  if (!result.ok) return { error: result.error };
  const indicator: FeedIndicator = {
    kind: 'indicator',
    type: input.type,
    summary: result.summary,
    tags: input.tags ?? [],
    attributes: input.attributes ?? [],
    groupXids: input.groupXids ?? [],
  };
  if (input.rating !== undefined) indicator.rating = input.rating;
  if (input.confidence !== undefined) indicator.confidence = input.confidence;
  if (input.firstSeen) indicator.firstSeen = input.firstSeen;
  if (input.lastSeen) indicator.lastSeen = input.lastSeen;
  return indicator;
}

/** A whole number in [min, max] from a feed field, or undefined. */
export function boundedInt(value: unknown, min: number, max: number): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) return undefined;
  return Math.min(max, Math.max(min, Math.round(n)));
}

/** A short, stable slug for xids: lower case, runs of other characters collapsed to `-`. */
export function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** An indicator, or the invalid row saying why the value is not one. */
export function indicatorOrInvalid(where: string, input: IndicatorInput): FeedIndicator | InvalidRow {
  const indicator = makeIndicator(input);
  return 'error' in indicator ? { kind: 'invalid', where, reason: indicator.error } : indicator;
}

/**
 * Marks the first output of each source record (non-enumerable, so digests, merges and copies never see it): the
 * scan counts records with it, as one record may give several items (an indicator and its group).
 */
export const RECORD_START: unique symbol = Symbol('tcex.feed.recordStart');

export function markRecordStart<T extends object>(output: T): T {
  Object.defineProperty(output, RECORD_START, { value: true, enumerable: false });
  return output;
}

/**
 * The frame of every mapper: invalid rows from the parser pass through; each record becomes what `map` returns
 * (items, invalid or skipped rows; a group first, then the indicators associated to it).
 */
export async function* mapRecords<R extends object>(
  records: AsyncIterable<R | InvalidRow>,
  map: (record: R) => FeedOutput | FeedOutput[],
): AsyncGenerator<FeedOutput> {
  for await (const r of records) {
    if ((r as { kind?: string }).kind === 'invalid') {
      yield markRecordStart(r as InvalidRow);
      continue;
    }
    const outputs = [map(r as R)].flat();
    if (outputs.length) markRecordStart(outputs[0]);
    yield* outputs;
  }
}
