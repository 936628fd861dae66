import { maskSecrets, maskUrl } from '../utils/secrets.js';

export class TcError extends Error {
  constructor(message: string) {
    super(maskSecrets(message));
    this.name = new.target.name;
  }
}

/** A setting or argument that cannot be used; names the field and the value given. */
export class TcConfigError extends TcError {
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
export class TcAuthError extends TcError {}
