import type { TcClient, RequestBody } from '../../client/client.js';
import { TcApiError, TcConfigError } from '../../core/errors.js';
import { checkResultLimit } from '../../client/client.js';
import { encodeSegment, type Query } from '../../client/url.js';
import type { Logger } from '../../core/logger.js';
import { TiNotFoundError, TiPageError, TiV3Error } from '../errors.js';
import { Paged } from '../request.js';
import type { Tql } from './tql.js';
import type { V3With } from './types.js';
import type { V3DataEnvelope, V3ErrorEnvelope, V3ListEnvelope } from '../../contract/v3-wire.js';

/** Options of a v3 listing. */
export interface V3ListOptions<F extends string> {
  /** a TQL query, e.g. `typeName in ("Host","URL") and rating >= 3` (see `tql` for safe quoting) */
  tql?: string | Tql;
  /** opt-in fields (`fields=tags&fields=attributes`) */
  fields?: readonly F[];
  /** page size, 1 to 10,000 (default: the client's resultLimit) */
  resultLimit?: number;
  /** `sorting=`, e.g. `dateAdded desc` */
  sorting?: string;
  /** owner name (`owner=`) */
  owner?: string;
  /** any other query parameters, sent as given */
  params?: Query;
  signal?: AbortSignal;
}

export interface V3GetOptions<F extends string> {
  fields?: readonly F[];
  owner?: string;
}

/** A list page as read: the contract's envelope, each part possibly missing from a server that answers oddly. */
type V3ListBody<T> = Partial<V3ListEnvelope<T>>;

/**
 * A v3 collection (`/v3/indicators`, `/v3/groups`): TQL queries, opt-in `fields`, and paging that follows the
 * server's `next` links until there is none. Errors become TiV3Error (with `errCode`) or TiNotFoundError.
 */
export class V3Collection<Item, FieldMap, Create, Update> {
  constructor(
    protected readonly client: TcClient,
    protected readonly log: Logger,
    /** `/v3/indicators` */
    readonly path: string,
  ) {}

  /** Every matching item, following `next` links page by page. */
  many<F extends keyof FieldMap & string = never>(options: V3ListOptions<F> = {}): Paged<Item & V3With<FieldMap, F>> {
    const { client, log } = this;
    const first = this.listQuery(options);
    const path = this.path;
    return new Paged(async function* () {
      let url: string | undefined = path;
      let query: Query | undefined = first;
      let page = 0;
      let received = 0;
      const seen = new Set<string>();
      while (url) {
        let body: V3ListBody<Item & V3With<FieldMap, F>>;
        try {
          body = await v3Call(client, 'GET', url, query, undefined, options.signal);
        } catch (err) {
          if (err instanceof TcApiError && !(err instanceof TiNotFoundError && received === 0)) {
            log.error(`v3 listing ${path} failed on page ${page} after ${received} items: ${err.serverMessage}`);
            throw new TiPageError(err, page, received);
          }
          throw err;
        }
        const items = Array.isArray(body.data) ? body.data : [];
        received += items.length;
        for (const item of items) yield item;
        page += 1;
        const next = typeof body.next === 'string' && body.next ? relativeTo(client, body.next) : undefined;
        // a server that hands back the same link would make this loop forever
        if (next && seen.has(next)) throw new TcApiError(200, 'GET', next, 'the server repeated a next link; stopping');
        if (next) seen.add(next);
        url = next;
        query = undefined;
      }
      log.debug(`v3 listed ${received} item(s) from ${path} in ${page} page(s)`);
    });
  }

  /** How many items match (`count=true`). */
  async count(query?: string | Tql, owner?: string): Promise<number> {
    const q = this.listQuery({ tql: query, owner, resultLimit: 1 });
    const body = await v3Call<V3ListBody<unknown>>(this.client, 'GET', this.path, { ...q, count: 'true' });
    if (typeof body.count !== 'number') throw new TcApiError(200, 'GET', this.path, 'the answer has no count');
    return body.count;
  }

  /** One item by id (or, for indicators, by summary), with opt-in fields. */
  async get<F extends keyof FieldMap & string = never>(idOrSummary: number | string, options: V3GetOptions<F> = {}): Promise<Item & V3With<FieldMap, F>> {
    const query: Query = {};
    if (options.fields?.length) query.fields = [...options.fields];
    if (options.owner ?? this.client.owner) query.owner = options.owner ?? this.client.owner;
    return (await v3Call<V3DataEnvelope<Item & V3With<FieldMap, F>>>(this.client, 'GET', this.itemPath(idOrSummary), query)).data;
  }

  /** Creates an item (indicators: an existing one in the owner is updated). */
  async create(body: Create, owner?: string): Promise<Item> {
    return (await v3Call<V3DataEnvelope<Item>>(this.client, 'POST', this.path, this.ownerQuery(owner), body as RequestBody)).data;
  }

  /** Changes an item; nested metadata uses `mode` append/replace/delete. */
  async update(idOrSummary: number | string, body: Update, owner?: string): Promise<Item> {
    return (await v3Call<V3DataEnvelope<Item>>(this.client, 'PUT', this.itemPath(idOrSummary), this.ownerQuery(owner), body as RequestBody)).data;
  }

  async delete(idOrSummary: number | string, owner?: string): Promise<void> {
    await v3Call(this.client, 'DELETE', this.itemPath(idOrSummary), this.ownerQuery(owner));
  }

