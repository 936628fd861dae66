import type { TcClient, RequestBody } from '../client/client.js';
import { TcApiError } from '../core/errors.js';
import type { Query } from '../client/url.js';
import type { Logger } from '../core/logger.js';
import { refineError, TiNotFoundError, TiPageError } from './errors.js';

/** Options every listing accepts. */
export interface PageOptions {
  /** page size, 1 to 10,000 (default: the client's resultLimit) */
  resultLimit?: number;
  signal?: AbortSignal;
}

/**
 * An async-iterable listing that is fetched lazily, page by page. Iterate it with `for await`, or collect it with
 * `toArray()`. Any failure is thrown from the iteration, never turned into a short result.
 */
export class Paged<T> implements AsyncIterable<T> {
  constructor(private readonly source: () => AsyncGenerator<T>) {}

  [Symbol.asyncIterator](): AsyncGenerator<T> {
    return this.source();
  }

  /** Every item, in order. */
  async toArray(): Promise<T[]> {
    const out: T[] = [];
    for await (const item of this) out.push(item);
    return out;
  }

  /** The first item, or undefined for an empty listing (stops after the first page). */
  async first(): Promise<T | undefined> {
    for await (const item of this) return item;
    return undefined;
  }
}

/** What entities and collections share: the client, the default owner and the logger. */
export class TiRequester {
  constructor(
    readonly client: TcClient,
    readonly log: Logger,
  ) {}

  /** The `owner=` query for an explicit owner, else the client's default owner, else none (the user's org). */
  ownerQuery(owner?: string, extra: Query = {}): Query {
    const name = owner ?? this.client.owner;
    return name ? { ...extra, owner: name } : { ...extra };
  }

  /** One v2 call returning the envelope's `data`; a 404 becomes TiNotFoundError. */
  async data<T>(method: string, path: string, query: Query, body?: RequestBody): Promise<T> {
    try {
      return await this.client.v2<T>(method, path, { query, body });
    } catch (err) {
      throw refineError(err);
    }
  }

  /** One call whose raw answer matters (downloads); non-2xx still throws. */
  async raw(method: string, path: string, query: Query, body?: RequestBody, contentType?: string): Promise<Buffer> {
    try {
      const res = await this.client.request({ method, path, query, body, contentType });
      return res.body;
    } catch (err) {
      throw refineError(err);
    }
  }

  /** A v2 collection walked with resultStart/resultLimit through TcClient.paginate. */
  list<T>(path: string, entity: string, query: Query, options: PageOptions = {}): Paged<T> {
    const { client, log } = this;
    return new Paged<T>(async function* () {
      let received = 0;
      const limit = options.resultLimit ?? client.resultLimit;
      try {
        for await (const item of client.paginate<T>(path, entity, query, options)) {
          received += 1;
          yield item;
        }
      } catch (err) {
        const refined = refineError(err);
        // a missing parent (the item whose tags are listed, say) is "not found", not a broken walk
        if (refined instanceof TiNotFoundError && received === 0) throw refined;
        if (refined instanceof TcApiError) {
          // pages are sequential, so the failing page starts where the items received so far end
          const start = Math.floor(received / limit) * limit;
          log.error(`listing ${path} failed after ${received} items: ${refined.serverMessage}`);
          throw new TiPageError(refined, start, received);
        }
        throw refined;
      }
      log.debug(`listed ${received} ${entity} item(s) from ${path}`);
    });
  }
}
