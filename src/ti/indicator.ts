import { TcConfigError } from '../core/errors.js';
import { encodeSegment } from '../client/url.js';
import { camelLabel, normaliseIndicator, SUMMARY_SEPARATOR, splitSummary } from '../model/index.js';
import { isoDate } from '../core/dates.js';
import { includeQuery, positiveId, TiEntity, type AssociationTarget, type GetOptions, type TiContext } from './entity.js';
import type { ResolvedIndicatorType } from './indicator-types.js';
import { Paged, type PageOptions } from './request.js';
import { pickEntity } from './wire.js';
import type {
  DateInput,
  DnsResolutionData,
  FalsePositiveData,
  FileOccurrenceData,
  GenericIndicatorItem,
  Include,
  Included,
  IndicatorAdditional,
  IndicatorData,
  IndicatorListItem,
  IndicatorTypeName,
  ObservationCountData,
  ObservationData,
  OwnerData,
  RegistryValueType,
} from './types.js';

/** The value fields of each standard type, in camelCase (wire labels such as `AS Number` become `asNumber`). */
export interface IndicatorValueInput {
  Address: { ip: string };
  EmailAddress: { address: string };
  /** at least one hash; the indicator is addressed by the first present */
  File: { md5?: string; sha1?: string; sha256?: string };
  Host: { hostName: string };
  URL: { text: string };
  ASN: { asNumber: string };
  CIDR: { block: string };
  Mutex: { mutex: string };
  'Registry Key': { keyName: string; valueName: string; valueType: RegistryValueType };
  'User Agent': { userAgentString: string };
  'Email Subject': { subject: string };
  Hashtag: { hashtag: string };
}

/** Writable fields every indicator type takes. */
export interface IndicatorCommonInput {
  /** owner name (`owner=`); default: the client's owner, else the user's organization */
  owner?: string;
  /** 0 to 5 */
  rating?: number;
  /** 0 to 100 */
  confidence?: number;
  active?: boolean;
  activeLocked?: boolean;
  privateFlag?: boolean;
}

/** Writable fields only some types take. */
export interface IndicatorExtraInput {
  File: { size?: number };
  Host: { dnsActive?: boolean; whoisActive?: boolean };
}
type ExtraOf<T extends string> = T extends keyof IndicatorExtraInput ? IndicatorExtraInput[T] : unknown;

/**
 * Fields for a standard type: its value fields, or `summary` (the values joined by `" : "`, or any hash of a
 * File) to address an existing indicator.
 */
export type IndicatorInput<T extends IndicatorTypeName> = IndicatorCommonInput &
  ExtraOf<T> &
  (IndicatorValueInput[T] | { summary: string });

/** Fields for a custom type: `values` in label order, or `summary`, or each value under its label (or camelCase label). */
export type CustomIndicatorInput = IndicatorCommonInput & { summary?: string; values?: string[]; [label: string]: unknown };

/** What can change on an existing indicator (value fields cannot). */
export type IndicatorChanges<T extends string> = Omit<IndicatorCommonInput, 'owner'> & ExtraOf<T>;

const COMMON = ['rating', 'confidence', 'active', 'activeLocked', 'privateFlag'] as const;
const EXTRAS: Record<string, readonly string[]> = { File: ['size'], Host: ['dnsActive', 'whoisActive'] };


interface Resolved {
  info: ResolvedIndicatorType;
  /** values in field order, '' where a File hash is missing */
  values: string[];
  summary: string;
  /** the path segment value: the summary, or a File's first hash */
  uniqueId: string;
}

/** An indicator of one type, addressed by its value: CRUD, metadata, associations, observations and more. */
export class Indicator<T extends string = IndicatorTypeName> extends TiEntity {
  readonly typeName: T;
  protected readonly input: Record<string, unknown>;
  private resolved?: Resolved;

  constructor(ctx: TiContext, type: T, input: object) {
    super(ctx, (input as IndicatorCommonInput).owner);
    this.typeName = type;
    this.input = { ...(input as Record<string, unknown>) };
    checkCommon(this.input);
    const info = ctx.types.known(type);
    // standard types are validated at once; custom ones once their labels are known
    if (info) this.resolved = resolveValues(info, this.input);
  }

