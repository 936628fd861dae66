import { isIPv4, isIPv6 } from 'node:net';
import { domainToASCII } from 'node:url';
import { indicatorSchema } from './schema/indicator.js';
import type { ObjectSchema, SubTypeSpec } from './schema/types.js';

/**
 * The standard indicator types: names, v2 branches and entities and value fields (derived from the one schema,
 * `schema/indicator.ts`), and how each value is normalised and validated. Shared by the SDK (batch, TI, jobs,
 * formats) and the local platform so both sides agree.
 */
export interface IndicatorTypeInfo {
  /** type name as the API and batch use it: `Address`, `Registry Key` */
  name: string;
  /** v2 path branch: `addresses` */
  branch: string;
  /** v2 entity key: `address` */
  entity: string;
  /** JSON value fields, in summary order: `ip`; `md5`,`sha1`,`sha256`; `Key Name`,`Value Name`,`Value Type` */
  fields: string[];
  casePreference?: 'upper' | 'lower' | 'sensitive';
  custom: boolean;
  /** type-specific extra writable fields */
  extras: string[];
}

// the schema seen through its format (the literal type's unions are too narrow to filter over)
const schema: ObjectSchema = indicatorSchema;
const SCALAR = new Set(['string', 'integer', 'decimal', 'boolean', 'date']);

// The five original types; the rest are "custom" types the platform ships built in (their fields are labels).
const CORE_TYPES = new Set(['Address', 'EmailAddress', 'File', 'Host', 'URL']);

/** How each type's values compare (a normalisation fact, not a wire one, so it lives here rather than in the schema). */
const CASE_PREFERENCE: Record<string, IndicatorTypeInfo['casePreference']> = {
  File: 'upper',
  ASN: 'upper',
  CIDR: 'lower',
  Mutex: 'sensitive',
  'Registry Key': 'sensitive',
  'User Agent': 'sensitive',
  'Email Subject': 'sensitive',
  Hashtag: 'sensitive',
};

/** A type's catalogue entry: value fields in summary order and writable extras, from the schema. */
function fromSchema(sub: SubTypeSpec): IndicatorTypeInfo {
  const own = schema.fields.filter((f) => f.appliesTo?.includes(sub.name));
  const values = own.filter((f) => f.summaryPosition !== undefined).sort((a, b) => (a.summaryPosition ?? 0) - (b.summaryPosition ?? 0));
  // extras: stored type-specific settings that v2 and batch write too (`mode` is an update instruction, not a value)
  const extras = own.filter((f) => f.summaryPosition === undefined && SCALAR.has(f.kind as string) && !f.readOnly && f.v2 !== false);
  return {
    name: sub.name,
    branch: sub.v2Branch,
    entity: sub.v2Entity,
    fields: values.map((f) => f.name),
    extras: extras.map((f) => f.name),
    casePreference: CASE_PREFERENCE[sub.name],
    custom: !CORE_TYPES.has(sub.name),
  };
}

export const INDICATOR_TYPES: readonly IndicatorTypeInfo[] = (schema.subTypes ?? []).map(fromSchema);

const byKey = new Map<string, IndicatorTypeInfo>();
for (const info of INDICATOR_TYPES) {
  for (const key of [info.name, info.branch, info.entity, info.name.replace(/\s+/g, '')]) byKey.set(key.toLowerCase(), info);
}
// common aliases seen in feeds and older SDKs
for (const [alias, name] of [
  ['ip', 'Address'],
  ['email', 'EmailAddress'],
  ['emailaddresses', 'EmailAddress'],
  ['domain', 'Host'],
  ['hostname', 'Host'],
  ['cidrblock', 'CIDR'],
  ['registrykey', 'Registry Key'],
  ['useragent', 'User Agent'],
] as const) {
  byKey.set(alias, byKey.get(name.toLowerCase()) as IndicatorTypeInfo);
}

/** Finds a standard type by name, branch or entity, case-insensitively. */
export function indicatorType(key: string): IndicatorTypeInfo | undefined {
  return byKey.get(key.trim().toLowerCase());
}

