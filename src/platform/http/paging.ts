import { ApiFailure, MESSAGES } from './errors.js';
import type { PlatformRequest } from './request.js';

export const MAX_RESULT_LIMIT = 10_000;
export const DEFAULT_RESULT_LIMIT = 100;
/** The real API reads resultStart into a Java int; larger offsets name nothing. */
export const MAX_RESULT_START = 2_147_483_647;

/**
 * resultStart (default 0, at most 2^31-1) and resultLimit (default 100, max 10,000), written as plain digits;
 * anything else (`1e20`, `2^63`, `-1`, `1.5`) → 400 with the API's message and the field and value named.
 */
export function pageParams(req: PlatformRequest): { start: number; limit: number } {
  const start = whole(req, 'resultStart', 0, 0, MAX_RESULT_START);
  const limit = whole(req, 'resultLimit', DEFAULT_RESULT_LIMIT, 1, MAX_RESULT_LIMIT);
  return { start, limit };
}

function whole(req: PlatformRequest, name: string, fallback: number, min: number, max: number): number {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = /^\d{1,10}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!(value >= min && value <= max)) {
    throw new ApiFailure(400, `${MESSAGES.pagination} (${name}: ${JSON.stringify(raw.slice(0, 40))} is not a whole number from ${min} to ${max})`);
  }
  return value;
}
