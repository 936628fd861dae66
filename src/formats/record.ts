import { indicatorType, SUMMARY_SEPARATOR } from '../model/indicator-types.js';
import { groupType } from '../model/group-types.js';
import { TcConfigError } from '../core/errors.js';

/**
 * The formats' view of an indicator: the legacy SDK's `_basic_structure` plus its type-specific `_structure`
 * fields, built from what the v2 API returns (typed entity, generic list item or bulk JSON item).
 */
export interface FormatIndicator {
  id: number | string | null;
  type: string;
  /** the core type: Address, EmailAddress, File, Host, URL, or `custom` */
  kind: 'Address' | 'EmailAddress' | 'File' | 'Host' | 'URL' | 'custom';
  ownerName: string | null;
  dateAdded: string | null;
  lastModified: string | null;
  rating: number | null;
  confidence: number | null;
  description: string | null;
  weblink: string | null;
  /** single value, or for File the three hashes, or for custom types the field labels → values in type order */
  value: string | null;
  hashes?: { md5: string | null; sha1: string | null; sha256: string | null };
  customFields?: Array<[string, string | null]>;
  /** type-specific keys of `_structure` (size, dnsActive, whoisActive, source) */
  extras: Record<string, unknown>;
}

/** The formats' view of a group: `_basic_structure` plus the type's `_structure` fields. */
export interface FormatGroup {
  id: number | string | null;
  name: string | null;
  type: string;
  ownerName: string | null;
  dateAdded: string | null;
  weblink: string | null;
  extras: Record<string, unknown>;
}

const VALUE_KEY: Record<string, string> = { Address: 'ip', EmailAddress: 'address', Host: 'hostName', URL: 'text' };
const EXTRA_KEYS: Record<string, string[]> = {
  Address: [],
  EmailAddress: [],
  File: ['size'],
  Host: ['dnsActive', 'whoisActive'],
  URL: ['source'],
};

type Raw = Record<string, any>;

const num = (v: unknown): number | null => {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
};
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const ownerOf = (r: Raw): string | null => text(r.ownerName ?? r.owner?.name ?? null);

/** Which type a raw record is: its `type`, a caller's hint, or the value keys it carries. */
function typeOf(r: Raw, hint?: string): string {
  if (typeof r.type === 'string' && r.type) return r.type;
  if (hint) return hint;
  if ('ip' in r) return 'Address';
  if ('address' in r) return 'EmailAddress';
  if ('md5' in r || 'sha1' in r || 'sha256' in r) return 'File';
  if ('hostName' in r) return 'Host';
  if ('text' in r) return 'URL';
  throw new TcConfigError('indicator.type', r.type, 'is missing and the record has no value field to tell it from');
}

/** Builds the formats' view of an indicator from an API record. `type` helps records that do not carry one. */
export function toFormatIndicator(record: Raw, type?: string): FormatIndicator {
  if (!record || typeof record !== 'object') throw new TcConfigError('indicator', record, 'must be an object');
  const typeName = typeOf(record, type);
  const info = indicatorType(typeName);
  const name = info?.name ?? typeName;
  const base = {
    id: record.id ?? null,
    type: name,
    ownerName: ownerOf(record),
    dateAdded: text(record.dateAdded),
    lastModified: text(record.lastModified),
    rating: num(record.rating),
    confidence: num(record.confidence),
    description: text(record.description),
    weblink: text(record.webLink ?? record.weblink),
  };
  const summaryParts = typeof record.summary === 'string' ? record.summary.split(SUMMARY_SEPARATOR) : [];
  if (name === 'File') {
    const hashes = { md5: text(record.md5), sha1: text(record.sha1), sha256: text(record.sha256) };
    for (const part of summaryParts) {
      const key = ({ 32: 'md5', 40: 'sha1', 64: 'sha256' } as const)[part.trim().length as 32 | 40 | 64];
      if (key && !hashes[key]) hashes[key] = part.trim();
    }
    return { ...base, kind: 'File', value: hashes.md5 ?? hashes.sha1 ?? hashes.sha256, hashes, extras: pick(record, EXTRA_KEYS.File) };
  }
  if (name in VALUE_KEY) {
    const value = text(record[VALUE_KEY[name]] ?? record.summary ?? null);
    return { ...base, kind: name as FormatIndicator['kind'], value, extras: pick(record, EXTRA_KEYS[name]) };
  }
  // custom types: the value fields are keyed by their labels
  const labels = info?.fields ?? Object.keys(record).filter((k) => /\s/.test(k) || /^value\d$/.test(k));
  const customFields: Array<[string, string | null]> = labels.map((label, i) => [label, text(record[label] ?? summaryParts[i] ?? null)]);
  if (!customFields.length && typeof record.summary === 'string') customFields.push([name, record.summary]);
  const value = customFields.map(([, v]) => v ?? '').join(SUMMARY_SEPARATOR) || text(record.summary);
  return { ...base, kind: 'custom', value, customFields, extras: {} };
}

function pick(record: Raw, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = record[k] ?? null;
  return out;
}

// The legacy SDK's per-type group fields; newer types get the fields the catalogue lists for them.
const GROUP_EXTRAS: Record<string, string[]> = {
  Adversary: [],
  Threat: [],
  Campaign: ['firstSeen'],
  Document: ['fileName', 'fileSize', 'malware', 'password'],
  Email: ['body', 'from', 'header', 'score', 'subject', 'to'],
  Incident: ['eventDate'],
  Signature: ['fileName', 'fileText', 'fileType'],
  Event: ['eventDate', 'status'],
  Report: ['fileName', 'fileSize', 'publishDate'],
};

export function toFormatGroup(record: Raw, type?: string): FormatGroup {
  if (!record || typeof record !== 'object') throw new TcConfigError('group', record, 'must be an object');
  const raw = typeof record.type === 'string' && record.type ? record.type : type;
  if (!raw) throw new TcConfigError('group.type', record.type, 'is missing; pass the group type');
  const name = groupType(raw)?.name ?? raw;
  return {
    id: record.id ?? null,
    name: text(record.name),
    type: name,
    ownerName: ownerOf(record),
    dateAdded: text(record.dateAdded),
    weblink: text(record.webLink ?? record.weblink),
    extras: pick(record, GROUP_EXTRAS[name] ?? []),
  };
}
