// tcex/testing: what an app's own tests need. A platform to run against (the local one from @tcex/platform, or a
// real ThreatConnect when TC_API_PATH, TC_API_ACCESS_ID and TC_API_SECRET_KEY are set), a typed client of the local
// platform's admin interface, and runApp, which runs a job app in-process with the platform's params.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TcClient, type TcClientOptions } from '../client/index.js';
import { runJob, type JobOutcome, type RunJobOptions } from '../app/runtime.js';
import type { JobAppClass } from '../app/job-app.js';
import { AdminClient } from './admin.js';
import { loadPlatform, type PlatformStartOptions } from './platform-package.js';

export { AdminClient, AdminError, type AdminOwner, type AdminUser, type FaultRule, type LoggedRequest, type NewOwner, type NewUser } from './admin.js';
export {
  loadPlatform,
  PLATFORM_PACKAGE,
  PlatformNotInstalledError,
  type PlatformModule,
  type PlatformStartOptions,
  type StartedPlatform,
} from './platform-package.js';

/** The variables that select a real ThreatConnect instead of the local platform (live mode, docs/testing.md). */
export const LIVE_ENV = ['TC_API_PATH', 'TC_API_ACCESS_ID', 'TC_API_SECRET_KEY', 'TC_OWNER'] as const;

export interface LiveSettings {
  apiPath: string;
  accessId: string;
  secretKey: string;
  /** the owner the tests write into */
  owner: string;
}

/** The local platform's default organization, the owner its default user writes to. */
export const LOCAL_OWNER = 'Example Organization';

export interface TestPlatform {
  /** `local`: the platform package, started in this process on a free loopback port; `live`: a real ThreatConnect */
  mode: 'local' | 'live';
  /** the API's base URL, as an app's `tc_api_path` */
  url: string;
  accessId: string;
  secretKey: string;
  /** the owner to write to: the local default organization, or TC_OWNER in live mode */
  owner: string;
  /** the local platform's admin interface; undefined in live mode (ThreatConnect has none) */
  admin: AdminClient | undefined;
  /** A client for this platform (closed with the platform). */
  client(options?: Partial<TcClientOptions>): TcClient;
  /** The standard args a job app gets from this platform (credentials, owner). */
  params(): Record<string, string>;
  close(): Promise<void>;
}

export interface TestPlatformOptions {
  /**
   * `auto` (default): live when TC_API_PATH, TC_API_ACCESS_ID, TC_API_SECRET_KEY and TC_OWNER are set, local when
   * none is (some but not all throws, naming the missing ones); `local` or `live` to force one.
   */
  mode?: 'auto' | 'local' | 'live';
  /** where the variables are read (default process.env) */
  env?: Record<string, string | undefined>;
  /** settings for the local platform */
  local?: PlatformStartOptions;
}

/**
 * Live settings from the environment, or undefined when none of the four is set. Some but not all set is a mistake
 * worth stopping for (a run that silently went local would prove nothing), so it throws naming the missing ones.
 */
export function liveSettings(env: Record<string, string | undefined> = process.env): LiveSettings | undefined {
  const given = LIVE_ENV.filter((name) => env[name]);
  if (given.length === 0) return undefined;
  const missing = LIVE_ENV.filter((name) => !env[name]);
  if (missing.length) throw new Error(`live mode needs all of ${LIVE_ENV.join(', ')}; missing: ${missing.join(', ')}`);
  return { apiPath: env.TC_API_PATH!, accessId: env.TC_API_ACCESS_ID!, secretKey: env.TC_API_SECRET_KEY!, owner: env.TC_OWNER! };
}

/**
 * Starts a platform for a test: the local platform from @tcex/platform (in memory, a free loopback port, quiet), or
 * a real ThreatConnect named by the TC_API_* variables. Close it in the test's `after`.
 */
export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const env = options.env ?? process.env;
  const mode = options.mode ?? 'auto';
  const live = mode === 'local' ? undefined : liveSettings(env);
  if (mode === 'live' && !live) throw new Error(`live mode needs all of ${LIVE_ENV.join(', ')}; none is set`);
  if (live) {
    return testPlatform('live', live.apiPath, live.accessId, live.secretKey, live.owner, undefined, async () => undefined);
  }
  const { startPlatform } = await loadPlatform();
  const handle = await startPlatform({ port: 0, quiet: true, ...options.local });
  const admin = new AdminClient({ adminUrl: handle.adminUrl, adminKey: handle.adminKey });
  return testPlatform('local', handle.url, handle.accessId, handle.secretKey, options.local?.orgName ?? LOCAL_OWNER, admin, () => handle.close());
}

function testPlatform(
  mode: TestPlatform['mode'],
  url: string,
  accessId: string,
  secretKey: string,
  owner: string,
  admin: AdminClient | undefined,
  stop: () => Promise<void>,
): TestPlatform {
  const clients: TcClient[] = [];
  return {
    mode,
    url,
    accessId,
    secretKey,
    owner,
    admin,
    client(options = {}) {
      const client = new TcClient({ apiPath: url, accessId, secretKey, ...options });
      clients.push(client);
      return client;
    },
    params: () => ({ tc_api_path: url, tc_api_access_id: accessId, tc_api_secret_key: secretKey, tc_owner: owner }),
    async close() {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      await stop();
    },
  };
}

export interface RunAppOptions extends Omit<RunJobOptions, 'params'> {
  /** the app's params (its inputs and any standard arg to override) */
  params?: Record<string, unknown>;
  /**
   * the folder for tc_out_path, tc_log_path and tc_temp_path (default: a new temporary folder, removed by
   * `cleanUp()` of the answer); give the same folder to two runs to keep their output side by side
   */
  workDir?: string;
}

export interface AppRun extends JobOutcome {
  /** the folder the run wrote to (out/, log/, temp/) */
  workDir: string;
  /** removes workDir when runApp made it */
  cleanUp(): void;
}

/**
 * Runs a job app in this process as the platform would: the platform's credentials and owner as standard args,
 * out/log/temp paths in a work folder, the given params on top. The environment is empty unless `env` is given, so
 * the test's own TC_* variables never reach the app.
 */
export async function runApp(App: JobAppClass, platform: Pick<TestPlatform, 'params'>, options: RunAppOptions = {}): Promise<AppRun> {
  const { params, workDir: given, ...rest } = options;
  const workDir = given ?? mkdtempSync(join(tmpdir(), 'tcex-run-'));
  const outcome = await runJob(App, {
    env: {},
    ...rest,
    params: {
      ...platform.params(),
      tc_out_path: join(workDir, 'out'),
      tc_log_path: join(workDir, 'log'),
      tc_temp_path: join(workDir, 'temp'),
      ...params,
    },
  });
  return { ...outcome, workDir, cleanUp: () => (given ? undefined : rmSync(workDir, { recursive: true, force: true })) };
}