  /** The normalised summary (`1.1.1.1`, `HKEY_... : name : REG_SZ`, a File's hashes joined by `" : "`). */
  async summary(): Promise<string> {
    return (await this.resolve()).summary;
  }

  async itemPath(): Promise<string> {
    const r = await this.resolve();
    return `/v2/indicators/${r.info.branch}/${encodeSegment(r.uniqueId)}`;
  }

  /** Creates the indicator (`POST /v2/indicators/{branch}`); an existing one in the owner is updated (upsert). */
  async create(): Promise<IndicatorData<T>> {
    const r = await this.resolve();
    const body: Record<string, unknown> = {};
    r.info.fields.forEach((field, i) => {
      if (r.values[i] !== '') body[field] = r.values[i];
    });
    if (r.info.discovered) body.type = r.info.name;
    Object.assign(body, writable(r.info.name, this.input));
    const data = await this.ctx.req.data<Record<string, unknown>>('POST', `/v2/indicators/${r.info.branch}`, this.query(), body);
    return pickEntity(data, r.info.entity);
  }

  /** Reads the indicator; `includes` embeds attributes, tags, labels or the additional fields. */
  async get<I extends Include = never>(options: GetOptions<I> = {}): Promise<IndicatorData<T> & Included<I, IndicatorAdditional>> {
    const r = await this.resolve();
    const data = await this.ctx.req.data<Record<string, unknown>>('GET', await this.itemPath(), this.query(includeQuery(options.includes)));
    return pickEntity(data, r.info.entity);
  }

  /** Changes rating, confidence, active flags and type extras (`PUT`); value fields cannot change. */
  async update(changes: IndicatorChanges<T> = {} as IndicatorChanges<T>): Promise<IndicatorData<T>> {
    const r = await this.resolve();
    for (const key of Object.keys(changes)) {
      if (r.info.fields.includes(key) || r.info.fields.map(camelLabel).includes(key) || key === 'summary') {
        throw new TcConfigError(key, (changes as Record<string, unknown>)[key], 'is a value field and cannot be updated');
      }
    }
    checkCommon(changes as Record<string, unknown>);
    Object.assign(this.input, changes);
    const body = writable(r.info.name, this.input);
    if (Object.keys(body).length === 0) throw new TcConfigError('update', changes, 'needs at least one field to change');
    const data = await this.ctx.req.data<Record<string, unknown>>('PUT', await this.itemPath(), this.query(), body);
    return pickEntity(data, r.info.entity);
  }

  async delete(): Promise<void> {
    await this.ctx.req.data('DELETE', await this.itemPath(), this.query());
  }

  /** Sets the active flag, and optionally locks it against automatic changes. */
  async setActive(active: boolean, locked?: boolean): Promise<IndicatorData<T>> {
    const changes: Record<string, unknown> = { active };
    if (locked !== undefined) changes.activeLocked = locked;
    return this.update(changes as IndicatorChanges<T>);
  }

  /** Every owner holding this same indicator. */
  owners(options?: PageOptions): Paged<OwnerData> {
    return this.paged('/owners', 'owner', options);
  }

  /** Reports sightings (`POST .../observations`). */
  async addObservations(count = 1, dateObserved?: DateInput): Promise<void> {
    if (!Number.isInteger(count) || count < 1) throw new TcConfigError('count', count, 'must be a positive integer');
    const body: Record<string, unknown> = { count };
    if (dateObserved !== undefined) body.dateObserved = isoDate('dateObserved', dateObserved);
    await this.call('POST', '/observations', body);
  }

  observations(options?: PageOptions): Paged<ObservationData> {
    return this.paged('/observations', 'observation', options);
  }

  async observationCount(): Promise<ObservationCountData> {
    return pickEntity(await this.call<Record<string, unknown>>('GET', '/observationCount'), 'observationCount');
  }

