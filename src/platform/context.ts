import type { Db } from './db/index.js';
import { Directory } from './auth/users.js';
import { TokenStore } from './auth/tokens.js';
import { FaultInjector } from './admin/faults.js';
import { RequestLog } from './admin/request-log.js';
import { HostGuard } from './security/host-guard.js';
import type { PlatformSettings } from './settings.js';
import { apiDate } from '../utils/api-date.js';

type Hook = () => void | Promise<void>;

/** What every route family and service shares: the database, settings, clock and directory of users and owners. */
export class PlatformContext {
  readonly directory: Directory;
  readonly tokens: TokenStore;
  readonly faults = new FaultInjector();
  readonly requestLog = new RequestLog();
  /** set once the server listens: `http://127.0.0.1:PORT` */
  origin = '';
  /** what every `/_platform` request must carry as `Authorization: Bearer <key>` (set by startPlatform) */
  adminKey = '';
  /** which Host headers are answered (set by startPlatform) */
  hostGuard = new HostGuard('127.0.0.1');
  /** shifts the platform clock (tests of timestamp windows and expiry) */
  clockOffsetMs = 0;
  private readonly startHooks: Hook[] = [];
  private readonly closeHooks: Hook[] = [];
  private readonly resetHooks: Hook[] = [];
  /** services registered by parts (TI store, batch engine, job runner), looked up by name */
  readonly services = new Map<string, unknown>();

  constructor(
    readonly db: Db,
    readonly settings: PlatformSettings,
  ) {
    this.directory = new Directory(db);
    this.tokens = new TokenStore(db, () => this.nowSeconds());
  }

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  nowIso(): string {
    return apiDate(this.now());
  }

  service<T>(name: string): T {
    const s = this.services.get(name);
    if (!s) throw new Error(`platform service ${name} is not registered`);
    return s as T;
  }

  /** Runs after the server listens (start background workers here). */
  onStart(hook: Hook): void {
    this.startHooks.push(hook);
  }
  /** Runs before the database closes (stop workers here). */
  onClose(hook: Hook): void {
    this.closeHooks.push(hook);
  }
  /** Runs after an admin reset has wiped the tables (drop caches here). */
  onReset(hook: Hook): void {
    this.resetHooks.push(hook);
  }

  async runHooks(kind: 'start' | 'close' | 'reset'): Promise<void> {
    const hooks = kind === 'start' ? this.startHooks : kind === 'close' ? [...this.closeHooks].reverse() : this.resetHooks;
    for (const hook of hooks) await hook();
  }
}
