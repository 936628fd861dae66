/**
 * Dates on the batch wire are `YYYY-MM-DDTHH:MM:SSZ` (UTC, seconds). Accepted input: a Date, epoch seconds or
 * milliseconds, ISO-8601 text with or without a time or offset (no offset means UTC), and a few human forms
 * (`now`, `today`, `yesterday`, `tomorrow`, `3 days ago`, `in 2 hours`). Returns undefined when it cannot parse.
 */
export function toWireDate(value: unknown, now: () => number = Date.now): string | undefined {
  const ms = toEpochMs(value, now);
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return undefined;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const RELATIVE = /^(?:(in)\s+)?(\d+)\s*(second|minute|hour|day|week|month|year)s?(?:\s+(ago))?$/i;
const UNIT_MS: Record<string, number> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
  year: 365 * 86_400_000,
};

function toEpochMs(value: unknown, now: () => number): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value < 1e11 ? value * 1000 : value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return toEpochMs(Number(text), now);
  const m = ISO.exec(text);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
    let ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, frac ? Math.floor(Number(frac) * 1000) : 0);
    if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59 || +s > 60) return undefined;
    if (zone && zone.toUpperCase() !== 'Z') {
      const sign = zone[0] === '-' ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    }
    return ms;
  }
  const lower = text.toLowerCase();
  const today = Math.floor(now() / 86_400_000) * 86_400_000;
  if (lower === 'now') return now();
  if (lower === 'today') return today;
  if (lower === 'yesterday') return today - 86_400_000;
  if (lower === 'tomorrow') return today + 86_400_000;
  const r = RELATIVE.exec(lower);
  if (r && (r[1] ? !r[4] : r[4])) {
    const delta = Number(r[2]) * UNIT_MS[r[3]];
    return r[1] ? now() + delta : now() - delta;
  }
  // last resort: anything Date understands and that carries its own zone (RFC 2822 and the like)
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) || !/(gmt|utc|[+-]\d{4}|z)\s*$/i.test(text) ? undefined : parsed;
}