export const REGISTRY_VALUE_TYPES = [
  'REG_NONE',
  'REG_BINARY',
  'REG_DWORD',
  'REG_DWORD_LITTLE_ENDIAN',
  'REG_DWORD_BIG_ENDIAN',
  'REG_EXPAND_SZ',
  'REG_LINK',
  'REG_MULTI_SZ',
  'REG_QWORD',
  'REG_QWORD_LITTLE_ENDIAN',
  'REG_SZ',
] as const;

export const SUMMARY_SEPARATOR = ' : ';

export type ValueResult = { ok: true; values: string[]; summary: string } | { ok: false; error: string };

const HASH_FIELDS: Record<number, string> = { 32: 'md5', 40: 'sha1', 64: 'sha256' };

/** Which hash field a hex string belongs to, by length; undefined if it is not a hash. */
export function hashField(value: string): 'md5' | 'sha1' | 'sha256' | undefined {
  return /^[0-9a-fA-F]+$/.test(value) ? (HASH_FIELDS[value.length] as 'md5' | 'sha1' | 'sha256' | undefined) : undefined;
}

/** Expands an IPv6 address to eight groups without leading zeros, lower case (the platform's stored form). */
export function expandIPv6(value: string): string {
  let text = value.toLowerCase();
  // an embedded IPv4 tail becomes two groups
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1].split('.').map(Number);
    text = text.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  const groups = tail === undefined ? left : [...left, ...Array(missing).fill('0'), ...right];
  return groups.map((g) => parseInt(g, 16).toString(16)).join(':');
}

function normaliseAddress(value: string): string | undefined {
  const v = value.trim();
  if (isIPv4(v)) return v;
  if (isIPv6(v)) return expandIPv6(v);
  return undefined;
}

const HOST_LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

function normaliseHost(value: string): string | undefined {
  const raw = value.trim().replace(/\.$/, '');
  if (!raw || raw.length > 253 || /[\s/\\:@]/.test(raw)) return undefined;
  const ascii = domainToASCII(raw.toLowerCase());
  if (!ascii) return undefined;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((l) => HOST_LABEL.test(l))) return undefined;
  if (/^\d+$/.test(labels[labels.length - 1])) return undefined; // an IP address is not a host
  return ascii;
}

function normaliseEmail(value: string): string | undefined {
  const v = value.trim();
  const at = v.lastIndexOf('@');
  if (at < 1 || at === v.length - 1) return undefined;
  const local = v.slice(0, at);
  const domain = normaliseHost(v.slice(at + 1));
  if (!domain || !/^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+$/i.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return undefined;
  }
  return `${local}@${domain}`;
}

function normaliseUrl(value: string): string | undefined {
  const v = value.trim();
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)(.*)$/i.exec(v);
  if (!m || /\s/.test(v)) return undefined;
  const [, scheme, authority, rest] = m;
  if (!authority) return undefined;
  // Keep the path exactly as given; only the scheme and the host part of the authority are case-folded.
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at + 1) : '';
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  return `${scheme.toLowerCase()}://${userinfo}${hostPort.toLowerCase()}${rest}`;
}

function normaliseAsn(value: string): string | undefined {
  const m = /^\s*(?:asn?\s*)?(\d{1,10})\s*$/i.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n <= 4294967295 ? `ASN${n}` : undefined;
}

function normaliseCidr(value: string): string | undefined {
  const m = /^\s*([^/\s]+)\/(\d{1,3})\s*$/.exec(value);
  if (!m) return undefined;
  const bits = Number(m[2]);
  if (isIPv4(m[1])) return bits <= 32 ? `${normaliseAddress(m[1])}/${bits}` : undefined;
  if (isIPv6(m[1])) return bits <= 128 ? `${expandIPv6(m[1])}/${bits}` : undefined;
  return undefined;
}

function text(max: number) {
  return (value: string): string | undefined => {
    const v = value.trim();
    return v && v.length <= max ? v : undefined;
  };
}

