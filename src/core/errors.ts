import { maskSecrets, maskUrl } from './secrets.js';

/**
 * Every error code the SDK raises, in one table. A code is stable across releases (a class may be renamed or
 * moved, its code stays), so callers and logs can match on `err.errorCode` instead of class names or messages.
 */
export const ErrorCode = {
  Error: 'TC_ERROR',
  Config: 'TC_CONFIG',
  Api: 'TC_API',
  Timeout: 'TC_TIMEOUT',
  Connection: 'TC_CONNECTION',
  Auth: 'TC_AUTH',
  TiNotFound: 'TI_NOT_FOUND',
  TiPage: 'TI_PAGE',
  TiV3: 'TI_V3',
  BatchValidation: 'BATCH_VALIDATION',
  BatchSubmit: 'BATCH_SUBMIT',
  BatchState: 'BATCH_STATE',
  IndicatorValue: 'INDICATOR_VALUE',
  PlatformNotInstalled: 'PLATFORM_NOT_INSTALLED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class TcError extends Error {
  /** this class's stable code; subclasses set their own (see `ErrorCode`) */
  static readonly code: ErrorCode = ErrorCode.Error;

  /** The stable code of this error (`TC_CONFIG`, `TI_NOT_FOUND`, ...). */
  get errorCode(): ErrorCode {
    return (this.constructor as typeof TcError).code;
  }

  constructor(message: string) {
    super(maskSecrets(message));
    this.name = new.target.name;
  }
}

/** A setting or argument that cannot be used; names the field and the value given. */
export class TcConfigError extends TcError {
  static override readonly code: ErrorCode = ErrorCode.Config;
  constructor(
    readonly field: string,
    readonly value: unknown,
    expectation: string,
  ) {
    super(`${field}: ${expectation}, got ${JSON.stringify(value) ?? String(value)}`);
  }
}

/** The server answered with a non-success status or a Failure envelope. */
export class TcApiError extends TcError {
  static override readonly code: ErrorCode = ErrorCode.Api;
  readonly url: string;
  constructor(
    readonly status: number,
    readonly method: string,
    url: string,
    readonly serverMessage: string,
    readonly body?: string,
  ) {
    const masked = maskUrl(url);
    super(`${method} ${masked} failed with ${status}: ${serverMessage || '(no message)'}`);
    this.url = masked;
  }
}

/** No answer within the configured timeout. */
export class TcTimeoutError extends TcError {
  static override readonly code: ErrorCode = ErrorCode.Timeout;
  readonly url: string;
  constructor(
    readonly method: string,
    url: string,
    readonly timeoutMs: number,
  ) {
    const masked = maskUrl(url);
    super(`${method} ${masked} timed out after ${timeoutMs} ms`);
    this.url = masked;
  }
}

/** The connection was refused or dropped. `mayHaveReachedServer` tells whether the request could have been processed. */
export class TcConnectionError extends TcError {
  static override readonly code: ErrorCode = ErrorCode.Connection;
  readonly url: string;
  constructor(
    readonly method: string,
    url: string,
    readonly code: string,
    readonly mayHaveReachedServer: boolean,
    /** what went wrong, when more is known than the code (a proxy that refused the tunnel) */
    detail?: string,
  ) {
    const masked = maskUrl(url);
    super(`${method} ${masked}: connection ${mayHaveReachedServer ? 'dropped' : 'failed'} (${code})${detail ? `: ${detail}` : ''}`);
    this.url = masked;
  }
}

/** Token renewal or credential problems. */
export class TcAuthError extends TcError {
  static override readonly code: ErrorCode = ErrorCode.Auth;
}
