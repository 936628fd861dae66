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

/** Strings up to this many bytes are stepped over byte by byte; the rest of a longer one is left to Buffer.indexOf. */
const INLINE_STRING_BYTES = 24;

/**
 * Offset of the first bracket that goes past maxDepth, or -1. Brackets inside strings do not count. Short strings
 * (keys, types) are stepped over here, where calling into native code would cost more than it saves; the rest of a
 * long one (a hash, a description) is found with the native indexOf: byte by byte, a File feed's 64-digit hashes
 * made this scan a sixth of the cost of JSON.parse itself.
 */
export function jsonTooDeepAt(bytes: Buffer, maxDepth = MAX_JSON_DEPTH): number {
  let depth = 0;
  const end = bytes.length;
  for (let i = 0; i < end; i++) {
    const c = bytes[i];
    if (c === 0x22) {
      i = closingQuote(bytes, i + 1);
      if (i < 0) return -1; // unterminated: JSON.parse names the problem
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return -1;
}

/** The offset of the quote that closes a string whose text starts at `from`, or -1. */
function closingQuote(bytes: Buffer, from: number): number {
  const end = bytes.length;
  const stop = Math.min(end, from + INLINE_STRING_BYTES);
  let i = from;
  for (; i < stop; i++) {
    const c = bytes[i];
    if (c === 0x22) return i;
    if (c === 0x5c) i++; // a backslash: the byte after it is escaped
  }
  // every byte before i is read (an escape included); a quote after it is escaped when an odd run of backslashes
  // from i on precedes it
  while (i < end) {
    const quote = bytes.indexOf(0x22, i);
    if (quote < 0) return -1;
    let backslashes = 0;
    for (let b = quote - 1; b >= i && bytes[b] === 0x5c; b--) backslashes++;
    if ((backslashes & 1) === 0) return quote;
    i = quote + 1;
  }
  return -1;
}