const SINGLE: Record<string, (v: string) => string | undefined> = {
  Address: normaliseAddress,
  EmailAddress: normaliseEmail,
  Host: normaliseHost,
  URL: normaliseUrl,
  ASN: normaliseAsn,
  CIDR: normaliseCidr,
  Mutex: text(500),
  'User Agent': text(500),
  'Email Subject': text(500),
  Hashtag: text(500),
};

const HUMAN: Record<string, string> = {
  Address: 'IPv4 or IPv6 address',
  EmailAddress: 'email address',
  Host: 'host name (ASCII or punycode, with a dot)',
  URL: 'URL with a scheme, e.g. http://example.com/',
  ASN: 'ASN such as ASN12345',
  CIDR: 'CIDR block such as 192.168.0.0/24',
  Mutex: 'mutex name (1-500 characters)',
  'User Agent': 'user agent (1-500 characters)',
  'Email Subject': 'subject (1-500 characters)',
  Hashtag: 'hashtag (1-500 characters)',
};

/**
 * Normalises an indicator's value(s) and builds its summary. `values` are in field order; for File any subset
 * of md5/sha1/sha256 (empty strings for missing). Returns an error naming the type and value when invalid.
 */
export function normaliseIndicator(typeName: string, values: Array<string | null | undefined>): ValueResult {
  const info = indicatorType(typeName);
  if (!info) return { ok: false, error: `type: unknown indicator type ${JSON.stringify(typeName)}` };
  if (info.name === 'File') {
    const out = ['', '', ''];
    for (const raw of values) {
      if (raw === null || raw === undefined || String(raw).trim() === '') continue;
      for (const part of String(raw).split(SUMMARY_SEPARATOR)) {
        const h = part.trim();
        if (!h) continue;
        const field = hashField(h);
        if (!field) return { ok: false, error: `File: ${JSON.stringify(h)} is not an MD5, SHA-1 or SHA-256 hash` };
        out[info.fields.indexOf(field)] = h.toUpperCase();
      }
    }
    if (out.every((h) => !h)) return { ok: false, error: 'File: at least one of md5, sha1, sha256 is required' };
    return { ok: true, values: out, summary: out.filter(Boolean).join(SUMMARY_SEPARATOR) };
  }
  if (info.name === 'Registry Key') {
    let parts = values.map((v) => (v === null || v === undefined ? '' : String(v)));
    if (parts.length === 1 && parts[0].includes(SUMMARY_SEPARATOR)) parts = parts[0].split(SUMMARY_SEPARATOR);
    const [key = '', name = '', type = ''] = parts;
    const k = key.trim();
    if (!/^HKEY_/i.test(k)) return { ok: false, error: `Registry Key: Key Name ${JSON.stringify(key)} must start with HKEY_` };
    const vt = type.trim().toUpperCase();
    if (!(REGISTRY_VALUE_TYPES as readonly string[]).includes(vt)) {
      return { ok: false, error: `Registry Key: Value Type ${JSON.stringify(type)} must be one of ${REGISTRY_VALUE_TYPES.join(', ')}` };
    }
    // " " stands for an empty value name, as the platform documents
    const vn = name === '' ? ' ' : name;
    const vals = [k, vn, vt];
    return { ok: true, values: vals, summary: vals.join(SUMMARY_SEPARATOR) };
  }
  const raw = values[0];
  const value = raw === null || raw === undefined ? '' : String(raw);
  const normalised = SINGLE[info.name](value);
  if (normalised === undefined) {
    return { ok: false, error: `${info.name}: ${JSON.stringify(value)} is not a valid ${HUMAN[info.name]}` };
  }
  return { ok: true, values: [normalised], summary: normalised };
}

/** Splits a summary into field values (`a : b : c`). */
export function splitSummary(summary: string): string[] {
  return summary.split(SUMMARY_SEPARATOR);
}

/** The API name of a value field's label: `AS Number` → `asNumber`, `Key Name` → `keyName`, `ip` → `ip`. */
export function camelLabel(label: string): string {
  const [first, ...rest] = label.split(/\s+/);
  const head = first === first.toUpperCase() ? first.toLowerCase() : first[0].toLowerCase() + first.slice(1);
  return head + rest.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}
