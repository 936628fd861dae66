import type { TcClient } from '../client/client.js';
import { TcApiError, TcError } from '../core/errors.js';
import type { Query } from '../client/url.js';
import { IndicatorValidator } from '../indicators/index.js';
import { isoDate } from '../core/dates.js';
import { FilterObject, type FilterSetOperator, type RequestPlan } from './filter-object.js';
import { epochMs } from './post-filters.js';
import { FilterReport } from './report.js';
import { indicatorTypeOf, resourceSpec, type ResourceSpec } from './resources.js';

type Item = Record<string, any>;

export interface ResourceQueryOptions {
  /** indicator detection for `indicator()` filters (default: the standard patterns) */
  validator?: IndicatorValidator;
  /** page size (default: the client's) */
  resultLimit?: number;
  /** where counts and entries go (default: the report shared by every query on this client) */
  report?: FilterReport;
  /** called after each request with its description and item count (progress output) */
  onRequest?: (info: { description: string; owner?: string; results: number }) => void;
}

export interface AddFilterOptions {
  /** restrict an indicator container's filter to one type (typed endpoints) */
  indicatorType?: string;
  operator?: FilterSetOperator;
}

/**
 * A container of the legacy SDK (`tc.indicators()`, `tc.adversaries()`, ...) with its filter objects. Retrieval
 * follows the legacy algorithm: per filter object and owner, every API filter is one request and their results
 * are joined (OR); post filters then keep the items matching all of them (AND); later objects intersect (AND,
 * the default) or join (OR) with the result so far. Items are de-duplicated by API id, in first-seen order.
 */
export class ResourceQuery {
  readonly resource: ResourceSpec;
  readonly report: FilterReport;
  private readonly objects: FilterObject[] = [];
  private readonly validator: IndicatorValidator;
  private since?: string;
  private sinceMs?: number;

  constructor(
    private readonly client: TcClient,
    resource: string,
    private readonly options: ResourceQueryOptions = {},
  ) {
    this.resource = resourceSpec(resource);
    this.validator = options.validator ?? new IndicatorValidator();
    this.report = options.report ?? FilterReport.for(client.report);
  }

  /** A new filter object; `indicatorType` (indicator containers only) switches it to that type's endpoints. */
  addFilter(options: AddFilterOptions | string = {}): FilterObject {
    const opts = typeof options === 'string' ? { indicatorType: options } : options;
    let type;
    if (opts.indicatorType !== undefined) {
      if (this.resource.kind !== 'indicators') {
        throw new TcError(`indicatorType: only indicator containers take an indicator type, not ${this.resource.name} (got ${JSON.stringify(opts.indicatorType)})`);
      }
      type = indicatorTypeOf('indicatorType', opts.indicatorType);
    }
    const obj = new FilterObject(this.resource, type, this.validator, opts.operator ?? 'AND');
    this.objects.push(obj);
    return obj;
  }

  get filters(): readonly FilterObject[] {
    return this.objects;
  }

  /**
   * Only indicators modified at or after this time. Sent as `modifiedSince` on the container's own collection;
   * pivot requests (tag, group, ...) cannot take it, so their results are checked against `lastModified` here.
   */
  modifiedSince(date: Date | string): this {
    if (this.resource.kind !== 'indicators') throw new TcError(`modifiedSince: applies to indicator containers, not ${this.resource.name}`);
    this.since = isoDate('modifiedSince', date);
    this.sinceMs = epochMs(date instanceof Date ? date : this.since);
    return this;
  }

  /** Every selected item. */
  async retrieve(signal?: AbortSignal): Promise<Item[]> {
    const out: Item[] = [];
    for await (const item of this.stream(signal)) out.push(item);
    return out;
  }

  /**
   * The selected items as they arrive. Objects combined only by OR stream straight through (de-duplicated as
   * they come); an AND needs the full result of both sides first, so such queries are collected, then yielded.
   */
  async *stream(signal?: AbortSignal): AsyncGenerator<Item> {
    const objects = this.objects.length ? this.objects : [new FilterObject(this.resource, undefined, this.validator)];
    const streaming = objects.slice(1).every((o) => o.setOp === 'OR');
    if (streaming) {
      const seen = new Set<string>();
      let count = 0;
      try {
        for (const obj of objects) {
          for await (const item of this.runObject(obj, signal)) {
            const key = keyOf(item);
            if (seen.has(key)) continue;
            seen.add(key);
            count += 1;
            yield item;
          }
        }
      } finally {
        this.report.count('resultsFiltered', count);
      }
      return;
    }
    let data = new Map<string, Item>();
    for (const [i, obj] of objects.entries()) {
      const result = new Map<string, Item>();
      for await (const item of this.runObject(obj, signal)) if (!result.has(keyOf(item))) result.set(keyOf(item), item);
      if (i === 0) {
        data = result;
      } else if (obj.setOp === 'OR') {
        for (const [k, v] of result) if (!data.has(k)) data.set(k, v);
      } else {
        data = new Map([...data].filter(([k]) => result.has(k)));
      }
    }
    this.report.count('resultsFiltered', data.size);
    yield* data.values();
  }

