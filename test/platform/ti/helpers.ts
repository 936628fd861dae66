// Small helpers for the TI conformance tests: raw calls that keep the status, and segment encoding.
import type { TcClient } from '../../../src/client/index.js';
import { encodeSegment } from '../../../src/client/url.js';

export const enc = encodeSegment;

export interface Answer {
  status: number;
  body: any;
  headers: Record<string, string | string[] | undefined>;
  raw: Buffer;
}

/** One call that returns whatever came back (no throw on 4xx), with the body parsed when it is JSON. */
export async function call(
  client: TcClient,
  method: string,
  path: string,
  body?: unknown,
  options: { query?: Record<string, string | number | boolean>; contentType?: string } = {},
): Promise<Answer> {
  const res = await client.request({
    method,
    path,
    query: options.query,
    body: body as any,
    contentType: options.contentType,
    allowErrorStatus: true,
    retries: 0,
  });
  let parsed: any;
  try {
    parsed = res.body.length ? res.json() : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, headers: res.headers, raw: res.body };
}

/** Adds an owner and a user with the given role in it, and returns a client for that user. */
export async function userWithRole(
  tp: { admin: (m: string, p: string, b?: unknown) => Promise<any>; client: (o?: any) => TcClient },
  ownerName: string,
  role: string,
  extraOwners: Array<{ name: string; role: string }> = [],
): Promise<TcClient> {
  const user = await tp.admin('POST', '/users', { owners: [{ name: ownerName, role }, ...extraOwners], defaultOwner: ownerName });
  return tp.client({ accessId: user.userName, secretKey: user.secretKey });
}
