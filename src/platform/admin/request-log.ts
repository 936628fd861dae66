import { compilePathPattern } from './pattern.js';
import type { RequestEntry } from '../console/types.js';

/** A request as the log keeps it (the console's wire type: one definition for both). */
export type LoggedRequest = RequestEntry;

// query parameters whose values are credentials (`/appAuth?expiredToken=`): never kept in the log
const SECRET_PARAMS = /((?:^|&)(?:expiredToken|token|secretKey|apiToken)=)[^&]*/gi;

/** A raw query string as it may be shown: credential values replaced by `***`. */
export function maskQuery(query: string): string {
  return query.replace(SECRET_PARAMS, '$1***');
}

/** The last requests the API served, so tests can see what really reached the server. */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  private seq = 0;
  constructor(private readonly capacity = 5000) {}

  add(entry: Omit<LoggedRequest, 'seq'>): void {
    this.entries.push({ ...entry, query: maskQuery(entry.query), seq: ++this.seq });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  /**
   * `path` is a regular expression (RE2 syntax, linear-time) tested against each path; a bad one throws
   * PatternError. `after`: only entries logged after that sequence number.
   */
  list(filter?: { path?: string; method?: string; after?: number }): LoggedRequest[] {
    const re = filter?.path ? compilePathPattern(filter.path, 'path') : undefined;
    const after = filter?.after ?? 0;
    return this.entries.filter(
      (e) => e.seq > after && (!re || re.test(e.path)) && (!filter?.method || e.method === filter.method.toUpperCase()),
    );
  }

  /** the seq of the newest entry (0 when nothing was logged yet) */
  last(): number {
    return this.seq;
  }

  clear(): void {
    this.entries = [];
  }
}
