// A small TAXII 2.1 server on loopback for tests: discovery, one API root, one collection, objects paged with
// limit / next / added_after, basic or bearer auth. Each object gets a date_added as it is added.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const MEDIA = 'application/taxii+json;version=2.1';

export interface TaxiiServerOptions {
  /** accepted credentials; none: no auth */
  basic?: { username: string; password: string };
  token?: string;
  /** the server's own page limit (a client asking for more gets this many) */
  maxPage?: number;
  /** false: pages carry no `next` token, clients page with added_after (as some servers do) */
  nextTokens?: boolean;
  collectionId?: string;
  collectionTitle?: string;
}

export interface TaxiiServer {
  /** the discovery URL */
  url: string;
  /** adds objects, each with a date_added one millisecond after the last */
  add(objects: object[]): void;
  /** every objects request's query, in order */
  requests: Array<Record<string, string>>;
  close(): Promise<void>;
}

export async function startTaxiiServer(options: TaxiiServerOptions = {}): Promise<TaxiiServer> {
  const stored: Array<{ added: string; object: object }> = [];
  const requests: Array<Record<string, string>> = [];
  let clock = Date.parse('2025-01-01T00:00:00.000Z');
  const collectionId = options.collectionId ?? '2f669ee8-7a3e-4c2e-8bd1-93b7de0a7a0b';
  const maxPage = options.maxPage ?? 100;

  const authorised = (req: IncomingMessage): boolean => {
    const auth = req.headers.authorization ?? '';
    if (options.token) return auth === `Bearer ${options.token}`;
    if (options.basic) return auth === `Basic ${Buffer.from(`${options.basic.username}:${options.basic.password}`).toString('base64')}`;
    return true;
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': MEDIA, ...headers });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const url = new URL(req.url ?? '/', base);
    if (req.method !== 'GET') return send(res, 405, { title: 'method not allowed' });
    if (!authorised(req)) return send(res, 401, { title: 'Unauthorized' }, { 'WWW-Authenticate': 'Basic realm="taxii"' });
    if (!String(req.headers.accept ?? '').includes('application/taxii+json')) return send(res, 406, { title: 'Not Acceptable' });
    const path = url.pathname;
    if (path === '/taxii2/') return send(res, 200, { title: 'Test TAXII', default: `${base}/api1/`, api_roots: [`${base}/api1/`] });
    if (path === '/api1/') return send(res, 200, { title: 'API root one', versions: [MEDIA], max_content_length: 10_000_000 });
    if (path === '/api1/collections/') {
      return send(res, 200, {
        collections: [{ id: collectionId, title: options.collectionTitle ?? 'ICS ATT&CK', can_read: true, can_write: false, media_types: ['application/stix+json;version=2.1'] }],
      });
    }
    if (path === `/api1/collections/${collectionId}/objects/`) {
      const query = Object.fromEntries(url.searchParams);
      requests.push(query);
      const after = query.added_after ? Date.parse(query.added_after) : -Infinity;
      const from = query.next ? Number(query.next) : stored.findIndex((s) => Date.parse(s.added) > after);
      const start = from < 0 ? stored.length : from;
      const limit = Math.min(Number(query.limit) || maxPage, maxPage);
      const page = stored.slice(start, start + limit);
      const more = start + page.length < stored.length;
      const headers: Record<string, string> = page.length
        ? { 'X-TAXII-Date-Added-First': page[0].added, 'X-TAXII-Date-Added-Last': page[page.length - 1].added }
        : {};
      const body: Record<string, unknown> = { more, objects: page.map((p) => p.object) };
      if (more && options.nextTokens !== false) body.next = String(start + page.length);
      return send(res, 200, body, headers);
    }
    send(res, 404, { title: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/taxii2/`,
    add(objects) {
      for (const object of objects) stored.push({ added: new Date(++clock).toISOString(), object });
    },
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
