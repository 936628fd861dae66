import { compilePathPattern } from './pattern.js';

export interface LoggedRequest {
  method: string;
  path: string;
  /** the query string as received, without `?` (empty when there was none) */
  query: string;
  status: number | null;
  fault?: number;
  at: number;
}

/** The last requests the API served, so tests can see what really reached the server. */
export class RequestLog {
  private entries: LoggedRequest[] = [];
  constructor(private readonly capacity = 5000) {}

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  /** `path` is a regular expression (RE2 syntax, linear-time) tested against each path; a bad one throws PatternError. */
  list(filter?: { path?: string; method?: string }): LoggedRequest[] {
    const re = filter?.path ? compilePathPattern(filter.path, 'path') : undefined;
    return this.entries.filter((e) => (!re || re.test(e.path)) && (!filter?.method || e.method === filter.method.toUpperCase()));
  }

  clear(): void {
    this.entries = [];
  }
}
