// The neutral base every other part may import: errors with stable codes, dates, HMAC signing, secret masking and
// small helpers. Imports nothing of ours (enforced by eslint.config.js).
export { ErrorCode, TcError, TcConfigError, TcApiError, TcTimeoutError, TcConnectionError, TcAuthError } from './errors.js';
export {
  apiDate,
  parseIsoUtc,
  ISO_DATE,
  anyToDate,
  formatApiDate,
  toEpochSeconds,
  toWireDate,
  isoDate,
  addToDate,
  chunkDateRange,
  type AnyDate,
  type DateUnit,
} from './dates.js';
export { hmacSignature, hmacHeaders } from './hmac.js';
export { registerSecret, maskSecrets, maskUrl } from './secrets.js';
export { type Logger, silentLogger } from './logger.js';
export { sleep } from './sleep.js';
