import type { TcClient } from '../client/client.js';
import { TcApiError } from '../client/errors.js';
import { encodeSegment } from '../client/url.js';
import { Batch, type BatchJobResult, type ProgressOption } from '../batch/index.js';
import { groupType, indicatorType, SUMMARY_SEPARATOR, type IndicatorTypeInfo } from '../model/index.js';
import type { IndicatorValidator } from '../indicators/index.js';
import type { Logger } from '../utils/logger.js';
import { pushOnce, type JobBook } from './book.js';
import type { GroupCache } from './group-cache.js';
import type { JobIndicator } from './types.js';

/** An indicator checked and ready to send. */
export interface PreparedIndicator {
  /** the name in the result lists: the summary as submitted */
  label: string;
  type: string;
  info?: IndicatorTypeInfo;
  /** the summary as the platform stores it */
  summary: string;
  values: string[];
  /** the indicator's other fields (rating, confidence, attribute, tag, ...) */
  rest: Record<string, unknown>;
  groupIds: number[];
}

const STUB = /^\$\((.+):([^:]+)\)$/;

/** The label of an indicator: its summary, or its value fields joined as a summary. */
export function indicatorLabel(data: JobIndicator): string {
  if (typeof data.summary === 'string' && data.summary.trim()) return data.summary;
  const info = typeof data.type === 'string' ? indicatorType(data.type) : undefined;
  const values = (info?.fields ?? []).map((f) => data[f]).filter((v) => v !== undefined && v !== null && v !== '');
  return values.map(String).join(SUMMARY_SEPARATOR);
}

/** Validates (detecting the type when missing) and resolves `associatedGroup` ids and `$(name:type)` stubs. */
export async function prepareIndicators(
  queued: JobIndicator[],
  validator: IndicatorValidator,
  cache: GroupCache,
  book: JobBook,
): Promise<PreparedIndicator[]> {
  const out: PreparedIndicator[] = [];
  for (const data of queued) {
    const label = indicatorLabel(data);
    const { summary: _s, type, associatedGroup, ...rest } = data;
    const info = typeof type === 'string' ? indicatorType(type) : undefined;
    for (const f of info?.fields ?? []) delete rest[f];
    let resolved;
    try {
      resolved = validator.resolve(label, { type: typeof type === 'string' ? type : undefined, field: 'summary' });
    } catch (err) {
      book.indicators.failed.push(label);
      book.indicators.notSaved.push(label);
      book.fail('indicator', label, err);
      continue;
    }
    const groupIds: number[] = [];
    for (const ref of associatedGroup ?? []) {
      const id = await groupRef(ref, cache).catch((err: Error) => err);
      if (typeof id === 'number') groupIds.push(id);
      else book.fail('indicator-metadata', label, `associatedGroup ${JSON.stringify(ref)}: ${id.message}`);
    }
    out.push({ label, type: resolved.type, info: indicatorType(resolved.type), summary: resolved.summary, values: resolved.values, rest, groupIds });
  }
  return out;
}

async function groupRef(ref: string | number, cache: GroupCache): Promise<number> {
  if (typeof ref === 'number' || /^\d+$/.test(String(ref).trim())) {
    const id = Number(ref);
    if (Number.isSafeInteger(id) && id > 0) return id;
  }
  const m = STUB.exec(String(ref).trim());
  if (!m) throw new Error('must be a group id or a $(group name:Group Type) stub');
  const info = groupType(m[2].trim());
  if (!info) throw new Error(`${JSON.stringify(m[2])} is not a group type`);
  const id = await cache.id(info, m[1]);
  if (id === undefined) throw new Error(`no ${info.name} named ${JSON.stringify(m[1])} in the owner`);
  return id;
}

export interface BatchStageOptions {
  client: TcClient;
  owner: string;
  chunk: number;
  action: 'Create' | 'Delete';
  writeType: 'Append' | 'Replace';
  haltOnError: boolean;
  pollTimeoutMs?: number;
  progress?: ProgressOption;
  logger: Logger;
}

/**
 * Sends the indicators through the Batch module, `chunk` indicators per job, one job at a time. Per-item errors
 * are matched to the indicators they name; a job that could not run leaves its indicators not saved.
 */
