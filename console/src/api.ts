// Every call the console makes: to /_platform on this origin, with the admin key as a Bearer token and a JSON
// content type (the admin interface refuses any other), never with cookies.

const KEY_NAME = 'tcex-admin-key';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Moves a key given in the page's fragment (`#key=...`) into this tab's sessionStorage and off the address bar. */
export function takeKeyFromFragment(): void {
  const m = /^#key=([^&]*)/.exec(location.hash);
  if (!m) return;
  const key = decodeURIComponent(m[1]);
  if (key) sessionStorage.setItem(KEY_NAME, key);
  history.replaceState(null, '', `${location.pathname}#/overview`);
}

export const adminKey = (): string | null => sessionStorage.getItem(KEY_NAME);
export const setAdminKey = (key: string): void => sessionStorage.setItem(KEY_NAME, key.trim());
export const forgetAdminKey = (): void => sessionStorage.removeItem(KEY_NAME);

type Listener = (err: ApiError) => void;
const authListeners = new Set<Listener>();
/** Called when the platform refuses the key (401) or the page's origin (403 on an admin call). */
export function onAuthFailure(listener: Listener): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

export async function api<T>(path: string, options: { method?: string; body?: unknown } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/_platform${path}`, {
      method: options.method ?? 'GET',
      headers: { Authorization: `Bearer ${adminKey() ?? ''}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (err) {
    throw new ApiError(0, `The platform cannot be reached (${(err as Error).message}). Is it still running?`);
  }
  const text = await res.text();
  let body: any = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { error: text };
  }
  if (!res.ok) {
    const message = String(body.error ?? body.message ?? `${res.status} ${res.statusText}`);
    const err = new ApiError(res.status, message);
    if (res.status === 401 || res.status === 403) for (const l of authListeners) l(err);
    throw err;
  }
  return body as T;
}

/** Query string from the defined, non-empty values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
