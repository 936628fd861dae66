import type { Query } from '../../client/url.js';
import { Paged } from '../request.js';
import { V3Collection, type V3ListOptions } from './collection.js';
import type { V3IndicatorFieldMap } from './generated/indicator.js';
import type { V3DeletedIndicator, V3Indicator, V3IndicatorCreate, V3IndicatorUpdate } from './types.js';

export interface V3DeletedOptions {
  /** only indicators deleted at or after this time (ISO-8601) */
  deletedSince?: string | Date;
  /** one indicator type */
  type?: string;
  owner?: string;
  resultLimit?: number;
}

/** `/v3/indicators`: the collection, plus the list of deleted indicators. */
export class V3Indicators extends V3Collection<V3Indicator, V3IndicatorFieldMap, V3IndicatorCreate, V3IndicatorUpdate> {
  /** Indicators deleted from the owner (`GET /v3/indicators/deleted`), every page. */
  deleted(options: V3DeletedOptions = {}): Paged<V3DeletedIndicator> {
    const params: Query = {};
    if (options.deletedSince !== undefined) params.deletedSince = options.deletedSince instanceof Date ? options.deletedSince.toISOString() : options.deletedSince;
    if (options.type) params.type = options.type;
    const list: V3ListOptions<never> = { params, owner: options.owner, resultLimit: options.resultLimit };
    return new V3Collection<V3DeletedIndicator, object, never, never>(this.client, this.log, `${this.path}/deleted`).many(list);
  }
}
