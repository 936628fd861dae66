import { ApiFailure, MESSAGES } from './errors.js';
import type { PlatformRequest } from './request.js';

export const MAX_RESULT_LIMIT = 10_000;
export const DEFAULT_RESULT_LIMIT = 100;

/** resultStart (default 0) and resultLimit (default 100, max 10,000); anything else → 400 with the API's message. */
export function pageParams(req: PlatformRequest): { start: number; limit: number } {
  const startRaw = req.query.get('resultStart');
  const limitRaw = req.query.get('resultLimit');
  const start = startRaw === null || startRaw === '' ? 0 : Number(startRaw);
  const limit = limitRaw === null || limitRaw === '' ? DEFAULT_RESULT_LIMIT : Number(limitRaw);
  if (!Number.isInteger(start) || start < 0 || !Number.isInteger(limit) || limit < 1 || limit > MAX_RESULT_LIMIT) {
    throw new ApiFailure(400, MESSAGES.pagination);
  }
  return { start, limit };
}
