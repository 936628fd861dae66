import type { Query } from '../client/url.js';
import { includeQuery, type TiContext } from './entity.js';
import { Filters, type FilterKind } from './filters.js';
import { Paged, type PageOptions } from './request.js';
import type { DateInput, DeletedIndicatorData, Include, Included } from './types.js';
import { isoDate } from '../core/dates.js';

/** Options of `many()` and the pivots: page size, includes, filters, and raw extra parameters. */
export interface ListOptions<I extends Include = never, K extends FilterKind = FilterKind> extends PageOptions {
  /** embed more in every item: `additional` fields, `attributes`, `tags`, security `labels` */
  includes?: readonly I[];
  filters?: Filters<K>;
  /** any other query parameters, sent as given */
  params?: Query;
}

/** Where a collection lives; resolved on first use (custom indicator types need a lookup). */
export type CollectionTarget = () => Promise<{ path: string; entity: string }>;

/**
 * A v2 collection (`/v2/groups/adversaries`, `/v2/indicators`, `/v2/tags/{name}/groups`, ...). `many()` walks
 * every page with resultStart/resultLimit and yields items typed by the collection and the includes asked for.
 */
export class Collection<Item, Additional, K extends FilterKind> {
  constructor(
    protected readonly ctx: TiContext,
    readonly kind: K,
    protected readonly target: CollectionTarget,
    readonly owner?: string,
  ) {}

  /** A filter set for this collection, typed by its fields and operators. */
  filters(): Filters<K> {
    return new Filters(this.kind);
  }

  /** Every matching item, page by page. */
  many<I extends Include = never>(options: ListOptions<I, K> = {}): Paged<Item & Included<I, Additional>> {
    const { ctx, kind, owner } = this;
    const target = this.target;
    return new Paged(async function* () {
      const query: Query = { ...includeQuery(options.includes) };
      if (options.filters) {
        Filters.check(options.filters as unknown as Filters, kind);
        Object.assign(query, options.filters.toQuery());
      }
      Object.assign(query, options.params ?? {});
      const { path, entity } = await target();
      yield* ctx.req.list<Item & Included<I, Additional>>(path, entity, ctx.req.ownerQuery(owner, query), options);
    });
  }
}

/** An indicator collection, which can also list recently deleted indicators. */
export class IndicatorCollection<Item, Additional> extends Collection<Item, Additional, 'indicator'> {
  /** Indicators deleted within the retention period, optionally only since a date. */
  deleted(since?: DateInput, options: PageOptions = {}): Paged<DeletedIndicatorData> {
    const { ctx, owner } = this;
    const target = this.target;
    return new Paged(async function* () {
      const query: Query = since === undefined ? {} : { deletedSince: isoDate('deletedSince', since) };
      const { path } = await target();
      yield* ctx.req.list<DeletedIndicatorData>(`${path}/deleted`, 'indicator', ctx.req.ownerQuery(owner, query), options);
    });
  }
}
