// The external session against small real HTTP servers standing in for a feed source and a proxy (the platform
// plays ThreatConnect, not third-party feeds).
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ExternalSession, parseReset, userAgent } from '../../src/index.js';

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

let server: Server;
let base: string;
let handler: Handler = (_req, res) => res.end('ok');
const seen: Array<{ url: string; ua: string; at: number }> = [];

before(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', ua: String(req.headers['user-agent']), at: Date.now() });
    handler(req, res, seen.length);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
const sessions: ExternalSession[] = [];
const sockets: Array<{ destroy(): void }> = [];
let proxy: Server | undefined;
after(async () => {
  await Promise.all(sessions.map((s) => s.close()));
  for (const s of sockets) s.destroy();
  for (const srv of [server, proxy]) {
    srv?.closeAllConnections();
    await new Promise<void>((r) => (srv ? srv.close(() => r()) : r()));
  }
});

function session(options: ConstructorParameters<typeof ExternalSession>[0] = {}) {
  const s = new ExternalSession({ baseUrl: `${base}/feeds/`, backoffMs: 5, ...options });
  sessions.push(s);
  return s;
}

describe('external session', () => {
  test('joins relative paths to the base URL, adds the query and names tcex and the app in the User-Agent', async () => {
    seen.length = 0;
    handler = (req, res) => res.end(JSON.stringify({ path: req.url }));
    const ua = userAgent({ displayName: 'Feodo Feed', programVersion: '2.1.0' });
    const s = session({ userAgent: ua });
    const res = await s.get('downloads/ipblocklist.csv', { query: { limit: 5 } });
    assert.equal(res.ok, true);
    assert.deepEqual(await res.json(), { path: '/feeds/downloads/ipblocklist.csv?limit=5' });
    assert.match(seen[0].ua, /^tcex-ts\/\d+\.\d+\.\d+, Feodo Feed\/2\.1\.0$/);
  });

  test('a 429 is retried after Retry-After', async () => {
    seen.length = 0;
    handler = (_req, res, hit) => {
      if (hit === 1) {
        res.writeHead(429, { 'Retry-After': '1' });
        res.end('slow down');
      } else res.end('finally');
    };
    const res = await session().get('x');
    assert.equal(await res.text(), 'finally');
    assert.equal(seen.length, 2);
    assert.ok(seen[1].at - seen[0].at >= 900, `waited ${seen[1].at - seen[0].at} ms for Retry-After: 1`);
  });

  test('server errors are retried for GET and the last response is returned when retries run out', async () => {
    seen.length = 0;
    handler = (_req, res) => {
      res.writeHead(503);
      res.end('down');
    };
    const res = await session({ retries: 2 }).get('x');
    assert.equal(res.status, 503);
    assert.equal(res.ok, false);
    assert.equal(await res.text(), 'down');
    assert.equal(seen.length, 3);
  });

  test('a POST is not repeated after a 502', async () => {
    seen.length = 0;
    handler = (_req, res) => {
      res.writeHead(502);
      res.end();
    };
    const res = await session().post('submit', { body: { a: 1 } });
    assert.equal(res.status, 502);
    assert.equal(seen.length, 1);
  });

  test('X-RateLimit-Remaining 0 makes the next request wait for X-RateLimit-Reset', async () => {
    seen.length = 0;
    handler = (_req, res, hit) => {
      const headers: Record<string, string> = hit === 1 ? { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '1' } : {};
      res.writeHead(200, headers);
      res.end(String(hit));
    };
    const s = session();
    await (await s.get('a')).text();
    await (await s.get('b')).text();
    assert.ok(seen[1].at - seen[0].at >= 900, `second request waited ${seen[1].at - seen[0].at} ms`);
  });

  test('a refused connection is retried, then thrown naming the URL', async () => {
    const s = session({ baseUrl: 'http://127.0.0.1:1/', retries: 1, backoffMs: 1 });
    await assert.rejects(s.get('feed'), /GET http:\/\/127\.0\.0\.1:1\/feed: connection failed \(ECONNREFUSED\)/);
  });

  test('a relative path without a base URL is refused clearly', async () => {
    await assert.rejects(session({ baseUrl: undefined }).get('x'), /"x" is relative but no baseUrl is set/);
  });

  test('the proxy is used only when the proxy switch is on', async () => {
    let tunnels = 0;
    proxy = createServer();
    proxy.on('connect', (req, socket, head) => {
      tunnels++;
      sockets.push(socket);
      const [host, port] = String(req.url).split(':');
      const upstream = connect(Number(port), host, () => {
        sockets.push(upstream);
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
    });
    const listening = proxy;
    await new Promise<void>((r) => listening.listen(0, '127.0.0.1', r));
    const settings = { host: '127.0.0.1', port: (listening.address() as AddressInfo).port };
    handler = (_req, res) => res.end('via');
    assert.equal(await (await session({ proxy: settings, useProxy: false }).get('x')).text(), 'via');
    assert.equal(tunnels, 0);
    assert.equal(await (await session({ proxy: settings, useProxy: true }).get('x')).text(), 'via');
    assert.equal(tunnels, 1);
  });

  test('reset headers read as epoch seconds, seconds from now, or a date', () => {
    const now = 1_700_000_000_000;
    assert.equal(parseReset('1700000060', now), 1_700_000_060_000);
    assert.equal(parseReset('30', now), now + 30_000);
    assert.equal(parseReset('Tue, 14 Nov 2023 22:14:20 GMT', now), Date.parse('2023-11-14T22:14:20Z'));
    assert.equal(parseReset('soon', now), undefined);
  });
});
