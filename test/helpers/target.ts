// Where the SDK's integration tests send their calls: the local platform (default), or a real ThreatConnect instance
// when TC_API_PATH, TC_API_ACCESS_ID, TC_API_SECRET_KEY and TC_OWNER are set ("live mode", docs/testing.md).
// In live mode nothing here may assume the local platform: no admin interface, no seeded data, other data around;
// what the tests create is named with a run prefix and deleted when the file ends.
import { after, type TestContext } from 'node:test';
import { indicatorType } from '../../src/model/index.js';
import type { PlatformHandle, PlatformOptions } from '../../src/platform/index.js';
import { TcClient, type RequestOptions, type TcClientOptions, type TcResponse } from '../../src/client/index.js';
import { Batch } from '../../src/batch/index.js';
import type { WireData } from '../../src/contract/batch-wire.js';
import { adminCall, usePlatform } from './platform.js';
import { parseMultipart } from '../../src/platform/batch/multipart.js';

// The env names of live mode and how they are read: the same as app authors get from tcex/testing.
import { LIVE_ENV, liveSettings, type LiveSettings } from '../../src/testing/index.js';
export { LIVE_ENV, liveSettings, type LiveSettings };

type AdminFn = <T = any>(method: string, path: string, body?: unknown) => Promise<T>;

export interface TestTarget {
  /** true against a real ThreatConnect */
  readonly live: boolean;
  /** the owner the tests write into: TC_OWNER, or the local platform's organization */
  owner: string;
  /** prepended to names of what the tests create in live mode (`''` locally, so local runs are unchanged) */
  readonly prefix: string;
  /** the local platform (once started); undefined in live mode */
  readonly handle?: PlatformHandle;
  /** the local platform's admin interface (faults, clock, request log, state); undefined in live mode */
  readonly admin?: AdminFn;
  /** options for a client of the target (for tests that build their own TcClient subclass) */
  clientOptions(overrides?: Partial<TcClientOptions>): TcClientOptions;
  /** a client of the target (it keeps what it sent, in `sent`); closed when the file ends */
  client(overrides?: Partial<TcClientOptions>): TrackingClient;
  /** a group, tag or other free-text name unique to this run in live mode */
  name(base: string): string;
  /** a host name unique to this run in live mode (`x.example.com` → `<prefix>-x.example.com`) */
  host(base: string): string;
  /** a batch xid unique to this run in live mode (`<prefix>-base`) */
  xid(base: string): string;
  /**
   * In live mode skips the test (printing why) and returns true: for tests that need the local platform's admin
   * interface or its seeded data. `if (target.localOnly(t, 'fault injection')) return;`
   */
  localOnly(t: TestContext, why: string): boolean;
  /** The admin interface, for a test that already returned from `localOnly` in live mode. */
  adminOnly(): AdminFn;
  /** Something the tracking client cannot see to delete after the run (a DELETE path under the API). */
  cleanupPath(path: string): void;
}

/** What a live run created, deleted when the file ends (in reverse order: links before what they link). */
class Cleanup {
  readonly paths: string[] = [];
  readonly batch: Required<WireData> = { group: [], indicator: [], association: [] };

  /** Reads a successful write and remembers how to undo it. */
  record(method: string, path: string, body: unknown, answer: TcResponse): void {
    if (method !== 'POST' || answer.status >= 300) return;
    const bare = path.replace(/\?.*$/, '');
    let parsed: any;
    try {
      parsed = answer.body.length ? answer.json() : undefined;
    } catch {
      return;
    }
    const data = parsed?.data;
    let m: RegExpExecArray | null;
    if ((m = /^\/v3\/([A-Za-z]+)$/.exec(bare)) && Number.isInteger(data?.id)) this.paths.push(`/v3/${m[1]}/${data.id}`);
    else if ((m = /^\/v2\/groups\/([A-Za-z]+)$/.exec(bare))) this.byEntity(`/v2/groups/${m[1]}`, data);
    else if ((m = /^\/v2\/indicators\/([A-Za-z]+)$/.exec(bare))) {
      const id = firstEntity(data)?.id;
      if (Number.isInteger(id)) this.paths.push(`/v3/indicators/${id}`);
    } else if (bare === '/v2/victims' || bare === '/v2/tasks') this.byEntity(bare, data);
    else if (/^\/v2\/batch\/\d+$/.test(bare) && body !== undefined) this.batchData(Buffer.from(body as Uint8Array).toString('utf8'));
  }

  batchData(text: string): void {
    try {
      const data = JSON.parse(text) as WireData;
      this.batch.group.push(...(data.group ?? []));
      this.batch.indicator.push(...(data.indicator ?? []));
    } catch {
      // not JSON: nothing we could name to delete
    }
  }

  private byEntity(base: string, data: unknown): void {
    const id = firstEntity(data)?.id;
    if (Number.isInteger(id)) this.paths.push(`${base}/${id}`);
  }