export async function sendByBatch(prepared: PreparedIndicator[], opts: BatchStageOptions, book: JobBook): Promise<BatchJobResult[]> {
  const jobs: BatchJobResult[] = [];
  for (let start = 0; start < prepared.length; start += opts.chunk) {
    const chunk = prepared.slice(start, start + opts.chunk);
    if (book.stopped) {
      for (const p of chunk) pushOnce(book.indicators.notSaved, p.label);
      continue;
    }
    const associations = chunk.reduce((n, p) => n + p.groupIds.length, 0);
    const batch = new Batch({
      client: opts.client,
      owner: opts.owner,
      action: opts.action,
      attributeWriteType: opts.writeType,
      haltOnError: opts.haltOnError,
      limits: { maxIndicators: opts.chunk, maxItems: opts.chunk + associations },
      poll: opts.pollTimeoutMs ? { timeoutMs: opts.pollTimeoutMs } : undefined,
      progress: opts.progress,
      logger: opts.logger,
      throwOnError: false,
    });
    const sent: PreparedIndicator[] = [];
    try {
      for (const p of chunk) {
        try {
          batch.addIndicator({ ...p.rest, type: p.type, summary: p.summary });
          for (const id of p.groupIds) batch.association({ type: p.type, summary: p.summary }, { id });
          sent.push(p);
        } catch (err) {
          book.indicators.failed.push(p.label);
          book.indicators.notSaved.push(p.label);
          book.fail('indicator', p.label, err);
        }
      }
      if (!sent.length) continue;
      const result = await batch.submitAll({ throwOnError: false });
      jobs.push(...result.jobs);
      await attribute(sent, result.jobs, book, opts.client, opts.owner);
    } catch (err) {
      for (const p of sent) pushOnce(book.indicators.notSaved, p.label);
      book.fail('batch', `indicators ${start + 1}-${start + chunk.length}`, err, { defaultCritical: true });
    } finally {
      batch.close();
    }
  }
  return jobs;
}

/**
 * After a job that stopped early (haltOnError) the counts cannot say which indicators were written: the Batch
 * module orders a job's items by its spool, not as they were added. So the platform is asked, one read per
 * indicator, whether it holds the indicator in the owner; what it holds is reported saved (an item error stays in
 * `failed` and the failures), the rest not saved. This happens only after a halt.
 */
async function heldByPlatform(client: TcClient, owner: string, candidates: PreparedIndicator[]): Promise<Set<PreparedIndicator>> {
  const held = new Set<PreparedIndicator>();
  for (const p of candidates) {
    const value = p.info?.name === 'File' ? p.values.find(Boolean) : p.summary;
    if (!p.info || !value) continue;
    const res = await client.request({ path: `/v2/indicators/${p.info.branch}/${encodeSegment(value)}`, query: { owner }, allowErrorStatus: true });
    if (res.status === 200) held.add(p);
  }
  return held;
}

/** The batch API's "indicator partial loss" code: the indicator was saved, an attribute, tag or label was not. */
const PARTIAL_LOSS = '0x2001';

/** Sorts a chunk's indicators into saved / failed / not saved from the jobs' results and errors. */
async function attribute(sent: PreparedIndicator[], jobs: BatchJobResult[], book: JobBook, client: TcClient, owner: string): Promise<void> {
  const failed = new Set<PreparedIndicator>();
  const key = (p: PreparedIndicator) => `${p.type} ${JSON.stringify(p.summary)}`.toLowerCase();
  const byKey = new Map(sent.map((p) => [key(p), p]));
  let incomplete = false;
  let stoppedEarly = false;
  for (const job of jobs) {
    const name = `batch job ${job.batchId ?? '(not created)'}`;
    if (job.failure) {
      incomplete = true;
      book.fail('batch', name, job.failure, { defaultCritical: true });
    } else if (job.halted || job.unprocessed.total > 0 || job.status !== 'Completed') {
      stoppedEarly = true;
      const what = job.halted ? 'halted at an error' : 'did not process every item';
      book.fail('batch', name, `the platform ${what} (status ${job.status}; ${job.unprocessed.indicators} indicator(s), ${job.unprocessed.associations} association(s) unprocessed)`);
    }
    for (const e of job.errors) {
      const source = typeof e.errorSource === 'string' ? e.errorSource : JSON.stringify(e.errorSource ?? '');
      const reason = String(e.errorReason ?? e.errorMessage ?? 'error');
      const own = byKey.get(source.trim().toLowerCase());
      // a partial loss (0x2001) names the indicator, which was saved without the part reported
      if (own && e.code !== PARTIAL_LOSS) {
        failed.add(own);
        book.fail('indicator', own.label, reason);
        continue;
      }
      // an association or metadata error names the indicator inside a longer source
      const lower = source.toLowerCase();
      const related = sent.find((p) => lower.includes(JSON.stringify(p.summary).toLowerCase()));
      book.fail(related ? 'indicator-metadata' : 'batch', related?.label ?? name, `${reason}${related ? '' : ` (${source})`}`);
    }
  }
  // a job that failed on the client side leaves everything unknown: not saved. One that stopped early: ask.
  const processed = incomplete ? new Set<PreparedIndicator>() : stoppedEarly ? await heldByPlatform(client, owner, sent) : new Set(sent);
  for (const p of sent) {
    if (failed.has(p)) pushOnce(book.indicators.failed, p.label);
    if (failed.has(p) && !(stoppedEarly && processed.has(p))) {
      pushOnce(book.indicators.notSaved, p.label);
    } else if (!processed.has(p)) {
      pushOnce(book.indicators.notSaved, p.label);
    } else {
      pushOnce(book.indicators.saved, p.label);
    }
  }
}

