import { timingSafeEqual } from 'node:crypto';
import { hmacSignature } from '../../core/hmac.js';
import type { PlatformContext } from '../context.js';
import { ApiFailure, MESSAGES } from '../http/errors.js';
import type { User } from './users.js';

const WINDOW_SECONDS = 300;

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks the Authorization header against the raw request target (path and query exactly as received,
 * including the `/api` mount prefix), as the real platform does. Throws the reference's 401 messages.
 */
export function authenticate(
  ctx: PlatformContext,
  method: string,
  rawTarget: string,
  headers: Record<string, string | string[] | undefined>,
): User {
  const header = first(headers.authorization);
  if (!header) throw new ApiFailure(401, MESSAGES.accessDenied);
  if (header.startsWith('TC-Token ')) {
    const userId = ctx.tokens.check(header.slice('TC-Token '.length).trim());
    const user = userId === undefined ? undefined : ctx.directory.userById(userId);
    if (!user || user.disabled) throw new ApiFailure(401, MESSAGES.unauthorized);
    return user;
  }
  const match = /^TC ([^:]+):(.+)$/.exec(header);
  if (!match) throw new ApiFailure(401, MESSAGES.accessDenied);
  const [, accessId, signature] = match;
  const tsHeader = first(headers.timestamp);
  if (!tsHeader || !/^\d+$/.test(tsHeader.trim())) throw new ApiFailure(401, MESSAGES.invalidTimestamp);
  const ts = Number(tsHeader.trim());
  if (Math.abs(ctx.nowSeconds() - ts) > WINDOW_SECONDS) throw new ApiFailure(401, MESSAGES.badTimestampRange);
  const user = ctx.directory.userByName(accessId);
  if (!user || user.disabled || !user.secretKey) throw new ApiFailure(401, MESSAGES.accessDenied);
  const expected = hmacSignature(user.secretKey, rawTarget, method, tsHeader.trim());
  if (!safeEqual(expected, signature.trim())) throw new ApiFailure(401, MESSAGES.badSignature);
  return user;
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
