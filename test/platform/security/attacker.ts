// What an attacker's page or script sends: raw HTTP with any Host, Origin, Content-Type or body, no client library
// that would sign, add the admin key or correct anything. Used only by the security tests.
import { request } from 'node:http';
import type { PlatformHandle } from '../../../src/platform/index.js';

export interface RawAnswer {
  status: number;
  body: any;
  text: string;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export function raw(handle: PlatformHandle, req: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...(req.headers ?? {}) };
    if (req.body !== undefined) headers['Content-Length'] = Buffer.byteLength(req.body);
    const r = request({ host: '127.0.0.1', port: handle.port, method: req.method ?? 'GET', path: req.path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: any;
        try {
          body = text ? JSON.parse(text) : {};
        } catch {
          body = { text };
        }
        resolve({ status: res.statusCode ?? 0, body, text });
      });
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

/**
 * Streams `totalBytes` of body (a reused 1 MiB chunk, so the sender itself holds almost nothing) and stops sending
 * as soon as the server answers. Resolves with the status and how much was sent.
 */
export function stream(handle: PlatformHandle, path: string, totalBytes: number, headers: Record<string, string> = {}): Promise<{ status: number; sent: number; body: string; reset?: string }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    let sent = 0;
    let answered = false;
    const r = request(
      {
        host: '127.0.0.1',
        port: handle.port,
        method: 'POST',
        path,
        // chunked: no declared length, so the server has to count what arrives
        headers: { 'Content-Type': 'application/json', ...(headers['Transfer-Encoding'] ? {} : { 'Content-Length': totalBytes }), ...headers },
      },
      (res) => {
        answered = true;
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, sent, body: Buffer.concat(parts).toString('utf8') });
          r.destroy();
        });
      },
    );
    r.on('error', (err: NodeJS.ErrnoException) => {
      if (answered) return;
      // The server may close the socket right after its answer to a body it refuses unread; under load the write
      // then fails before the answer is parsed. That is a refusal too: report how far the sender got.
      if (err.code === 'EPIPE' || err.code === 'ECONNRESET') resolve({ status: 0, sent, body: '', reset: err.code });
      else reject(err);
    });
    const pump = () => {
      while (!answered && sent < totalBytes) {
        const piece = Math.min(chunk.length, totalBytes - sent);
        sent += piece;
        if (!r.write(piece === chunk.length ? chunk : chunk.subarray(0, piece))) {
          r.once('drain', pump);
          return;
        }
      }
      if (!answered) r.end();
    };
    pump();
  });
}
