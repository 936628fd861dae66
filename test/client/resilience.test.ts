import { test, describe, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { TcApiError, TcConnectionError, TcTimeoutError, parseRetryAfter } from '../../src/client/index.js';
import { usePlatform, captureLogger } from '../helpers/platform.js';

const tp = usePlatform();

beforeEach(async () => {
  await tp.admin('DELETE', '/faults');
  await tp.admin('DELETE', '/requests');
});

const served = async (method: string, path = '^/v2/owners$') =>
  (await tp.admin('GET', `/requests?path=${encodeURIComponent(path)}&method=${method}`)).requests as any[];

describe('retries against injected faults', () => {
  test('503 twice then success: three attempts, all in the report', async () => {
    await tp.admin('POST', '/faults', { path: '^/v2/owners$', status: 503, times: 2 });
    const c = tp.client();
    const data = await c.v2('GET', '/v2/owners');
    assert.equal(data.resultCount, 2);
    assert.equal(c.report.apiCalls, 3);
    assert.equal(c.report.statusCodes['503'], 2);
    assert.equal(c.report.statusCodes['200'], 1);
    assert.equal(c.report.failures.length, 2);
    assert.ok(c.report.failures.every((f) => f.retried && f.status === 503));
    assert.equal((await served('GET')).length, 3);
  });

  test('429 honours Retry-After in seconds, for POST too', async () => {
    await tp.admin('POST', '/faults', { path: '^/v2/owners$', status: 429, retryAfter: 1, times: 1 });
    const c = tp.client();
    const started = Date.now();
    // POST /v2/owners has no handler, so the retried POST ends in a 404 from the router: it was repeated after the 429.
    await assert.rejects(c.request({ method: 'POST', path: '/v2/owners', body: {} }), (err: any) => err.status === 404);
    assert.ok(Date.now() - started >= 950, 'waited for Retry-After');
    assert.equal(c.report.statusCodes['429'], 1);
    assert.equal((await served('POST')).length, 2);
  });

  test('Retry-After is capped by maxRetryDelayMs, and read as an HTTP date too', async () => {
    const future = new Date(Date.now() + 3000).toUTCString();
    assert.ok(Math.abs((parseRetryAfter(future) ?? 0) - 3000) < 1100);
    assert.equal(parseRetryAfter('2'), 2000);
    assert.equal(parseRetryAfter('soon'), undefined);
    await tp.admin('POST', '/faults', { path: '^/v2/owners$', status: 429, retryAfter: 3600, times: 1 });
    const c = tp.client({ maxRetryDelayMs: 50 });
    const started = Date.now();
    await c.v2('GET', '/v2/owners');
    assert.ok(Date.now() - started < 2000);
  });

  test('dropped connections on a GET are retried to success', async () => {
    await tp.admin('POST', '/faults', { path: '^/v2/owners$', drop: true, times: 2 });
    const c = tp.client();
    const data = await c.v2('GET', '/v2/owners');
    assert.equal(data.resultCount, 2);
    assert.equal(c.report.apiCalls, 3);
    assert.equal(c.report.statusCodes.error, 2);
  });

  test('a POST answered with 500 is not repeated', async () => {
    await tp.admin('POST', '/faults', { path: '^/v2/owners$', status: 500, times: 5 });
    const c = tp.client();
    await assert.rejects(c.request({ method: 'POST', path: '/v2/owners', body: { x: 1 } }), (err: unknown) => {
      assert.ok(err instanceof TcApiError);
      assert.equal(err.status, 500);
      return true;
    });
    assert.equal((await served('POST')).length, 1);
    assert.equal(c.report.apiCalls, 1);
  });

  test('a POST whose connection dropped after sending is not repeated', async () => {
    await tp.admin('POST', '/faults', { path: '^/v2/owners$', drop: true, times: 5 });
    const c = tp.client();
    await assert.rejects(c.request({ method: 'POST', path: '/v2/owners', body: { x: 1 } }), (err: unknown) => {
      assert.ok(err instanceof TcConnectionError);
      assert.equal(err.mayHaveReachedServer, true);
      return true;
    });
    assert.equal((await served('POST')).length, 1);
  });

  test('a refused connection is retried even for POST, since nothing reached a server', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const c = tp.client({ apiPath: `http://127.0.0.1:${port}/api`, retries: 2 });
    await assert.rejects(c.request({ method: 'POST', path: '/v2/owners', body: {} }), (err: any) => {
      assert.ok(err instanceof TcConnectionError);
      assert.equal(err.mayHaveReachedServer, false);
      return true;
    });
    assert.equal(c.report.apiCalls, 3);
  });

  test('retries stop after the configured count', async () => {
    await tp.admin('POST', '/faults', { path: '^/v2/owners$', status: 502 });
    const c = tp.client({ retries: 1 });
    await assert.rejects(c.v2('GET', '/v2/owners'), /502/);
    assert.equal(c.report.apiCalls, 2);
  });

  test('the timeout is honoured', async () => {
    await tp.admin('POST', '/faults', { path: '^/v2/owners$', latencyMs: 3000, times: 1 });
    const c = tp.client({ timeout: 200, retries: 0 });
    const started = Date.now();
    await assert.rejects(c.v2('GET', '/v2/owners'), (err: unknown) => err instanceof TcTimeoutError && err.timeoutMs === 200);
    assert.ok(Date.now() - started < 1500);
  });
});

