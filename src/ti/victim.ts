import { TcConfigError } from '../core/errors.js';
import { IdEntity, positiveId, requireText, type AssociationTarget, type TiContext } from './entity.js';
import type { Paged, PageOptions } from './request.js';
import { pickEntity } from './wire.js';
import type { VictimAssetData, VictimAssetFields, VictimAssetType, VictimData } from './types.js';

export interface VictimInput {
  id?: number;
  /** owner name (`owner=`) */
  owner?: string;
  name?: string;
  description?: string;
  org?: string;
  suborg?: string;
  workLocation?: string;
  nationality?: string;
}

const FIELDS = ['name', 'description', 'org', 'suborg', 'workLocation', 'nationality'] as const;

const ASSET_ENTITY: Record<VictimAssetType, string> = {
  emailAddresses: 'victimEmailAddress',
  networkAccounts: 'victimNetworkAccount',
  phoneNumbers: 'victimPhone',
  socialNetworks: 'victimSocialNetwork',
  webSites: 'victimWebSite',
};

/** A victim (`/v2/victims/{id}`): CRUD, metadata, associations and its assets. */
export class Victim extends IdEntity<VictimData, unknown, Omit<VictimInput, 'id' | 'owner'>> {
  readonly fields: VictimInput;

  constructor(ctx: TiContext, input: VictimInput = {}) {
    super(ctx, input.owner, input.id);
    this.fields = { ...input };
  }

  protected collectionPath(): string {
    return '/v2/victims';
  }
  protected entityKey(): string {
    return 'victim';
  }
  protected describe(): string {
    return 'the victim';
  }
  protected body(): Record<string, unknown> {
    return victimBody(this.fields);
  }
  protected checkCreate(body: Record<string, unknown>): void {
    if (!body.name) throw new TcConfigError('name', this.fields.name, 'is required to create a Victim');
  }
  /** the API wants `name` on every update, so it is always part of the body */
  protected override checkUpdate(body: Record<string, unknown>): void {
    if (!body.name) throw new TcConfigError('name', this.fields.name, 'is required to update a Victim');
  }

  /** All assets (`victimAsset` items with `type`), or those of one kind. */
  assets(type?: VictimAssetType, options?: PageOptions): Paged<VictimAssetData> {
    return type === undefined ? this.paged('/victimAssets', 'victimAsset', options) : this.paged(`/victimAssets/${kind(type)}`, ASSET_ENTITY[type], options);
  }

  async addAsset<K extends VictimAssetType>(type: K, fields: VictimAssetFields[K]): Promise<VictimAssetData> {
    const data = await this.call<Record<string, unknown>>('POST', `/victimAssets/${kind(type)}`, fields as Record<string, unknown>);
    return pickEntity(data, ASSET_ENTITY[type]);
  }

  async asset(type: VictimAssetType, id: number): Promise<VictimAssetData> {
    return pickEntity(await this.call<Record<string, unknown>>('GET', `/victimAssets/${kind(type)}/${positiveId('assetId', id)}`), ASSET_ENTITY[type]);
  }

  async updateAsset<K extends VictimAssetType>(type: K, id: number, fields: VictimAssetFields[K]): Promise<VictimAssetData> {
    const path = `/victimAssets/${kind(type)}/${positiveId('assetId', id)}`;
    return pickEntity(await this.call<Record<string, unknown>>('PUT', path, fields as Record<string, unknown>), ASSET_ENTITY[type]);
  }

  async deleteAsset(type: VictimAssetType, id: number): Promise<void> {
    await this.call('DELETE', `/victimAssets/${kind(type)}/${positiveId('assetId', id)}`);
  }
}

/** A victim asset as the other end of an association (`/victimAssets/{type}/{id}`). */
export function victimAssetTarget(type: VictimAssetType, id: number): AssociationTarget {
  kind(type);
  positiveId('assetId', id);
  return { targetPath: async () => `victimAssets/${type}/${id}` };
}

function kind(type: string): string {
  if (!(type in ASSET_ENTITY)) throw new TcConfigError('assetType', type, `must be one of ${Object.keys(ASSET_ENTITY).join(', ')}`);
  return type;
}

function victimBody(input: VictimInput): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of FIELDS) if (input[f] !== undefined) body[f] = f === 'name' ? requireText('name', input[f]) : input[f];
  return body;
}