  async run(client: TcClient, owner: string): Promise<string[]> {
    const problems: string[] = [];
    if (this.batch.indicator.length || this.batch.group.length) {
      // what batch jobs wrote goes the same way: one Delete job naming every item (groups by xid)
      const remove = new Batch({ client, owner, action: 'Delete', progress: false, throwOnError: false });
      try {
        for (const i of this.batch.indicator) if (indicatorType(i.type)) remove.addIndicator({ summary: i.summary, type: i.type });
        for (const g of this.batch.group) remove.addGroup({ name: g.name, type: g.type, xid: g.xid });
        const result = await remove.submitAll();
        // an item the test deleted itself is not found again: that is no problem
        const errors = result.jobs.flatMap((j) => j.errors).filter((e) => !/not (be )?found|does not exist|^no .* in the owner/i.test(String(e.errorReason ?? '')));
        for (const e of errors) problems.push(`batch cleanup: ${String(e.errorReason)}`);
        if (!errors.length && result.jobs.some((j) => j.failure)) problems.push(`batch cleanup: ${result.jobs.map((j) => j.failure).filter(Boolean).join('; ')}`);
      } catch (err) {
        problems.push(`batch cleanup: ${(err as Error).message}`);
      } finally {
        remove.close();
      }
    }
    for (const path of [...this.paths].reverse()) {
      const res = await client.request({ method: 'DELETE', path, query: { owner }, allowErrorStatus: true, retries: 1 });
      // 404: the test deleted it itself
      if (res.status >= 300 && res.status !== 404) problems.push(`DELETE ${path}: ${res.status}`);
    }
    return problems;
  }
}

/** v2 answers `{"data":{"<entity>":{...}}}`; the one entity inside. */
const firstEntity = (data: unknown): { id?: number } | undefined =>
  data && typeof data === 'object' ? (Object.values(data)[0] as { id?: number } | undefined) : undefined;

/** A client that tells the cleanup what each successful POST created, and keeps what it sent (tests check bodies and order). */
export class TrackingClient extends TcClient {
  readonly sent: RequestOptions[] = [];
  constructor(
    options: TcClientOptions,
    private readonly cleanup?: Cleanup,
  ) {
    super(options);
  }

  override async request(opts: RequestOptions): Promise<TcResponse> {
    const method = (opts.method ?? 'GET').toUpperCase();
    this.sent.push(opts);
    if (this.cleanup && method === 'POST' && /^\/v2\/batch\/createAndUpload/.test(opts.path)) {
      const content = await batchContent(opts);
      if (content !== undefined) this.cleanup.batchData(content);
    }
    const res = await super.request(opts);
    this.cleanup?.record(method, opts.path, opts.body, res);
    return res;
  }
}

/** The `content` part of a createAndUpload request as the SDK sent it (a multipart buffer, or a FormData). */
export async function batchContent(opts: RequestOptions): Promise<string | undefined> {
  if (opts.body instanceof FormData) {
    const content = opts.body.get('content');
    return content instanceof Blob ? content.text() : undefined;
  }
  if (!Buffer.isBuffer(opts.body)) return undefined;
  return parseMultipart(opts.contentType, opts.body).find((p) => p.name === 'content')?.body.toString('utf8');
}

/** A run prefix: short, sortable, safe in names, host labels and xids. */
const runPrefix = () => `tcex-t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/**
 * The one switch between the local platform and a real instance: registers before/after hooks (start and stop the
 * platform locally; delete what the run created in live mode) and returns the target, filled in `before`.
 */
export function useTarget(options: PlatformOptions = {}, env: NodeJS.ProcessEnv = process.env): TestTarget {
  const live = liveSettings(env);
  const clients: TcClient[] = [];
  const cleanup = live ? new Cleanup() : undefined;
  const prefix = live ? runPrefix() : '';
  const local = live ? undefined : usePlatform(options);

  const target: TestTarget = {
    live: Boolean(live),
    // read when used: the platform is started in a `before` hook
    get handle() {
      return local?.handle;
    },
    admin: local ? (method, path, body) => adminCall(local.handle, method, path, body) : undefined,
    owner: live?.owner ?? 'Example Organization',
    prefix,
    clientOptions: (overrides = {}) => ({
      apiPath: live?.apiPath ?? local!.handle.url,
      accessId: live?.accessId ?? local!.handle.accessId,
      secretKey: live?.secretKey ?? local!.handle.secretKey,
      backoffMs: live ? 500 : 10,
      ...overrides,
    }),
    client: (overrides = {}) => {
      const c = new TrackingClient(target.clientOptions(overrides), cleanup);
      clients.push(c);
      return c;
    },
    name: (base) => (prefix ? `${prefix} ${base}` : base),
    host: (base) => (prefix ? `${prefix}-${base}` : base),
    xid: (base) => (prefix ? `${prefix}-${base}` : base),
    localOnly: (t, why) => {
      if (!live) return false;
      t.skip(`needs the local platform: ${why}`);
      return true;
    },
    adminOnly: () => {
      if (!target.admin) throw new Error('the admin interface exists only on the local platform (call localOnly first)');
      return target.admin;
    },
    cleanupPath: (path) => cleanup?.paths.push(path),
  };

  after(async () => {
    if (cleanup && live) {
      const client = new TcClient({ apiPath: live.apiPath, accessId: live.accessId, secretKey: live.secretKey });
      try {
        const problems = await cleanup.run(client, live.owner);
        if (problems.length) console.warn(`live cleanup (${prefix}) left some data behind:\n  ${problems.join('\n  ')}`);
      } finally {
        await client.close();
      }
    }
    await Promise.all(clients.map((c) => c.close()));
  });
  return target;
}