  /**
   * `OPTIONS` on the collection: the fields a body may carry (`readOnly: true` adds the answered-only ones), the
   * `fields=` values (`'fields'`) or the TQL keywords (`'tql'`).
   */
  async describe(what: 'body' | 'fields' | 'tql' = 'body', options: { readOnly?: boolean } = {}): Promise<V3Option[]> {
    const path = what === 'body' ? this.path : `${this.path}/${what}`;
    const query: Query = what === 'body' && options.readOnly ? { show: 'readOnly' } : {};
    const { data } = await v3Call<{ data: V3Option[] | Record<string, Omit<V3Option, 'name'>> }>(this.client, 'OPTIONS', path, query);
    // `OPTIONS /` answers an object keyed by field name; /fields and /tql answer lists
    return Array.isArray(data) ? data : Object.entries(data).map(([name, o]) => ({ name, ...o }));
  }

  protected ownerQuery(owner?: string): Query {
    const name = owner ?? this.client.owner;
    return name ? { owner: name } : {};
  }

  protected itemPath(idOrSummary: number | string): string {
    if (typeof idOrSummary === 'number') {
      if (!Number.isInteger(idOrSummary) || idOrSummary < 1) throw new TcConfigError('id', idOrSummary, 'must be a positive integer id');
      return `${this.path}/${idOrSummary}`;
    }
    if (typeof idOrSummary !== 'string' || idOrSummary.trim() === '') throw new TcConfigError('id', idOrSummary, 'must be an id or a summary');
    return `${this.path}/${encodeSegment(idOrSummary)}`;
  }

  private listQuery(options: V3ListOptions<string>): Query {
    const query: Query = { resultStart: 0, resultLimit: checkResultLimit(options.resultLimit ?? this.client.resultLimit) };
    if (options.tql !== undefined && String(options.tql).trim() !== '') query.tql = String(options.tql);
    if (options.fields?.length) query.fields = [...new Set(options.fields)];
    if (options.sorting) query.sorting = options.sorting;
    const owner = options.owner ?? this.client.owner;
    if (owner) query.owner = owner;
    return { ...query, ...(options.params ?? {}) };
  }
}

/** One entry of an OPTIONS answer: a body field, a `fields=` value or a TQL keyword. */
export interface V3Option {
  name: string;
  /** TQL keywords: the keyword to write in a query */
  keyword?: string;
  type?: string;
  description?: string;
  readOnly?: boolean;
  required?: boolean;
  appliesTo?: string[];
  includedByDefault?: boolean;
}

/** One v3 call: the parsed JSON answer; failures carry the server's message and errCode. */
export async function v3Call<T>(client: TcClient, method: string, path: string, query?: Query, body?: RequestBody, signal?: AbortSignal): Promise<T> {
  if (method === 'GET' && body === undefined) ({ path, query, body } = longGet(path, query));
  try {
    const res = await client.request({ method, path, query, body, signal });
    // every v3 answer is an envelope: Success with data or a message, or Error with message and errCode
    const parsed = (res.body.length ? res.json() : {}) as Partial<Omit<V3ErrorEnvelope, 'status'>> & { status?: string };
    if (parsed?.status && parsed.status !== 'Success') {
      throw new TiV3Error(new TcApiError(res.status, method, res.url, String(parsed.message ?? parsed.status)), parsed.errCode);
    }
    return parsed as T;
  } catch (err) {
    if (err instanceof TcApiError && !(err instanceof TiV3Error)) {
      const errCode = errCodeOf(err.body);
      if (err.status === 404) throw new TiNotFoundError(err.status, err.method, err.url, err.serverMessage, err.body);
      throw new TiV3Error(err, errCode);
    }
    throw err;
  }
}

export function errCodeOf(body: string | undefined): string | undefined {
  try {
    const code = body ? JSON.parse(body)?.errCode : undefined;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

/** A `next` link as a path under the client's base, so it is signed and proxied like any other call. */
function relativeTo(client: TcClient, next: string): string {
  const base = client.base.href.replace(/\/+$/, '');
  if (next.startsWith(`${base}/`)) return next.slice(base.length);
  if (client.base.pathname.length > 1 && next.startsWith(`${client.base.pathname}/`)) return next.slice(client.base.pathname.length);
  try {
    const url = new URL(next);
    if (url.origin === client.base.origin && url.pathname.startsWith(client.base.pathname)) {
      return url.pathname.slice(client.base.pathname.length) + url.search;
    }
  } catch {
    // a relative link: use it as given
  }
  return next;
}

/** Past this many characters of query string, GET parameters travel as a JSON body (as TcEx 4 does). */
export const LONG_GET_THRESHOLD = 2000;

/**
 * A GET whose parameters (including those of a `next` link) would make a query string of 2,000 characters or more
 * sends them as the JSON body `{"data": {...}}` instead, which the API reads exactly as the query string.
 */
export function longGet(path: string, query?: Query): { path: string; query?: Query; body?: RequestBody } {
  const cut = path.indexOf('?');
  const params: Record<string, string | number | boolean | Array<string | number | boolean>> = {};
  const add = (name: string, value: string | number | boolean) => {
    const had = params[name];
    params[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  };
  if (cut >= 0) for (const [k, v] of new URLSearchParams(path.slice(cut + 1))) add(k, v);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === null || v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) add(k, one);
  }
  const encoded = new URLSearchParams(Object.entries(params).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, String(x)]))).toString();
  if (encoded.length < LONG_GET_THRESHOLD) return { path, query };
  return { path: cut >= 0 ? path.slice(0, cut) : path, query: undefined, body: { data: params } };
}