  /** Reports the indicator as a false positive (once per user per day counts). */
  async addFalsePositive(): Promise<FalsePositiveData> {
    return pickEntity(await this.call<Record<string, unknown>>('POST', '/falsePositive', {}), 'falsePositive');
  }

  /** Indicators linked through a typed (custom) indicator-to-indicator association, e.g. `cidrToAddress`. */
  customAssociations(associationType: string, targetType?: undefined, options?: PageOptions): Paged<GenericIndicatorItem>;
  customAssociations<U extends string>(associationType: string, targetType: U, options?: PageOptions): Paged<IndicatorListItem<U>>;
  customAssociations(associationType: string, targetType?: string, options?: PageOptions): Paged<any> {
    const assoc = encodeSegment(associationType);
    if (!targetType) return this.paged(`/associations/${assoc}/indicators`, 'indicator', options);
    return new Paged<any>(async function* (this: Indicator<T>) {
      const info = await this.ctx.types.resolve(targetType);
      yield* this.paged(`/associations/${assoc}/indicators/${info.branch}`, info.entity, options);
    }.bind(this));
  }

  async addCustomAssociation(associationType: string, target: Indicator<string>): Promise<void> {
    await this.call('POST', `/associations/${encodeSegment(associationType)}/${await target.targetPath()}`, {});
  }

  async deleteCustomAssociation(associationType: string, target: Indicator<string>): Promise<void> {
    await this.call('DELETE', `/associations/${encodeSegment(associationType)}/${await target.targetPath()}`);
  }

  protected async resolve(): Promise<Resolved> {
    this.resolved ??= resolveValues(await this.ctx.types.resolve(this.typeName), this.input);
    return this.resolved;
  }
}

/** A File: also file occurrences (where and when it was seen). */
export class FileIndicator extends Indicator<'File'> {
  fileOccurrences(options?: PageOptions): Paged<FileOccurrenceData> {
    return this.paged('/fileOccurrences', 'fileOccurrence', options);
  }

  async fileOccurrence(id: number): Promise<FileOccurrenceData> {
    return pickEntity(await this.call<Record<string, unknown>>('GET', `/fileOccurrences/${positiveId('occurrenceId', id)}`), 'fileOccurrence');
  }

  /** Records an occurrence; at least one of fileName, path, date. */
  async addFileOccurrence(occurrence: { fileName?: string; path?: string; date?: DateInput }): Promise<FileOccurrenceData> {
    return pickEntity(await this.call<Record<string, unknown>>('POST', '/fileOccurrences', occurrenceBody(occurrence)), 'fileOccurrence');
  }

  async updateFileOccurrence(id: number, occurrence: { fileName?: string; path?: string; date?: DateInput }): Promise<FileOccurrenceData> {
    const path = `/fileOccurrences/${positiveId('occurrenceId', id)}`;
    return pickEntity(await this.call<Record<string, unknown>>('PUT', path, occurrenceBody(occurrence)), 'fileOccurrence');
  }

  async deleteFileOccurrence(id: number): Promise<void> {
    await this.call('DELETE', `/fileOccurrences/${positiveId('occurrenceId', id)}`);
  }
}

/** A Host: also DNS resolutions and the DNS/WHOIS active flags. */
export class HostIndicator extends Indicator<'Host'> {
  dnsResolutions(options?: PageOptions): Paged<DnsResolutionData> {
    return this.paged('/dnsResolutions', 'dnsResolution', options);
  }

  async setDnsActive(active: boolean): Promise<IndicatorData<'Host'>> {
    return this.update({ dnsActive: active });
  }

  async setWhoisActive(active: boolean): Promise<IndicatorData<'Host'>> {
    return this.update({ whoisActive: active });
  }
}

/** An Address: also the hosts it resolved from. */
export class AddressIndicator extends Indicator<'Address'> {
  dnsResolutions(options?: PageOptions): Paged<IndicatorListItem<'Host'> & GenericIndicatorItem> {
    return this.paged('/dnsResolutions', 'indicator', options);
  }
}

