import { ApiReport } from '../client/report.js';

/**
 * What the legacy SDK's `tc.report` added on top of call counting: unfiltered and filtered results, API and post
 * filter counts, and entries per filter request and post filter evaluation. The HTTP side (calls, methods, status
 * codes, request and run time, failures) is read from the client's ApiReport, never counted twice.
 */
export interface ReportEntry {
  kind: 'request' | 'postFilter';
  description: string;
  /** container name: indicators, adversaries, ... */
  resource: string;
  owner?: string;
  method?: string;
  path?: string;
  query?: Record<string, string>;
  /** HTTP status, or null when no answer came */
  status?: number | null;
  /** items the request returned, or items a post filter kept */
  results?: number;
  failure?: string;
  at: string;
}

const shared = new WeakMap<ApiReport, FilterReport>();

export class FilterReport {
  resultsUnfiltered = 0;
  resultsFiltered = 0;
  apiFilters = 0;
  postFilters = 0;
  readonly entries: ReportEntry[] = [];
  /** entries beyond this are counted but not kept */
  maxEntriesKept = 10_000;
  entryCount = 0;

  constructor(readonly api: ApiReport) {}

  /** The report shared by every query over the same client report, like the legacy `tc.report`. */
  static for(api: ApiReport): FilterReport {
    let report = shared.get(api);
    if (!report) {
      report = new FilterReport(api);
      shared.set(api, report);
    }
    return report;
  }

  /** Switches counting back on, here and in the client's report (the legacy `report_enable()`). */
  enable(): void {
    this.api.enable();
  }

  /** Stops counting, here and in the client's report, until `enable()` (the legacy `report_disable()`). */
  disable(): void {
    this.api.disable();
  }

  get enabled(): boolean {
    return this.api.enabled;
  }

  /** Adds to one of the filter counters, unless the report is switched off. */
  count(counter: 'resultsUnfiltered' | 'resultsFiltered' | 'apiFilters' | 'postFilters', n = 1): void {
    if (this.enabled) this[counter] += n;
  }

  record(entry: Omit<ReportEntry, 'at'>): void {
    if (!this.enabled) return;
    this.entryCount += 1;
    if (this.entries.length < this.maxEntriesKept) this.entries.push({ ...entry, at: new Date().toISOString() });
  }

  /** Entries of requests that failed (status not 200, 201 or 202, or no answer). */
  get failures(): ReportEntry[] {
    return this.entries.filter((e) => e.kind === 'request' && e.failure !== undefined);
  }

  get totalFilters(): number {
    return this.apiFilters + this.postFilters;
  }

  toJSON(): Record<string, unknown> {
    return {
      ...this.api.toJSON(),
      resultsUnfiltered: this.resultsUnfiltered,
      resultsFiltered: this.resultsFiltered,
      apiFilters: this.apiFilters,
      postFilters: this.postFilters,
      totalFilters: this.totalFilters,
      entries: this.entries.map((e) => ({ ...e })),
    };
  }

  /** The legacy `tc.report.stats` table: fixed-width sections, trailing spaces kept. */
  stats(): string {
    const api = this.api;
    let out = `\n${center('Stats', 80, '_')}\n`;
    out += section('API Stats', [
      ['API Calls', api.apiCalls],
      ['Unfiltered Results', this.resultsUnfiltered],
      ['Filtered Results', this.resultsFiltered],
    ]);
    out += section('Filters', [
      ['API Filters', this.apiFilters],
      ['Post Filters', this.postFilters],
      ['Total Filters', this.totalFilters],
    ]);
    if (Object.keys(api.methods).length) out += section('HTTP Methods', Object.entries(api.methods));
    if (Object.keys(api.statusCodes).length) out += section('Status Codes', Object.entries(api.statusCodes));
    const run = api.runTimeMs;
    const perf: Array<[string, string]> = [];
    if (api.apiCalls > 0) {
      perf.push(['Request Time', duration(api.requestTimeMs)], ['Processing Time', duration(Math.max(0, run - api.requestTimeMs))]);
    }
    perf.push(['Run Time', duration(run)]);
    out += section('Performance Stats', perf);
    return out;
  }

  /** A failed request as the legacy report entry block. */
  static entryText(entry: ReportEntry): string {
    const prop = (label: string, value: unknown) => `${label.padEnd(30)}: ${String(value).padEnd(50)}\n`;
    const row = (label: string, value: unknown) => `  ${label.padEnd(29)}${String(value).padEnd(50)}\n`;
    let out = `\n${center('Report Entry', 80, '_')}\n`;
    out += `\n${'Properties'.padEnd(40)}\n`;
    out += prop('Status Code', entry.status ?? 'no response');
    if (entry.failure !== undefined) out += prop('Fail Msg', entry.failure);
    out += prop('Description', entry.description);
    out += prop('Resource Type', entry.resource);
    if (entry.owner) out += prop('Owner', entry.owner);
    if (entry.kind === 'request') {
      out += `\n${'HTTP Settings'.padEnd(40)}\n`;
      out += row('HTTP Method', entry.method ?? 'GET');
      out += row('Request URI', entry.path ?? '');
      out += `\n${'Payload'.padEnd(40)}\n`;
      out += row('Payload', JSON.stringify(entry.query ?? {}));
    } else {
      out += prop('Results', entry.results ?? 0);
    }
    return out;
  }

  /** Every failure as entry blocks. */
  failuresText(): string {
    return this.failures.map((e) => FilterReport.entryText(e)).join('');
  }
}

function center(text: string, width: number, fill: string): string {
  const left = Math.floor((width - text.length) / 2);
  return fill.repeat(left) + text + fill.repeat(Math.max(0, width - left - text.length));
}

function section(name: string, rows: Array<[string, unknown]>): string {
  return `\n${name.padEnd(40)}\n${rows.map(([k, v]) => `  ${k.padEnd(29)}${String(v).padEnd(50)}\n`).join('')}`;
}

/** `H:MM:SS.ffffff`, as Python prints a timedelta. */
export function duration(ms: number): string {
  const micros = Math.max(0, Math.round(ms * 1000));
  const h = Math.floor(micros / 3_600_000_000);
  const m = Math.floor((micros % 3_600_000_000) / 60_000_000);
  const s = Math.floor((micros % 60_000_000) / 1_000_000);
  const f = micros % 1_000_000;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(f).padStart(6, '0')}`;
}
