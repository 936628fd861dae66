// A typed client of a local platform's admin interface (`/_platform`), for app authors' tests. Every call carries
// the admin key; an error status throws with the platform's answer.
import { adminRequest, type AdminAnswer, type AdminTarget } from '../contract/admin-client.js';

export interface AdminOwner {
  id: number;
  name: string;
  type: 'Organization' | 'Community' | 'Source';
  members?: Array<{ userName: string; role: string; canWrite: boolean }>;
}

export interface NewOwner {
  name: string;
  type?: AdminOwner['type'];
  /** the default API user's access to it (default write) */
  defaultUser?: 'write' | 'read' | 'none';
}

export interface NewUser {
  userName?: string;
  secretKey?: string;
  firstName?: string;
  lastName?: string;
  pseudonym?: string;
  defaultOwner?: string;
  owners?: Array<{ name: string; role?: string }>;
}

export interface AdminUser {
  id: number;
  userName: string;
  /** only in the answer that created the user */
  secretKey?: string;
  owners: unknown[];
  [field: string]: unknown;
}

/** A fault rule: matching API requests are answered with `status`, delayed or dropped (docs/platform.md). */
export interface FaultRule {
  /** RE2 expression tested against the path after `/api`, e.g. `^/v2/owners` */
  path?: string;
  method?: string;
  status?: number;
  retryAfter?: string | number;
  message?: string;
  latencyMs?: number;
  drop?: boolean;
  /** fraction of matching requests affected, 0 to 1 (default 1) */
  rate?: number;
  /** how many matching requests it affects before it expires */
  times?: number;
}

export interface LoggedRequest {
  seq: number;
  method: string;
  path: string;
  status: number;
  [field: string]: unknown;
}

export class AdminError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly answer: AdminAnswer,
  ) {
    super(`admin ${method} ${path} -> ${answer.status}: ${answer.text}`);
    this.name = 'AdminError';
  }
}

export class AdminClient {
  constructor(readonly target: AdminTarget) {}

  /** Any admin call; the answer's JSON, or AdminError on an error status. */
  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await adminRequest<T>(this.target, method, path, { json: body });
    if (!answer.ok) throw new AdminError(method, path, answer);
    return answer.body;
  }

  /** Wipes every table and seeds the defaults again (the default user keeps its credentials). */
  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }

  async owners(): Promise<AdminOwner[]> {
    return (await this.call<{ owners: AdminOwner[] }>('GET', '/owners')).owners;
  }

  /** Creates an owner (or returns the one of that name and type). */
  createOwner(owner: NewOwner): Promise<AdminOwner> {
    return this.call<AdminOwner>('POST', '/owners', owner);
  }

  createUser(user: NewUser): Promise<AdminUser> {
    return this.call<AdminUser>('POST', '/users', user);
  }

  /** Adds a fault rule; its id is in the answer. */
  addFault(rule: FaultRule): Promise<FaultRule & { id: number }> {
    return this.call('POST', '/faults', rule);
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/faults');
  }

  /** The request log, optionally only paths matching an RE2 expression and one method. */
  async requests(filter: { path?: string; method?: string } = {}): Promise<LoggedRequest[]> {
    const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const qs = query.size ? `?${query}` : '';
    return (await this.call<{ requests: LoggedRequest[] }>('GET', `/requests${qs}`)).requests;
  }

  /** Moves the platform's clock (token expiry, dates it writes) by this many milliseconds from real time. */
  async setClockOffset(offsetMs: number): Promise<void> {
    await this.call('POST', '/clock', { offsetMs });
  }

  /** Everything the platform holds, as the seed file format (`GET /_platform/state`). */
  exportState<T = Record<string, unknown>>(): Promise<T> {
    return this.call<T>('GET', '/state');
  }

  /** Loads a seed file (`POST /_platform/state`). */
  async importState(state: unknown): Promise<void> {
    await this.call('POST', '/state', state);
  }

  /** Installs a packaged app (.tcx bytes) into the job runner. */
  async installApp<T = Record<string, unknown>>(tcx: Buffer): Promise<T> {
    const answer = await adminRequest<T>(this.target, 'POST', '/apps', { raw: tcx });
    if (!answer.ok) throw new AdminError('POST', '/apps', answer);
    return answer.body;
  }
}