describe('token auth', () => {
  test('a token near expiry is renewed once before use, even under concurrent requests', async () => {
    const issued = await tp.admin('POST', '/tokens', { ttlSeconds: 120 });
    const { lines, logger } = captureLogger();
    const c = tp.client({ accessId: undefined, secretKey: undefined, token: issued.token, tokenExpires: issued.expires, logger });
    assert.equal(c.authType, 'token');
    const results = await Promise.all(Array.from({ length: 8 }, () => c.v2('GET', '/v2/owners')));
    assert.equal(results.length, 8);
    assert.equal(c.tokenRenewals, 1);
    assert.notEqual(c.token?.token, issued.token);
    assert.ok((c.token?.expires ?? 0) > issued.expires);
    assert.equal((await served('GET', '^/appAuth')).length, 1);
    const all = lines.join('\n');
    assert.ok(!all.includes(issued.token), 'old token not logged');
    assert.ok(!all.includes(c.token!.token), 'new token not logged');
    assert.match(all, /expiredToken=\*\*\*/);
  });

  test('an expired token gets 401, is renewed, and the call succeeds', async () => {
    const issued = await tp.admin('POST', '/tokens', { ttlSeconds: 1 });
    await new Promise((r) => setTimeout(r, 1100));
    // the client believes the token is still good for an hour, so only the server's 401 tells it otherwise
    const c = tp.client({ accessId: undefined, secretKey: undefined, token: issued.token, tokenExpires: Math.floor(Date.now() / 1000) + 3600 });
    const data = await c.v2('GET', '/v2/owners');
    assert.equal(data.resultCount, 2);
    assert.equal(c.report.statusCodes['401'], 1);
    assert.equal(c.tokenRenewals, 1);
  });

  test('a bogus token is Unauthorized and renewal failure is reported', async () => {
    const c = tp.client({ accessId: undefined, secretKey: undefined, token: 'TC:1:abc:0:bogus-token-value', tokenExpires: Math.floor(Date.now() / 1000) + 3600 });
    await assert.rejects(c.v2('GET', '/v2/owners'), (err: any) => err.status === 401 && err.serverMessage === 'Unauthorized');
    assert.ok(!JSON.stringify(c.report.toJSON()).includes('bogus-token-value'));
  });

  test('credential preference is explicit: token by default, hmac on request', async () => {
    const issued = await tp.admin('POST', '/tokens', { ttlSeconds: 3600 });
    assert.equal(tp.client({ token: issued.token, tokenExpires: issued.expires }).authType, 'token');
    const h = tp.client({ token: issued.token, tokenExpires: issued.expires, preferAuth: 'hmac' });
    assert.equal(h.authType, 'hmac');
    assert.equal((await h.v2('GET', '/v2/owners')).resultCount, 2);
  });
});

