// For pure-ASCII text toLowerCase is that same fold, and far cheaper than a replace calling back per capital (tag
// and attribute type names are folded once per batch item).
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** SQLite's NOCASE folds ASCII only; the caches fold the same way so they never disagree with the index. */
export const foldAscii = (s: string): string => (ASCII_ONLY.test(s) ? s.toLowerCase() : s.replace(/[A-Z]/g, (c) => c.toLowerCase()));
