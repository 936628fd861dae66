import type { OutgoingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

export interface PlatformResponse {
  status: number;
  /** serialised as JSON unless `raw` or `stream` is given */
  body?: unknown;
  raw?: Buffer | string;
  stream?: Readable;
  headers?: OutgoingHttpHeaders;
}

export const ok = (data: unknown): PlatformResponse => ({ status: 200, body: { status: 'Success', data } });
export const created = (data: unknown): PlatformResponse => ({ status: 201, body: { status: 'Success', data } });
export const success = (status = 200): PlatformResponse => ({ status, body: { status: 'Success' } });
export const json = (body: unknown, status = 200): PlatformResponse => ({ status, body });

/** A v2 list: `resultCount` only on the first page, as the real API does. */
export function list(entity: string, items: unknown[], total: number, resultStart: number): PlatformResponse {
  const data: Record<string, unknown> = {};
  if (resultStart === 0) data.resultCount = total;
  data[entity] = items;
  return ok(data);
}
