export interface FailureEntry {
  method: string;
  url: string;
  status: number | null;
  message: string;
  /** true when the client tried again after this failure */
  retried: boolean;
  at: string;
}

/**
 * Counters for every HTTP attempt a client makes; each update is a few additions. On unless switched off:
 * `disable()` stops counting (what was counted stays), `enable()` resumes, like the legacy `report_disable()` /
 * `report_enable()`.
 */
export class ApiReport {
  /** false while switched off: nothing is counted or kept */
  enabled = true;
  apiCalls = 0;
  readonly methods: Record<string, number> = {};
  readonly statusCodes: Record<string, number> = {};
  /** total milliseconds spent waiting on requests */
  requestTimeMs = 0;
  /** items returned by paginated and single reads */
  results = 0;
  retries = 0;
  readonly failures: FailureEntry[] = [];
  private readonly started = Date.now();
  /** failures beyond this are counted but not kept, so a long run cannot grow the list without bound */
  maxFailuresKept = 1000;
  failureCount = 0;

  enable(): void {
    this.enabled = true;
  }

  disable(): void {
    this.enabled = false;
  }

  /** Items a read returned. */
  recordResults(count: number): void {
    if (this.enabled) this.results += count;
  }

  recordAttempt(method: string, status: number | null, elapsedMs: number): void {
    if (!this.enabled) return;
    this.apiCalls += 1;
    this.methods[method] = (this.methods[method] ?? 0) + 1;
    const key = status === null ? 'error' : String(status);
    this.statusCodes[key] = (this.statusCodes[key] ?? 0) + 1;
    this.requestTimeMs += elapsedMs;
  }

  recordFailure(entry: Omit<FailureEntry, 'at'>): void {
    if (!this.enabled) return;
    this.failureCount += 1;
    if (entry.retried) this.retries += 1;
    if (this.failures.length < this.maxFailuresKept) this.failures.push({ ...entry, at: new Date().toISOString() });
  }

  get runTimeMs(): number {
    return Date.now() - this.started;
  }

  toJSON(): Record<string, unknown> {
    return {
      apiCalls: this.apiCalls,
      methods: { ...this.methods },
      statusCodes: { ...this.statusCodes },
      requestTimeMs: Math.round(this.requestTimeMs),
      runTimeMs: this.runTimeMs,
      results: this.results,
      retries: this.retries,
      failureCount: this.failureCount,
      failures: this.failures.map((f) => ({ ...f })),
    };
  }

  /** A plain-text table for terminals and logs. */
  toString(): string {
    const rows: Array<[string, string]> = [
      ['API calls', String(this.apiCalls)],
      ['Methods', fmtCounts(this.methods)],
      ['Status codes', fmtCounts(this.statusCodes)],
      ['Request time', `${(this.requestTimeMs / 1000).toFixed(3)} s`],
      ['Run time', `${(this.runTimeMs / 1000).toFixed(3)} s`],
      ['Results', String(this.results)],
      ['Retries', String(this.retries)],
      ['Failures', String(this.failureCount)],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
    for (const f of this.failures) lines.push(`  ${f.method} ${f.url} -> ${f.status ?? 'no response'}: ${f.message}`);
    return lines.join('\n');
  }
}

function fmtCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : '-';
}