  private async *runObject(obj: FilterObject, signal?: AbortSignal): AsyncGenerator<Item> {
    const owners: Array<string | undefined> = obj.owners.length ? [...obj.owners] : [this.client.owner];
    const plans = obj.requests.length ? obj.requests : [obj.baseRequest()];
    const posts = obj.postFilters;
    const query: Query = {};
    for (const p of posts) if (p.needs) query[p.needs] = 'true';
    for (const owner of owners) {
      const kept = posts.map(() => 0);
      const seen = new Set<string>();
      for (const plan of plans) {
        for await (const item of this.runPlan(plan, owner, query, signal)) {
          const key = keyOf(item);
          if (seen.has(key)) continue;
          seen.add(key);
          let ok = true;
          posts.forEach((p, i) => {
            if (p.matches(item)) kept[i] += 1;
            else ok = false;
          });
          if (ok) yield item;
        }
      }
      posts.forEach((p, i) => {
        this.report.count('postFilters');
        this.report.record({ kind: 'postFilter', description: p.description, resource: this.resource.name, owner, results: kept[i] });
      });
    }
  }

  private async *runPlan(plan: RequestPlan, owner: string | undefined, extra: Query, signal?: AbortSignal): AsyncGenerator<Item> {
    const query: Query = { ...extra };
    if (plan.ownerAllowed && owner) query.owner = owner;
    if (plan.base && this.since) query.modifiedSince = this.since;
    const checkSince = !plan.base && this.sinceMs !== undefined;
    const checkOwner = this.resource.ownerScoped && owner !== undefined;
    let results = 0;
    this.report.count('apiFilters');
    const entry = { kind: 'request' as const, description: plan.description, resource: this.resource.name, owner, method: 'GET', path: plan.path, query: stringQuery(query) };
    try {
      for await (const item of this.fetch(plan, query, signal)) {
        results += 1;
        if (plan.itemType && item.type === undefined) item.type = plan.itemType;
        if (checkOwner && !sameOwner(item, owner as string)) continue;
        if (checkSince) {
          const ms = epochMs(item.lastModified);
          if (ms === undefined || ms < (this.sinceMs as number)) continue;
        }
        yield item;
      }
      this.report.record({ ...entry, status: 200, results });
    } catch (err) {
      const status = err instanceof TcApiError ? err.status : null;
      const failure = err instanceof TcApiError ? err.serverMessage : (err as Error).message;
      this.report.record({ ...entry, status, results, failure });
      // a tag, label or group that does not exist selects nothing, as in the legacy SDK
      if (status === 404 && results === 0) return;
      throw err;
    } finally {
      this.report.count('resultsUnfiltered', results);
      this.options.onRequest?.({ description: plan.description, owner, results });
    }
  }

  private async *fetch(plan: RequestPlan, query: Query, signal?: AbortSignal): AsyncGenerator<Item> {
    if (plan.paginated) {
      yield* this.client.paginate<Item>(plan.path, plan.entity, query, { resultLimit: this.options.resultLimit, signal });
      return;
    }
    const data = await this.client.v2<Record<string, unknown>>('GET', plan.path, { query, signal });
    const raw = data?.[plan.entity];
    const items = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Item[];
    this.client.report.recordResults(items.length);
    yield* items;
  }
}

function keyOf(item: Item): string {
  if (item.id !== undefined && item.id !== null) return `id:${item.id}`;
  return `name:${item.name ?? item.summary ?? JSON.stringify(item)}`;
}

function sameOwner(item: Item, owner: string): boolean {
  const name = item.ownerName ?? item.owner?.name;
  return typeof name !== 'string' || name.toLowerCase() === owner.toLowerCase();
}

function stringQuery(query: Query): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}

export { FilterObject };
