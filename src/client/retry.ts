export interface RetryPolicy {
  /** attempts after the first; 0 disables retries */
  retries: number;
  /** first backoff delay in ms; doubles each time */
  backoffMs: number;
  /** upper bound for any single wait, including Retry-After */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, backoffMs: 500, maxDelayMs: 60_000 };

const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);
const RETRY_STATUS = new Set([500, 502, 503, 504]);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method.toUpperCase());
}

/** Whether a status deserves another attempt for this method. 429 means the server refused the work, so any method may repeat. */
export function retryableStatus(method: string, status: number): boolean {
  if (status === 429) return true;
  return RETRY_STATUS.has(status) && isIdempotent(method);
}

export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.backoffMs * 2 ** attempt, policy.maxDelayMs);
}

/** Retry-After as delta seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  const trimmed = raw.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
