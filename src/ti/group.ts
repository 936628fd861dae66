import { TcConfigError } from '../core/errors.js';
import { COMMON_GROUP_DATES, type GroupTypeInfo } from '../model/index.js';
import { dateFields, groupSchema } from '../model/schema/index.js';
import { isoDate } from '../core/dates.js';
import { IdEntity, positiveId, requireGroupType, requireText, type TiContext } from './entity.js';
import { pickEntity } from './wire.js';
import type { Paged, PageOptions } from './request.js';
import type {
  AdversaryAssetData,
  AdversaryAssetFields,
  AdversaryAssetType,
  DateInput,
  GroupAdditional,
  GroupData,
  GroupTypeName,
} from './types.js';

/** Fields every group type takes. `id` addresses an existing group; `name` is required to create one. */
export interface GroupCommonInput {
  id?: number;
  name?: string;
  /** owner name (`owner=`); default: the client's owner, else the user's organization */
  owner?: string;
  firstSeen?: DateInput;
  lastSeen?: DateInput;
  externalDateAdded?: DateInput;
  externalDateExpires?: DateInput;
  externalLastModified?: DateInput;
}

/** Type-specific writable fields, generated from the schema. Required-on-create fields are checked by `create()`. */
export type { GroupTypeInput } from './generated/groups.js';
import type { GroupTypeInput } from './generated/groups.js';

export type GroupInput<T extends GroupTypeName> = GroupCommonInput & GroupTypeInput[T];

export type { GetOptions } from './entity.js';

const DATE_FIELDS = new Set<string>(dateFields(groupSchema));
const NOT_BODY = new Set(['id', 'owner']);

/** A group of one type, addressed by id: create, get, update, delete, plus metadata and associations. */
export class Group<T extends GroupTypeName = GroupTypeName> extends IdEntity<GroupData<T>, GroupAdditional, Partial<GroupInput<T>>> {
  readonly type: GroupTypeInfo;
  readonly fields: GroupInput<T>;

  constructor(ctx: TiContext, type: T, input: GroupInput<T> = {} as GroupInput<T>) {
    super(ctx, input.owner, input.id);
    this.type = requireGroupType(type);
    this.fields = { ...input };
    groupBody(this.type, this.fields); // fail early on a bad status or date
  }

  protected collectionPath(): string {
    return `/v2/groups/${this.type.branch}`;
  }
  protected entityKey(): string {
    return this.type.entity;
  }
  protected describe(): string {
    return this.type.name;
  }
  protected body(): Record<string, unknown> {
    return groupBody(this.type, this.fields);
  }
  protected checkCreate(body: Record<string, unknown>): void {
    for (const field of ['name', ...this.type.required]) {
      if (body[field] === undefined || body[field] === '') {
        throw new TcConfigError(field, this.fields[field as keyof GroupInput<T>], `is required to create a ${this.type.name}`);
      }
    }
    if (body.malware === true && !body.password) throw new TcConfigError('password', undefined, 'is required for a malware Document');
  }
}

/** A Document or Report: a group that carries a file. */
export class FileGroup<T extends 'Document' | 'Report'> extends Group<T> {
  /**
   * Uploads the file's bytes (a string is sent as UTF-8). `updateIfExists` (default true) replaces an existing
   * file; without it a second upload is refused by the server.
   */
  async upload(content: Buffer | Uint8Array | string, options: { updateIfExists?: boolean } = {}): Promise<void> {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const query = this.query(options.updateIfExists === false ? {} : { updateIfExists: 'true' });
    await this.ctx.req.raw('POST', `${await this.itemPath()}/upload`, query, bytes, 'application/octet-stream');
  }

  /** The stored file's bytes. */
  async download(): Promise<Buffer> {
    return this.ctx.req.raw('GET', `${await this.itemPath()}/download`, this.query());
  }
}

export class DocumentGroup extends FileGroup<'Document'> {}
export class ReportGroup extends FileGroup<'Report'> {}

export class SignatureGroup extends Group<'Signature'> {
  /** The signature's text (`fileText`), as the download endpoint serves it. */
  async download(): Promise<string> {
    return (await this.ctx.req.raw('GET', `${await this.itemPath()}/download`, this.query())).toString('utf8');
  }
}

