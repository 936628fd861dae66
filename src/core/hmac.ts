import { createHmac } from 'node:crypto';

/**
 * Signs `<path and query as sent>:<METHOD>:<timestamp>` with HMAC-SHA256, standard base64.
 * The path must be the raw, percent-encoded form that goes on the wire, including any `/api` prefix.
 */
export function hmacSignature(secretKey: string, pathAndQuery: string, method: string, timestamp: number | string): string {
  const message = `${pathAndQuery}:${method.toUpperCase()}:${timestamp}`;
  return createHmac('sha256', Buffer.from(secretKey, 'utf8')).update(message, 'utf8').digest('base64');
}

export function hmacHeaders(
  accessId: string,
  secretKey: string,
  pathAndQuery: string,
  method: string,
  timestamp = Math.floor(Date.now() / 1000),
): { Authorization: string; Timestamp: string } {
  return {
    Authorization: `TC ${accessId}:${hmacSignature(secretKey, pathAndQuery, method, timestamp)}`,
    Timestamp: String(timestamp),
  };
}
