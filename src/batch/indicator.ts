import { indicatorType, normaliseIndicator, SUMMARY_SEPARATOR, type IndicatorTypeInfo } from '../model/index.js';
import { BatchItem, fieldProperties, type DateInput, type ItemSink } from './item.js';
import { FileOccurrence } from './metadata.js';
import { BatchValidationError } from './errors.js';
import { checkBoolean, checkConfidence, checkDate, checkInteger, checkRating, DATE_FIELDS } from './validate.js';
import { randomXid, typedXid, type XidInput } from './xid.js';
import { jsonFields, jsonString, lastJsonString, type WireIndicator } from './wire.js';

/** Indicator fields under the names TcEx puts on the wire (`flag1` = dnsActive, `flag2` = whoisActive, `intValue1` = size). */
const ALIASES: Record<string, string> = {
  dnsActive: 'flag1',
  dns_active: 'flag1',
  whoisActive: 'flag2',
  whois_active: 'flag2',
  size: 'intValue1',
  private_flag: 'privateFlag',
  date_added: 'dateAdded',
  last_modified: 'lastModified',
};
const BOOLEAN_FIELDS = new Set(['active', 'activeLocked', 'privateFlag', 'flag1', 'flag2']);
const RESERVED = new Set(['summary', 'type', 'xid', 'attribute', 'tag', 'securityLabel', 'associatedGroups', 'fileOccurrence']);

const typeJson = lastJsonString();

/** Type names as callers spell them (`Address`, `address`, `ip`) to their catalogue entry, so each is looked up once. */
const TYPE_CACHE = new Map<string, IndicatorTypeInfo>();
function lookupType(type: string): IndicatorTypeInfo | undefined {
  let info = TYPE_CACHE.get(type);
  if (info === undefined) {
    info = indicatorType(type);
    // only known spellings are kept, so odd input cannot grow the cache without bound
    if (info !== undefined && TYPE_CACHE.size < 1000) TYPE_CACHE.set(type, info);
  }
  return info;
}

/** Optional fields accepted by the typed indicator builders, in the same names as the setters. */
export interface IndicatorOptions {
  xid?: XidInput;
  rating?: number | string;
  confidence?: number | string;
  active?: boolean;
  activeLocked?: boolean;
  privateFlag?: boolean;
  firstSeen?: string | Date | number;
  lastSeen?: string | Date | number;
  externalDateAdded?: string | Date | number;
  externalDateExpires?: string | Date | number;
  externalLastModified?: string | Date | number;
}

/**
 * An indicator of any type (Interface 2); the typed classes below add type-specific properties (Interface 1).
 * The value is normalised with the shared catalogue, so `1.1.1.1 ` and `1.1.1.1` are one indicator.
 */
export class BatchIndicator extends BatchItem {
  readonly type: string;
  readonly summary: string;
  protected readonly info?: IndicatorTypeInfo;
  private explicitXid?: string;
  /** whether the xid was made here (a hex digest or a uuid: nothing to escape in JSON) */
  private xidMade = false;
  private xidRequest: XidInput;
  private summaryJson?: string;
  private occurrences?: FileOccurrence[];

  constructor(sink: ItemSink, type: string, values: string | ReadonlyArray<string | null | undefined>, options: IndicatorOptions = {}) {
    super(sink);
    const info = typeof type === 'string' ? lookupType(type) : indicatorType(type);
    const list = typeof values === 'string' ? [values] : values;
    if (sink.validate) {
      if (!info) throw new BatchValidationError('indicator', 'type', type, 'must be an indicator type such as Address, Host, File or URL');
      const parts = info.fields.length > 1 && list.length === 1 && info.name !== 'File' ? String(list[0] ?? '').split(SUMMARY_SEPARATOR) : list;
      const result = normaliseIndicator(info.name, parts === values ? [...parts] : (parts as Array<string | null | undefined>));
      if (!result.ok) throw new BatchValidationError(info.name, info.fields.join('/'), typeof values === 'string' ? values : list, result.error);
      this.summary = result.summary;
    } else {
      this.summary = list.filter((v) => v !== undefined && v !== null && v !== '').join(SUMMARY_SEPARATOR);
    }
    this.info = info;
    this.type = info?.name ?? type;
    if (typeof options.xid === 'string') {
      if (options.xid.trim() === '') throw new BatchValidationError(this.describe(), 'xid', options.xid, 'must not be empty');
      this.explicitXid = options.xid;
    }
    this.xidRequest = options.xid;
    for (const field in options) {
      const value = options[field as keyof IndicatorOptions];
      if (field !== 'xid' && value !== undefined && Object.hasOwn(options, field)) this.setField(field, value);
    }
  }

  describe(): string {
    return `${this.type} ${JSON.stringify(this.summary)}`;
  }

  identity(): string {
    return `${this.type}|${this.summary}`;
  }

  override identityJson(): string {
    const summary = (this.summaryJson ??= jsonString(this.summary));
    const type = typeof this.type === 'string' ? typeJson(this.type) : '';
    // neither part needed escaping: the key's JSON is the two joined inside one pair of quotes
    if (summary.length === this.summary.length + 2 && type.length === this.type.length + 2) return `"${this.type}|${this.summary}"`;
    return jsonString(this.identity());
  }

