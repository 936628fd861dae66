// The one place for date facts shared by the SDK, the app runtime and the platform: the API's wire format, and
// "an ISO-8601 date or time without a zone is UTC" (so results never depend on the machine's time zone).
import { TcConfigError } from './errors.js';

/** The API's date format, `2017-07-13T17:50:17Z`: UTC, whole seconds. */
export function apiDate(date: Date | number): string {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** ISO-8601 as the API takes it: a bare date, or a date and time (`T` or a space) with optional seconds, fraction and zone. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Epoch milliseconds of an ISO-8601 date (see `ISO_DATE`); a date or time without a zone is read as UTC.
 * undefined when the text is not such a date.
 */
export function parseIsoUtc(text: string): number | undefined {
  const t = text.trim();
  if (!ISO_DATE.test(t)) return undefined;
  let iso = t.replace(/\s*(Z|[+-]\d{2}:?\d{2})$/i, '$1').replace(' ', 'T');
  if (!iso.includes('T')) iso += 'T00:00:00Z';
  else if (!HAS_ZONE.test(iso)) iso += 'Z';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * A date for the wire as the TI endpoints take it: a Date becomes `2017-07-13T17:50:17Z`; an ISO-8601 string is
 * kept as written (the API accepts bare dates and offsets). Anything else → TcConfigError naming the field.
 * Shared by the TI module and the legacy filters (a sibling of it), hence here.
 */
export function isoDate(field: string, value: Date | string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TcConfigError(field, String(value), 'must be a valid date');
    return apiDate(value);
  }
  if (typeof value !== 'string' || parseIsoUtc(value) === undefined) {
    throw new TcConfigError(field, value, 'must be an ISO-8601 date such as 2017-07-13 or 2017-07-13T13:36:53-04:00, or a Date');
  }
  return value.trim();
}

export type DateUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';
export type AnyDate = Date | string | number;

const UNIT_ALIASES: Record<string, DateUnit> = {
  s: 'second', sec: 'second', secs: 'second', second: 'second', seconds: 'second',
  m: 'minute', min: 'minute', mins: 'minute', minute: 'minute', minutes: 'minute',
  h: 'hour', hr: 'hour', hrs: 'hour', hour: 'hour', hours: 'hour',
  d: 'day', day: 'day', days: 'day',
  w: 'week', wk: 'week', week: 'week', weeks: 'week',
  mo: 'month', month: 'month', months: 'month',
  y: 'year', yr: 'year', year: 'year', years: 'year',
};

/** Adds `amount` units to a date (UTC calendar arithmetic for months and years). */
export function addToDate(date: Date, amount: number, unit: DateUnit): Date {
  const d = new Date(date.getTime());
  switch (unit) {
    case 'second':
      return new Date(d.getTime() + amount * 1000);
    case 'minute':
      return new Date(d.getTime() + amount * 60_000);
    case 'hour':
      return new Date(d.getTime() + amount * 3_600_000);
    case 'day':
      return new Date(d.getTime() + amount * 86_400_000);
    case 'week':
      return new Date(d.getTime() + amount * 7 * 86_400_000);
    case 'month': {
      // clamp to the last day of the target month so Jan 31 + 1 month is Feb 28/29, not Mar 3
      const day = d.getUTCDate();
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() + amount);
      const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
      d.setUTCDate(Math.min(day, last));
      return d;
    }
    case 'year':
      return addToDate(d, amount * 12, 'month');
  }
}

function startOfDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

function epoch(n: number): Date {
  // Below 1e11 a number reads as seconds (until the year 5138); above, as milliseconds.
  return new Date(Math.abs(n) < 1e11 ? n * 1000 : n);
}

