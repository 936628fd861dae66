import { ApiFailure, MESSAGES } from './errors.js';

/** How deep a JSON body may nest: far beyond any real payload, far below what recursion in the store can take. */
export const MAX_JSON_DEPTH = 64;

/**
 * Parses a JSON body after checking, in one pass over the bytes, that it nests no deeper than `maxDepth`. A body
 * nested 100,000 deep parses fine in V8 but would overflow the stack of whatever walks it next, so it is refused
 * before parsing. `what` names the body in the message (`body`, `config part`...).
 */
export function parseJsonBody<T = unknown>(bytes: Buffer, what = 'body', maxDepth = MAX_JSON_DEPTH): T {
  const depthAt = jsonTooDeepAt(bytes, maxDepth);
  if (depthAt >= 0) {
    throw new ApiFailure(400, `${MESSAGES.malformed}: ${what}: JSON nested deeper than ${maxDepth} levels (at byte ${depthAt})`);
  }
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch (err) {
    throw new ApiFailure(400, `${MESSAGES.malformed}: ${what} is not valid JSON (${(err as Error).message})`);
  }
}

/** Offset of the first bracket that goes past maxDepth, or -1. Brackets inside strings do not count. */
export function jsonTooDeepAt(bytes: Buffer, maxDepth = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return -1;
}