  /** The xid: as given, else reproducible ("type-value") or random per the batch's mode; fixed once read. */
  get xid(): string {
    if (this.explicitXid === undefined) {
      const reproducible = this.xidRequest === true || (this.xidRequest === undefined && this.sink.xidMode === 'reproducible');
      this.explicitXid = reproducible ? typedXid(this.type, this.summary) : randomXid();
      this.xidMade = true;
    }
    return this.explicitXid;
  }

  /** A file occurrence (File indicators only); fields may be given now or set on the returned object. */
  occurrence(fileName?: string, path?: string, date?: string | Date | number): FileOccurrence {
    if (this.type !== 'File') throw new BatchValidationError(this.describe(), 'fileOccurrence', fileName, 'only File indicators have file occurrences');
    const occ = new FileOccurrence(this, fileName, path, date);
    this.occurrences ??= [];
    this.occurrences.push(occ);
    this.touch();
    return occ;
  }

  protected setField(field: string, value: unknown): void {
    const name = Object.hasOwn(ALIASES, field) ? ALIASES[field] : field;
    if (RESERVED.has(name)) throw new BatchValidationError(this.describe(), field, value, 'is set by the constructor or its own method, not addKeyValue');
    if (value === undefined || value === null || !this.sink.validate) return this.store(name, value);
    if (name === 'rating') this.store(name, checkRating(this, value));
    else if (name === 'confidence') this.store(name, checkConfidence(this, value));
    else if (BOOLEAN_FIELDS.has(name)) this.store(name, checkBoolean(this, field, value));
    else if (name === 'intValue1') this.store(name, checkInteger(this, field, value));
    else if (DATE_FIELDS.has(name)) this.store(name, checkDate(this, field, value));
    else this.store(name, value);
  }

  toWire(): WireIndicator {
    const out: WireIndicator = { summary: this.summary, type: this.type, xid: this.xid, ...this.values };
    this.metadataWire(out);
    if (this.groupLinks?.length) out.associatedGroups = this.groupLinks.map((groupXid) => ({ groupXid }));
    if (this.occurrences?.length) {
      const occ = this.occurrences.map((o) => o.toWire()).filter((o) => o !== undefined);
      if (occ.length) out.fileOccurrence = occ;
    }
    return out;
  }

  override toJson(): string {
    const fields = jsonFields(this.values);
    // JSON.stringify puts array-index keys first; such odd records (and unchecked types) take the slow way
    if (fields === undefined || typeof this.summary !== 'string' || typeof this.type !== 'string') return JSON.stringify(this.toWire());
    const xid = this.xid;
    const summary = (this.summaryJson ??= jsonString(this.summary));
    let out = `{"summary":${summary},"type":${typeJson(this.type)},"xid":${this.xidMade ? `"${xid}"` : jsonString(xid)}${fields}${this.metadataJson()}`;
    if (this.groupLinks?.length) out += `,"associatedGroups":[${this.groupLinks.map((groupXid) => JSON.stringify({ groupXid })).join(',')}]`;
    if (this.occurrences?.length) {
      const occ = this.occurrences.map((o) => o.toWire()).filter((o) => o !== undefined);
      if (occ.length) out += `,"fileOccurrence":${JSON.stringify(occ)}`;
    }
    return `${out}}`;
  }

  declare rating: number | string | undefined;
  declare confidence: number | string | undefined;
  declare active: boolean | undefined;
  declare activeLocked: boolean | undefined;
  declare privateFlag: boolean | undefined;
  declare firstSeen: DateInput;
  declare lastSeen: DateInput;
}
fieldProperties(BatchIndicator, ['rating', 'confidence', 'active', 'activeLocked', 'privateFlag', 'firstSeen', 'lastSeen']);

export class Address extends BatchIndicator {}
export class ASN extends BatchIndicator {}
export class CIDR extends BatchIndicator {}
export class EmailAddress extends BatchIndicator {}
export class EmailSubject extends BatchIndicator {}
export class Hashtag extends BatchIndicator {}
export class Mutex extends BatchIndicator {}
export class RegistryKey extends BatchIndicator {}
export class URL extends BatchIndicator {}
export class UserAgent extends BatchIndicator {}

export class Host extends BatchIndicator {
  declare dnsActive: boolean | undefined;
  declare whoisActive: boolean | undefined;
}
fieldProperties(Host, { dnsActive: 'flag1', whoisActive: 'flag2' });

export class File extends BatchIndicator {
  declare size: number | undefined;
  get md5(): string | undefined {
    return this.hash(32);
  }
  get sha1(): string | undefined {
    return this.hash(40);
  }
  get sha256(): string | undefined {
    return this.hash(64);
  }
  private hash(length: number): string | undefined {
    return this.summary.split(SUMMARY_SEPARATOR).find((h) => h.length === length);
  }
}
fieldProperties(File, { size: 'intValue1' });

type IndicatorClass = new (sink: ItemSink, type: string, values: string | ReadonlyArray<string | null | undefined>, options?: IndicatorOptions) => BatchIndicator;

/** The typed class for each indicator type name, used by the generic and raw interfaces too. */
export const INDICATOR_CLASSES: Record<string, IndicatorClass> = {
  Address,
  ASN,
  CIDR,
  EmailAddress,
  'Email Subject': EmailSubject,
  File,
  Hashtag,
  Host,
  Mutex,
  'Registry Key': RegistryKey,
  URL,
  'User Agent': UserAgent,
};