describe('secrets and the report', () => {
  test('no secret key, token or proxy password appears in logs, errors or the report', async () => {
    await tp.admin('POST', '/faults', { path: '^/v2/owners$', status: 503, times: 1 });
    const { lines, logger } = captureLogger();
    const c = tp.client({ logger, retries: 1 });
    await c.v2('GET', '/v2/owners');
    const bad = tp.client({ logger, secretKey: 'wrong-secret-key-value-0123456789', retries: 0 });
    const err = await bad.v2('GET', '/v2/owners').catch((e: Error) => e);
    const everything = [lines.join('\n'), String(err), (err as any).body ?? '', JSON.stringify(c.report.toJSON()), c.report.toString()].join('\n');
    assert.ok(!everything.includes(tp.handle.secretKey));
    assert.ok(!everything.includes('wrong-secret-key-value-0123456789'));
    assert.match(lines.join('\n'), /request method=GET url=http:\/\/127\.0\.0\.1:\d+\/api\/v2\/owners\?createActivityLog=false status=503 elapsed=/);
    assert.match(c.report.toString(), /API calls\s+2/);
  });
});

describe('proxy', () => {
  test('ThreatConnect traffic goes through an authenticating proxy only when switched on', async () => {
    const seen: string[] = [];
    const proxy = createServer((_req, res) => {
      res.writeHead(405);
      res.end();
    });
    proxy.on('connect', (req, socket, head) => {
      seen.push(String(req.headers['proxy-authorization'] ?? ''));
      const expected = `Basic ${Buffer.from('proxyuser:p@ss:word!').toString('base64')}`;
      if (req.headers['proxy-authorization'] !== expected) {
        socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      const [host, port] = String(req.url).split(':');
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const port = (proxy.address() as AddressInfo).port;
    try {
      const settings = { host: '127.0.0.1', port, username: 'proxyuser', password: 'p@ss:word!' };
      const { lines, logger } = captureLogger();
      const via = tp.client({ proxy: settings, useProxy: true, logger });
      assert.equal((await via.v2('GET', '/v2/owners')).resultCount, 2);
      assert.equal(seen.length, 1);
      const direct = tp.client({ proxy: settings, useProxy: false });
      assert.equal((await direct.v2('GET', '/v2/owners')).resultCount, 2);
      assert.equal(seen.length, 1, 'proxy not used when switched off');
      const wrong = tp.client({ proxy: { ...settings, password: 'nope-nope' }, useProxy: true, logger });
      const before = seen.length;
      const err = await wrong.v2('GET', '/v2/owners').catch((e: Error) => e);
      assert.ok(err instanceof TcConnectionError, `a TcConnectionError, not ${err?.constructor?.name}`);
      assert.equal(err.code, 'PROXY_407');
      assert.equal(err.mayHaveReachedServer, false);
      assert.match(err.message, /the proxy 127\.0\.0\.1:\d+ \(user proxyuser, password \*\*\*\) refused the tunnel with 407 Proxy Authentication Required/);
      assert.ok(!err.message.includes('nope-nope'), 'the wrong password is masked');
      assert.equal(seen.length, before + 1, 'a refused proxy login is not retried');
      assert.ok(!lines.join('\n').includes('nope-nope'));
      assert.ok(!String(err).includes('p@ss:word!'));
      assert.ok(!lines.join('\n').includes('p@ss:word!'));
      assert.match(lines.join('\n'), /Using proxy host 127\.0\.0\.1:\d+ for ThreatConnect session/);
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });
});

