import type { IncomingMessage } from 'node:http';
import type { PlatformContext } from '../context.js';
import type { Owner, User } from '../auth/users.js';
import { ApiFailure, MESSAGES } from './errors.js';
import { resolveOwner } from '../auth/owners.js';
import { parseJsonBody } from './json-body.js';

export interface OwnerAccess {
  write?: boolean;
  /** used in the refusal message: "The requested {entity} was not {operation} - access was denied" */
  entity?: string;
  operation?: string;
}

/** What a handler sees of one request. */
export class PlatformRequest {
  user: User | null = null;
  params: Record<string, string> = {};
  private bodyPromise?: Promise<Buffer>;

  constructor(
    readonly ctx: PlatformContext,
    readonly raw: IncomingMessage,
    readonly method: string,
    /** the request target exactly as received, e.g. `/api/v2/owners?x=1` */
    readonly rawTarget: string,
    /** the raw path after the mount prefix, e.g. `/v2/owners` */
    readonly path: string,
    readonly query: URLSearchParams,
    private readonly maxBodyBytes: number,
  ) {}

  header(name: string): string | undefined {
    const v = this.raw.headers[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  }

  /** The body, read once and cached; larger than the platform's limit → 400. */
  body(limit = this.maxBodyBytes): Promise<Buffer> {
    this.bodyPromise ??= readBody(this.raw, limit);
    return this.bodyPromise;
  }

  /**
   * Reads the body to its end and keeps nothing (a fault rule answering instead of the route). False, without
   * waiting for the rest, when it is larger than the platform's limit.
   */
  discardBody(limit = this.maxBodyBytes): Promise<boolean> {
    if (Number(this.raw.headers['content-length'] ?? 0) > limit) return Promise.resolve(false); // not a byte read
    return new Promise((resolve) => {
      let size = 0;
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          this.raw.off('data', onData);
          this.raw.resume(); // drained by Node, never kept
          resolve(false);
        }
      };
      this.raw.on('data', onData);
      this.raw.once('end', () => resolve(size <= limit));
      this.raw.once('error', () => resolve(false));
    });
  }

  /** The body as JSON; malformed or over-deep JSON → 400 naming the problem. */
  async json<T = any>(): Promise<T> {
    const buf = await this.body();
    if (buf.length === 0) return {} as T;
    return parseJsonBody<T>(buf);
  }

  /** Boolean query flag, case-insensitive (`includeAdditional=true`). */
  flag(name: string): boolean {
    return (this.query.get(name) ?? '').toLowerCase() === 'true';
  }

  /**
   * The owner named (`undefined` reads `owner=`; `null` means the user's default organization), checked against
   * the user's memberships.
   * Unknown or unreachable owners → 403; writing where the membership is read-only → 401.
   */
  owner(name?: string | null, access: OwnerAccess = {}): Owner {
    const requested = name === undefined ? this.query.get('owner') : name;
    return resolveOwner(this.ctx, this.user, requested, access);
  }
}

class BodyTooLarge extends ApiFailure {}

export const tooLarge = (limit: number): string => `${MESSAGES.malformed}: body of more than ${limit} bytes is too large`;

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        // keep draining so the client can read our answer
        reject(new BodyTooLarge(400, tooLarge(limit)));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
    });
  });
}