function human(text: string, now: Date): Date | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t === 'now') return now;
  if (t === 'today') return startOfDay(now);
  if (t === 'yesterday') return addToDate(startOfDay(now), -1, 'day');
  if (t === 'tomorrow') return addToDate(startOfDay(now), 1, 'day');
  let m = /^(\d+(?:\.\d+)?|an?|one) ([a-z]+) ago$/.exec(t);
  if (m) return relative(now, m[1], m[2], -1);
  m = /^in (\d+(?:\.\d+)?|an?|one) ([a-z]+)$/.exec(t);
  if (m) return relative(now, m[1], m[2], 1);
  m = /^(last|next) ([a-z]+)$/.exec(t);
  if (m) return relative(now, '1', m[2], m[1] === 'last' ? -1 : 1);
  m = /^([+-])\s?(\d+(?:\.\d+)?)\s?([a-z]+)$/.exec(t);
  if (m) return relative(now, m[2], m[3], m[1] === '-' ? -1 : 1);
  return undefined;
}

function relative(now: Date, count: string, unitWord: string, sign: number): Date | undefined {
  const unit = UNIT_ALIASES[unitWord];
  if (!unit) return undefined;
  const n = /^(an?|one)$/.test(count) ? 1 : Number(count);
  if ((unit === 'month' || unit === 'year') && !Number.isInteger(n)) return undefined;
  return addToDate(now, sign * n, unit);
}

/**
 * Any date input to a Date: a Date, epoch seconds or milliseconds (number or numeric text), ISO-8601 (a zone-less
 * time is read as UTC), or a phrase such as `now`, `yesterday`, `3 days ago`, `in 2 hours`, `last week`, `-7d`.
 */
export function anyToDate(input: AnyDate, options: { now?: Date; field?: string } = {}): Date {
  const field = options.field ?? 'date';
  const now = options.now ?? new Date();
  let out: Date | undefined;
  if (input instanceof Date) out = new Date(input.getTime());
  else if (typeof input === 'number') out = Number.isFinite(input) ? epoch(input) : undefined;
  else if (typeof input === 'string') {
    const text = input.trim();
    if (/^-?\d+(\.\d+)?$/.test(text)) out = epoch(Number(text));
    else if (ISO_DATE.test(text)) out = new Date(parseIsoUtc(text) ?? NaN); else if (/[a-z]/i.test(text) && !/^(\d+|[+-]\d)/.test(text) && /\d{4}/.test(text)) {
      out = new Date(text); // RFC 2822 / HTTP dates such as "Wed, 21 Oct 2015 07:28:00 GMT"
    } else out = human(text, now);
  }
  if (!out || Number.isNaN(out.getTime())) {
    throw new TcConfigError(field, input, 'must be a date: ISO-8601, epoch seconds or milliseconds, or a phrase such as "3 days ago"');
  }
  return out;
}

/** The API's date format: `2024-05-01T10:00:00Z` (UTC, whole seconds). */
export function formatApiDate(input: AnyDate): string {
  return apiDate(anyToDate(input));
}

/** Epoch seconds of any date input. */
export function toEpochSeconds(input: AnyDate): number {
  return Math.floor(anyToDate(input).getTime() / 1000);
}

/**
 * Splits [start, end) into consecutive chunks of `size` units; the last chunk ends at `end`. Useful to page a
 * source API by time window.
 */
export function* chunkDateRange(start: AnyDate, end: AnyDate, size: number, unit: DateUnit = 'day'): Generator<[Date, Date]> {
  if (!Number.isInteger(size) || size < 1) throw new TcConfigError('size', size, 'must be a whole number of at least 1');
  if (!UNIT_ALIASES[unit]) throw new TcConfigError('unit', unit, 'must be second, minute, hour, day, week, month or year');
  let from = anyToDate(start, { field: 'start' });
  const stop = anyToDate(end, { field: 'end' });
  while (from < stop) {
    const next = addToDate(from, size, UNIT_ALIASES[unit]);
    const to = next < stop ? next : stop;
    yield [from, to];
    from = to;
  }
}

/**
 * A date for the wire, `YYYY-MM-DDTHH:MM:SSZ`, from whatever `anyToDate` reads (a Date, epoch seconds or
 * milliseconds, ISO-8601 with or without a time or offset, phrases such as `yesterday`); undefined when it cannot.
 */
export function toWireDate(value: unknown, now: () => number = Date.now): string | undefined {
  if (!(value instanceof Date) && typeof value !== 'string' && typeof value !== 'number') return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  try {
    return apiDate(anyToDate(value as AnyDate, { now: new Date(now()) }));
  } catch {
    return undefined;
  }
}
