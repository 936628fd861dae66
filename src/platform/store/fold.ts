/** SQLite's NOCASE folds ASCII only; the caches fold the same way so they never disagree with the index. */
export const foldAscii = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
