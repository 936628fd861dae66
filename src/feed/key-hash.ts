/**
 * Fixed-width hashes of item keys (`itemKey`), so the feed kit can remember a feed's keys as numbers in typed
 * arrays instead of strings. Not cryptographic: callers that act on a match either verify it another way or
 * only ever err on the safe side (see `delta.ts`).
 *
 * Each lane multiplies per character like FNV-1a and also folds its high bits back down, so a key's last
 * characters reach every bit; a final avalanche spreads the result.
 */

function avalanche(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** 53 bits (a safe integer, so it sorts and compares exactly in a Float64Array) from two 32-bit lanes. */
export function keyHash53(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    a ^= a >>> 15;
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  return avalanche(a) * 0x200000 + (avalanche(b) & 0x1fffff);
}

/** 32 more bits, from a lane of its own (other seed and multiplier), to tell apart keys whose `keyHash53` agree. */
export function keyHash32(text: string): number {
  let h = 0x9747b28c ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0xcc9e2d51);
    h ^= h >>> 17;
  }
  return avalanche(h);
}
