export { TcClient, TcResponse, unwrapV2, checkResultLimit, RESULT_LIMIT_MAX } from './client.js';
export type { TcClientOptions, RequestOptions, RequestBody, AuthPreference } from './client.js';
export { TcError, TcApiError, TcAuthError, TcConfigError, TcConnectionError, TcTimeoutError } from '../core/errors.js';
export { hmacSignature, hmacHeaders } from '../core/hmac.js';
export { ApiReport, type FailureEntry } from './report.js';
export { parseRetryAfter, backoffDelay, retryableStatus, isIdempotent, type RetryPolicy } from './retry.js';
export { TokenManager, type TokenState } from './token.js';
export { buildUrl, encodeSegment, normaliseApiPath, type Query, type QueryValue } from './url.js';
export { createDispatcher, proxyUrl, type ProxySettings } from './proxy.js';