const ADVERSARY_ASSET_ENTITY: Record<AdversaryAssetType, string> = {
  handles: 'adversaryHandle',
  phoneNumbers: 'adversaryPhoneNumber',
  urls: 'adversaryUrl',
};

/** An Adversary, which also keeps assets: handles, phone numbers and URLs. */
export class AdversaryGroup extends Group<'Adversary'> {
  /** All assets (`bucketAsset` items with `type`), or those of one kind. */
  assets(type?: AdversaryAssetType, options?: PageOptions): Paged<AdversaryAssetData> {
    if (type === undefined) return this.paged('/adversaryAssets', 'bucketAsset', options);
    return this.paged(`/adversaryAssets/${assetType(type)}`, ADVERSARY_ASSET_ENTITY[type], options);
  }

  async addAsset<K extends AdversaryAssetType>(type: K, fields: AdversaryAssetFields[K]): Promise<AdversaryAssetData> {
    const data = await this.call<Record<string, unknown>>('POST', `/adversaryAssets/${assetType(type)}`, fields as Record<string, unknown>);
    return pickEntity(data, ADVERSARY_ASSET_ENTITY[type]);
  }

  async asset(type: AdversaryAssetType, id: number): Promise<AdversaryAssetData> {
    const data = await this.call<Record<string, unknown>>('GET', `/adversaryAssets/${assetType(type)}/${positiveId('assetId', id)}`);
    return pickEntity(data, ADVERSARY_ASSET_ENTITY[type]);
  }

  async updateAsset<K extends AdversaryAssetType>(type: K, id: number, fields: AdversaryAssetFields[K]): Promise<AdversaryAssetData> {
    const path = `/adversaryAssets/${assetType(type)}/${positiveId('assetId', id)}`;
    const data = await this.call<Record<string, unknown>>('PUT', path, fields as Record<string, unknown>);
    return pickEntity(data, ADVERSARY_ASSET_ENTITY[type]);
  }

  async deleteAsset(type: AdversaryAssetType, id: number): Promise<void> {
    await this.call('DELETE', `/adversaryAssets/${assetType(type)}/${positiveId('assetId', id)}`);
  }
}

function assetType(type: string): string {
  if (!(type in ADVERSARY_ASSET_ENTITY)) throw new TcConfigError('assetType', type, `must be one of ${Object.keys(ADVERSARY_ASSET_ENTITY).join(', ')}`);
  return type;
}

/** The group class each type gets from the factory. */
export type GroupFor<T extends GroupTypeName> = T extends 'Document'
  ? DocumentGroup
  : T extends 'Report'
    ? ReportGroup
    : T extends 'Signature'
      ? SignatureGroup
      : T extends 'Adversary'
        ? AdversaryGroup
        : Group<T>;

export function makeGroup<T extends GroupTypeName>(ctx: TiContext, type: T, input: GroupInput<T> = {} as GroupInput<T>): GroupFor<T> {
  const name = requireGroupType(type).name;
  const cls = name === 'Document' ? DocumentGroup : name === 'Report' ? ReportGroup : name === 'Signature' ? SignatureGroup : name === 'Adversary' ? AdversaryGroup : Group;
  return new (cls as any)(ctx, type, input) as GroupFor<T>;
}

/** The JSON body for the given fields: only writable fields of this type, dates as ISO strings, statuses checked. */
export function groupBody(type: GroupTypeInfo, fields: object): Record<string, unknown> {
  const allowed = new Set<string>(['name', ...COMMON_GROUP_DATES, ...type.fields]);
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || NOT_BODY.has(key)) continue;
    if (!allowed.has(key)) {
      throw new TcConfigError(key, value, `is not a ${type.name} field (use ${[...allowed].join(', ')})`);
    }
    if (DATE_FIELDS.has(key)) body[key] = isoDate(key, value as DateInput);
    else if (key === 'name') body[key] = requireText('name', value);
    else body[key] = value;
  }
  if (body.status !== undefined && type.statuses && !type.statuses.includes(body.status as string)) {
    throw new TcConfigError('status', body.status, `must be one of ${type.statuses.join(', ')} for a ${type.name}`);
  }
  return body;
}