/**
 * One REST call per indicator (`indicatorBatch: false`): create, then attributes, tags and group links. A File
 * that already exists (400) is updated through its hash instead.
 */
export async function sendByRest(client: TcClient, owner: string, prepared: PreparedIndicator[], book: JobBook): Promise<void> {
  let groupTypes: Map<number, string> | undefined;
  for (const p of prepared) {
    if (book.stopped) {
      pushOnce(book.indicators.notSaved, p.label);
      continue;
    }
    const info = p.info;
    if (!info) {
      book.indicators.failed.push(p.label);
      book.indicators.notSaved.push(p.label);
      book.fail('indicator', p.label, `${p.type} is not a type the REST path can write; use the batch path`);
      continue;
    }
    const { attribute, tag, ...fields } = p.rest as { attribute?: unknown[]; tag?: unknown[] } & Record<string, unknown>;
    const body: Record<string, unknown> = { ...fields };
    info.fields.forEach((f, i) => {
      if (p.values[i]) body[f] = p.values[i];
    });
    const value = info.name === 'File' ? (p.values.find(Boolean) as string) : p.summary;
    const base = `/v2/indicators/${info.branch}/${encodeSegment(value)}`;
    try {
      try {
        await client.v2('POST', `/v2/indicators/${info.branch}`, { query: { owner }, body });
      } catch (err) {
        if (!(info.name === 'File' && err instanceof TcApiError && err.status === 400 && /exists/i.test(err.serverMessage))) throw err;
        const { md5: _m, sha1: _s1, sha256: _s2, ...update } = body;
        await client.v2('PUT', base, { query: { owner }, body: update });
      }
    } catch (err) {
      book.indicators.failed.push(p.label);
      book.indicators.notSaved.push(p.label);
      book.fail('indicator', p.label, err);
      continue;
    }
    book.indicators.saved.push(p.label);
    const meta = (what: string, call: Promise<unknown>) => call.catch((err) => book.fail('indicator-metadata', p.label, `${what}: ${err instanceof TcApiError ? err.serverMessage : (err as Error).message}`));
    for (const a of attribute ?? []) await meta('attribute', client.v2('POST', `${base}/attributes`, { query: { owner }, body: a as Record<string, unknown> }));
    for (const t of tag ?? []) {
      const name = typeof t === 'string' ? t : (t as { name?: string })?.name;
      await meta(`tag ${JSON.stringify(name)}`, client.v2('POST', `${base}/tags/${encodeSegment(String(name))}`, { query: { owner } }));
    }
    if (p.groupIds.length) groupTypes ??= await groupTypesOf(client, owner);
    for (const id of p.groupIds) {
      const branch = groupType(groupTypes?.get(id) ?? '')?.branch;
      if (!branch) {
        book.fail('indicator-metadata', p.label, `associatedGroup ${id}: no group with this id in ${owner}`);
        continue;
      }
      await meta(`associatedGroup ${id}`, client.v2('POST', `${base}/groups/${branch}/${id}`, { query: { owner } }));
    }
  }
}

/** id → group type of every group in the owner (`GET /v2/groups`), to address a group known only by id. */
async function groupTypesOf(client: TcClient, owner: string): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for await (const g of client.paginate<{ id: number; type: string }>('/v2/groups', 'group', { owner }, { resultLimit: 500 })) out.set(g.id, g.type);
  return out;
}
