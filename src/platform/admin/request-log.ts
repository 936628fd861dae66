import { compilePathPattern } from './pattern.js';

export interface LoggedRequest {
  method: string;
  path: string;
  /** the query string as received, without `?` (empty when there was none); token values shown as `***` */
  query: string;
  status: number | null;
  fault?: number;
  at: number;
  /** time from the request's arrival to the answer */
  durationMs?: number;
  /** position in the log, increasing, never reused (lets a reader ask only for newer entries) */
  seq?: number;
}

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

  add(entry: LoggedRequest): void {
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
      (e) => (e.seq ?? 0) > after && (!re || re.test(e.path)) && (!filter?.method || e.method === filter.method.toUpperCase()),
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
