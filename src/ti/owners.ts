import { positiveId, type TiContext } from './entity.js';
import type { Paged, PageOptions } from './request.js';
import type { OwnerData, OwnerMetricData, UserData } from './types.js';
import { pickEntity } from './wire.js';

/** Owners visible to the API user, the user's own organization, its members, and daily metrics. */
export class Owners {
  constructor(private readonly ctx: TiContext) {}

  /** Every owner the user belongs to. */
  many(options?: PageOptions): Paged<OwnerData> {
    return this.ctx.req.list('/v2/owners', 'owner', {}, options);
  }

  async get(id: number): Promise<OwnerData> {
    return pickEntity(await this.ctx.req.data<Record<string, unknown>>('GET', `/v2/owners/${positiveId('ownerId', id)}`, {}), 'owner');
  }

  /** The user's own organization. */
  async mine(): Promise<OwnerData> {
    return pickEntity(await this.ctx.req.data<Record<string, unknown>>('GET', '/v2/owners/mine', {}), 'owner');
  }

  /** Members of the user's organization (or of `owner`, when the user belongs to it). */
  members(owner?: string, options?: PageOptions): Paged<UserData> {
    return this.ctx.req.list('/v2/owners/mine/members', 'user', this.ctx.req.ownerQuery(owner), options);
  }

  /** Daily metrics rows for every owner, or for one owner id. */
  metrics(ownerId?: number, options?: PageOptions): Paged<OwnerMetricData> {
    const path = ownerId === undefined ? '/v2/owners/metrics' : `/v2/owners/${positiveId('ownerId', ownerId)}/metrics`;
    return this.ctx.req.list(path, 'ownerMetric', {}, options);
  }
}
