export interface LoggedRequest {
  method: string;
  path: string;
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

  list(filter?: { path?: string; method?: string }): LoggedRequest[] {
    const re = filter?.path ? new RegExp(filter.path) : undefined;
    return this.entries.filter((e) => (!re || re.test(e.path)) && (!filter?.method || e.method === filter.method.toUpperCase()));
  }

  clear(): void {
    this.entries = [];
  }
}
