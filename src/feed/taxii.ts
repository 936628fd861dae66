import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ExternalSession } from '../app/index.js';
import { registerSecret } from '../utils/secrets.js';
import { SourceError } from './source.js';

/** TAXII 2.1's media type, for requests (`Accept`) and answers. */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';

export interface TaxiiOptions {
  /** the server's discovery URL (`https://host/taxii2/`) */
  discovery: string;
  /** API root URL or title; default: the server's default API root, else its only one */
  apiRoot?: string;
  /** collection id or title; default: the API root's only readable collection */
  collection?: string;
  /** HTTP basic auth */
  username?: string;
  password?: string;
  /** bearer token (wins over basic auth) */
  token?: string;
  /** read only objects added after this timestamp (the last run's `X-TAXII-Date-Added-Last`) */
  addedAfter?: string;
  /** objects per page (`limit`); default 500 */
  pageSize?: number;
  /** stop after this many pages (a server that never says `more: false`); default 10,000 */
  maxPages?: number;
  signal?: AbortSignal;
}

export interface TaxiiDownload {
  /** the bundle file written */
  file: string;
  bytes: number;
  objects: number;
  pages: number;
  /** the collection read, for logs */
  label: string;
  /** the newest `date_added` the server reported: the next run's `added_after` (the previous one when nothing came) */
  addedLast?: string;
}

/** A TAXII server answered with something other than what the protocol says (status, media type, shape). */
export class TaxiiError extends SourceError {}

/**
 * A TAXII 2.1 client over the app's external session (its proxy, retries and user agent): discovery, API roots,
 * collections, and a collection's objects paged with `limit`, `next` and `added_after`.
 */
export class TaxiiClient {
  private readonly headers: Record<string, string>;

  constructor(
    private readonly session: ExternalSession,
    private readonly options: TaxiiOptions,
  ) {
    this.headers = { Accept: TAXII_MEDIA_TYPE };
    if (options.token) {
      registerSecret(options.token);
      this.headers.Authorization = `Bearer ${options.token}`;
    } else if (options.username) {
      registerSecret(options.password);
      const basic = Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64');
      registerSecret(basic);
      this.headers.Authorization = `Basic ${basic}`;
    }
  }

  private async get(url: string, query?: Record<string, string | number | undefined>): Promise<{ body: any; headers: Record<string, unknown> }> {
    const res = await this.session.get(url, { headers: this.headers, query, signal: this.options.signal });
    const text = (await res.buffer()).toString('utf8');
    if (res.status === 401 || res.status === 403) {
      throw new TaxiiError(`TAXII server refused the credentials for ${url} (HTTP ${res.status}); check taxii_username/taxii_password or taxii_token.`);
    }
    if (!res.ok) throw new TaxiiError(`TAXII request ${url} failed (HTTP ${res.status}): ${text.slice(0, 200)}`);
    try {
      return { body: JSON.parse(text), headers: res.headers };
    } catch {
      throw new TaxiiError(`TAXII answer from ${url} is not JSON: ${JSON.stringify(text.slice(0, 80))}`);
    }
  }

  /** The server's discovery document: `{ title, default?, api_roots: [...] }`. */
  async discover(): Promise<{ title?: string; default?: string; api_roots?: string[] }> {
    return (await this.get(this.options.discovery)).body;
  }

  /** The API root URL to use (absolute, ending in `/`). */
  async apiRoot(): Promise<string> {
    const d = await this.discover();
    const roots = (d.api_roots ?? []).map((r) => new URL(r, this.options.discovery).href);
    const wanted = this.options.apiRoot;
    if (wanted) {
      const byUrl = roots.find((r) => r === new URL(wanted, this.options.discovery).href);
      if (byUrl) return slash(byUrl);
      for (const r of roots) {
        const info = (await this.get(slash(r))).body as { title?: string };
        if (info.title === wanted) return slash(r);
      }
      throw new TaxiiError(`taxii_api_root: ${JSON.stringify(wanted)} is not an API root of ${this.options.discovery} (it has ${roots.join(', ') || 'none'})`);
    }
    const root = d.default ? new URL(d.default, this.options.discovery).href : roots.length === 1 ? roots[0] : undefined;
    if (!root) throw new TaxiiError(`the TAXII server ${this.options.discovery} has ${roots.length} API roots and no default; set taxii_api_root`);
    return slash(root);
  }

  async collections(root: string): Promise<Array<{ id: string; title?: string; can_read?: boolean }>> {
    return ((await this.get(`${root}collections/`)).body.collections ?? []) as Array<{ id: string; title?: string; can_read?: boolean }>;
  }

  /** The collection's objects URL, found by id or title. */
  async collectionUrl(): Promise<{ url: string; label: string }> {
    const root = await this.apiRoot();
    const all = await this.collections(root);
    const wanted = this.options.collection;
    const readable = all.filter((c) => c.can_read !== false);
    const found = wanted ? all.find((c) => c.id === wanted || c.title === wanted) : readable.length === 1 ? readable[0] : undefined;
    if (!found) {
      const names = all.map((c) => `${c.title ?? '?'} (${c.id})`).join(', ') || 'none';
      throw new TaxiiError(wanted ? `taxii_collection: ${JSON.stringify(wanted)} is not a collection of ${root} (it has ${names})` : `set taxii_collection: ${root} has ${names}`);
    }
    if (found.can_read === false) throw new TaxiiError(`taxii_collection: ${found.title ?? found.id} cannot be read with these credentials`);
    return { url: `${root}collections/${encodeURIComponent(found.id)}/objects/`, label: `TAXII ${root} collection ${found.title ?? found.id}` };
  }

  /**
   * Writes the collection's objects (since `addedAfter`) into one STIX bundle file, a page at a time: pages
   * follow the server's `next` token, or, from a server that gives none, `added_after` set to the page's
   * `X-TAXII-Date-Added-Last`.
   */
  async download(tempPath: string): Promise<TaxiiDownload> {
    const { url, label } = await this.collectionUrl();
    const file = join(tempPath, 'taxii-bundle.json');
    const fd = openSync(file, 'w');
    let objects = 0;
    let pages = 0;
    let addedLast = this.options.addedAfter;
    try {
      writeSync(fd, '{"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000000","objects":[');
      let next: string | undefined;
      let after = this.options.addedAfter;
      const limit = this.options.pageSize ?? 500;
      for (;;) {
        if (++pages > (this.options.maxPages ?? 10_000)) throw new TaxiiError(`TAXII collection ${url}: more than ${pages - 1} pages; stopped`);
        const { body, headers } = await this.get(url, { limit, ...(next ? { next } : { added_after: after }) });
        const page = Array.isArray(body.objects) ? body.objects : [];
        for (const o of page) writeSync(fd, `${objects++ ? ',' : ''}\n${JSON.stringify(o)}`);
        const last = header(headers, 'x-taxii-date-added-last');
        if (last && (!addedLast || last > addedLast)) addedLast = last;
        if (body.more !== true || page.length === 0) break;
        if (typeof body.next === 'string' && body.next) next = body.next;
        else if (last && last !== after) after = last;
        else throw new TaxiiError(`TAXII collection ${url} says there is more but gives neither next nor a later X-TAXII-Date-Added-Last`);
      }
      writeSync(fd, '\n]}\n');
    } finally {
      closeSync(fd);
    }
    return { file, bytes: statSync(file).size, objects, pages, label, addedLast };
  }
}

function slash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function header(headers: Record<string, unknown>, name: string): string | undefined {
  const v = headers[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : undefined;
}