/** The indicator class each type gets from the factory. */
export type IndicatorFor<T extends string> = T extends 'File'
  ? FileIndicator
  : T extends 'Host'
    ? HostIndicator
    : T extends 'Address'
      ? AddressIndicator
      : Indicator<T>;

export function makeIndicator<T extends string>(ctx: TiContext, type: T, input: object): IndicatorFor<T> {
  const name = ctx.types.known(type)?.name;
  const cls = name === 'File' ? FileIndicator : name === 'Host' ? HostIndicator : name === 'Address' ? AddressIndicator : Indicator;
  return new (cls as any)(ctx, type, input) as IndicatorFor<T>;
}

/** Resolves an indicator given only its type and summary (association lists, tag pivots). */
export function indicatorFromSummary(ctx: TiContext, type: string, summary: string, owner?: string): Indicator<string> & AssociationTarget {
  return makeIndicator(ctx, type, { summary, owner }) as Indicator<string>;
}

function resolveValues(info: ResolvedIndicatorType, input: Record<string, unknown>): Resolved {
  let raw: Array<string | undefined>;
  if (typeof input.summary === 'string') raw = info.fields.length > 1 && info.name !== 'File' ? splitSummary(input.summary) : [input.summary];
  else if (Array.isArray(input.values)) raw = input.values.map((v) => (v === undefined || v === null ? undefined : String(v)));
  else raw = info.fields.map((f) => pickValue(input, f));

  if (info.discovered) {
    const values = raw.map((v) => (v ?? '').trim());
    const missing = info.fields.findIndex((_f, i) => !values[i]);
    if (missing >= 0 || values.length === 0) {
      const field = info.fields[Math.max(missing, 0)] ?? 'value';
      throw new TcConfigError(camelLabel(field), raw[missing], `is required for a ${info.name} indicator`);
    }
    const summary = values.join(SUMMARY_SEPARATOR);
    return { info, values, summary, uniqueId: summary };
  }
  const result = normaliseIndicator(info.name, raw);
  if (!result.ok) {
    throw new TcConfigError(info.fields.length === 1 ? camelLabel(info.fields[0]) : 'value', raw.length === 1 ? raw[0] : raw, result.error);
  }
  const uniqueId = info.name === 'File' ? (result.values.find((h) => h) as string) : result.summary;
  return { info, values: result.values, summary: result.summary, uniqueId };
}

function pickValue(input: Record<string, unknown>, label: string): string | undefined {
  const v = input[camelLabel(label)] ?? input[label];
  return v === undefined || v === null ? undefined : String(v);
}

function checkCommon(input: Record<string, unknown>): void {
  const { rating, confidence, size } = input;
  if (rating !== undefined && (typeof rating !== 'number' || !(rating >= 0 && rating <= 5))) {
    throw new TcConfigError('rating', rating, 'must be a number from 0 to 5');
  }
  if (confidence !== undefined && (!Number.isInteger(confidence) || (confidence as number) < 0 || (confidence as number) > 100)) {
    throw new TcConfigError('confidence', confidence, 'must be an integer from 0 to 100');
  }
  if (size !== undefined && (!Number.isInteger(size) || (size as number) < 0)) throw new TcConfigError('size', size, 'must be a whole number of bytes');
  for (const flag of ['active', 'activeLocked', 'privateFlag', 'dnsActive', 'whoisActive']) {
    if (input[flag] !== undefined && typeof input[flag] !== 'boolean') throw new TcConfigError(flag, input[flag], 'must be true or false');
  }
}

/** The non-value fields that go in a create or update body for this type. */
function writable(typeName: string, input: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of [...COMMON, ...(EXTRAS[typeName] ?? [])]) {
    if (input[key] !== undefined) body[key] = input[key];
  }
  return body;
}

function occurrenceBody(o: { fileName?: string; path?: string; date?: DateInput }): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (o.fileName !== undefined) body.fileName = o.fileName;
  if (o.path !== undefined) body.path = o.path;
  if (o.date !== undefined) body.date = isoDate('date', o.date);
  if (Object.keys(body).length === 0) throw new TcConfigError('fileOccurrence', o, 'needs at least one of fileName, path, date');
  return body;
}
