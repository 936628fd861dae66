// The answers of the console's admin endpoints (`/_platform/console/...`). Shared by the server and the browser
// front end (`console/src`), which imports this file for its types only: keep it free of imports and code.

export interface OwnerCounts {
  id: number;
  name: string;
  type: string;
  /** active indicators by type name, as the REST API counts them */
  indicators: Record<string, number>;
  /** groups by type name (tasks under `Task`) */
  groups: Record<string, number>;
}

export interface BatchJobSummary {
  id: number;
  owner: string;
  status: string;
  action: string;
  haltOnError: boolean;
  created: string;
  completed: string | null;
  success: number;
  errors: number;
  unprocessed: number;
  /** `Success`, `Partial` (some items refused), `Halted` (haltOnError stopped it), `Failed` (nothing saved), or the status while not done */
  outcome: string;
}

export interface BatchJobDetail extends BatchJobSummary {
  counts: Record<'success' | 'error' | 'unprocessed', Record<'group' | 'indicator' | 'association', number>>;
  config: Record<string, unknown>;
  errorList: Array<{ code: string; severity: string; errorReason: string; errorSource: string; errorMessage?: string }>;
}

export interface RunSummary {
  id: number;
  jobId: number;
  job: string;
  trigger: string;
  status: string;
  exitCode: number | null;
  message: string | null;
  started: string;
  finished: string | null;
  durationMs: number | null;
}

export interface IngestSeries {
  owner: string;
  /** [bucket start in epoch seconds, items added up to the end of that bucket] */
  points: Array<[number, number]>;
}

/** Counts and the chart: scans of the item tables, read when the page opens (and on demand), never polled. */
export interface Overview {
  owners: OwnerCounts[];
  ingest: { bucket: 'minute' | 'hour' | 'day'; series: IngestSeries[] };
}

/** The newest batch jobs and runs: cheap (newest ids first), polled while the overview is shown. */
export interface Activity {
  batchJobs: BatchJobSummary[];
  runs: RunSummary[];
}

/** For the browse form: no counting, so it is cheap at any size. */
export interface OwnerList {
  owners: Array<{ id: number; name: string; type: string }>;
  indicatorTypes: string[];
  groupTypes: string[];
}

export type ItemKind = 'indicator' | 'group';
export type BrowseSort = 'newest' | 'oldest' | 'value' | 'valueDesc' | 'modified';

export interface BrowseRow {
  id: number;
  type: string;
  /** an indicator's summary or a group's name */
  summary: string;
  rating: number | null;
  confidence: number | null;
  active: boolean;
  dateAdded: string;
  lastModified: string;
}

export interface BrowsePage {
  rows: BrowseRow[];
  /** opaque: pass back as `after` for the next page; absent on the last page */
  next?: string;
  /** rows read to fill this page (a TQL part the database cannot evaluate is checked row by row) */
  scanned: number;
  /** the scan limit was reached before the page filled: `next` continues the search */
  partial?: boolean;
}

export interface ItemLink {
  kind: ItemKind | 'victim';
  id: number;
  type: string;
  summary: string;
  owner: string;
  /** association type of an indicator-to-indicator link (custom associations) */
  association?: string;
}

export interface ItemDetail {
  kind: ItemKind;
  id: number;
  type: string;
  summary: string;
  owner: { id: number; name: string; type: string };
  fields: Record<string, unknown>;
  attributes: Array<{ id: number; type: string; value: string; displayed: boolean; source: string | null; dateAdded: string; securityLabels: string[] }>;
  tags: string[];
  securityLabels: Array<{ name: string; color: string | null }>;
  observations: Array<{ count: number; dateObserved: string }>;
  falsePositives: Array<{ userName: string; day: string; reported: string }>;
  associations: ItemLink[];
  /** associations beyond the ones listed, per kind */
  moreAssociations: Record<string, number>;
}

export interface AppParam {
  name: string;
  label: string;
  type: string;
  required: boolean;
  default: unknown;
  encrypt: boolean;
}

export interface RunnerView {
  apps: Array<{ id: number; folder: string; name: string; version: string; runtimeLevel: string; installed: string; params: AppParam[] }>;
  jobs: Array<{
    id: number;
    name: string;
    app: string;
    schedule: string | null;
    enabled: boolean;
    nextRun: string | null;
    running: number | null;
    /** parameter values; those the app marks `encrypt` are masked */
    params: Record<string, unknown>;
    lastRun: RunSummary | null;
  }>;
  runs: RunSummary[];
}

export interface RunDetail extends RunSummary {
  /** results.tc values this run wrote */
  results: Record<string, string> | null;
  /** the last lines of the run's log (live while it runs) */
  logTail: string;
  logLines: number;
}

export interface RequestEntry {
  seq: number;
  method: string;
  path: string;
  /** the query string without its `?`, credential values masked; empty when none */
  query: string;
  status: number | null;
  fault?: number;
  /** epoch ms when the answer went out */
  at: number;
  durationMs?: number;
}

export interface RequestsPage {
  requests: RequestEntry[];
  /** pass back as `after` to get only newer entries */
  last: number;
}
