// How code outside the server (the CLI, `npm start`, tests) talks to a platform's admin interface: with the admin
// key and a proper content type. No server code is loaded from here.

export interface AdminTarget {
  /** `http://127.0.0.1:PORT/_platform` */
  adminUrl: string;
  adminKey: string;
}

export interface AdminAnswer<T = any> {
  status: number;
  ok: boolean;
  /** the JSON answer, or `{ text }` for a plain one (run logs) */
  body: T;
  text: string;
}

export interface AdminPayload {
  /** sent as `application/json` */
  json?: unknown;
  /** sent as is, `application/octet-stream` unless `contentType` says otherwise (a `.tcx`) */
  raw?: Buffer;
  contentType?: string;
}

/** One admin request; never throws on an error status (see `ok`), only when the platform cannot be reached. */
export async function adminRequest<T = any>(target: AdminTarget, method: string, path: string, payload: AdminPayload = {}): Promise<AdminAnswer<T>> {
  const headers: Record<string, string> = { Authorization: `Bearer ${target.adminKey}` };
  let body: string | Buffer | undefined;
  if (payload.raw !== undefined) {
    body = payload.raw;
    headers['Content-Type'] = payload.contentType ?? 'application/octet-stream';
  } else if (payload.json !== undefined) {
    body = JSON.stringify(payload.json);
    headers['Content-Type'] = payload.contentType ?? 'application/json';
  }
  const res = await fetch(`${target.adminUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { text };
  }
  return { status: res.status, ok: res.ok, body: parsed as T, text };
}
