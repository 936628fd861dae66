import { RE2JS } from 're2js';

/** Longest pattern accepted from a user; RE2's compiled program grows with it. */
const MAX_PATTERN_LENGTH = 1000;

export interface PathPattern {
  source: string;
  test(value: string): boolean;
}

/**
 * A regular expression a user sent (request log filter, fault rule), compiled with RE2JS: matching takes time linear
 * in the path whatever the pattern, so `^/v2/(a+)+$` cannot hold the server for seconds as a backtracking engine
 * would. RE2 has no look-around or back-references; such patterns are refused with the field named.
 */
export function compilePathPattern(source: string, field: string): PathPattern {
  if (source.length > MAX_PATTERN_LENGTH) throw new PatternError(`${field}: a pattern of at most ${MAX_PATTERN_LENGTH} characters, got ${source.length}`);
  let re: RE2JS;
  try {
    re = RE2JS.compile(source);
  } catch (err) {
    throw new PatternError(`${field}: not a valid regular expression (RE2 syntax): ${JSON.stringify(source)} (${(err as Error).message})`);
  }
  return { source, test: (value) => re.matcher(value).find() };
}

export class PatternError extends Error {}
