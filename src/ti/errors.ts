import { ErrorCode, TcApiError } from '../core/errors.js';

/** The item asked for does not exist (HTTP 404), with the server's message. */
export class TiNotFoundError extends TcApiError {
  static override readonly code: ErrorCode = ErrorCode.TiNotFound;
}

/**
 * A page of a collection could not be read. Carries the server's status and message plus where the walk stopped,
 * so a caller can tell a partial result from a complete one (the walk never ends silently on an error).
 */
export class TiPageError extends TcApiError {
  static override readonly code: ErrorCode = ErrorCode.TiPage;
  /** the v3 errCode, when a v3 page failed */
  readonly errCode?: string;
  constructor(
    cause: TcApiError,
    /** resultStart of the page that failed (v2), or the page number from 0 (v3) */
    readonly resultStart: number,
    /** items already yielded before the failure */
    readonly received: number,
  ) {
    super(cause.status, cause.method, cause.url, cause.serverMessage, cause.body);
    this.message = `${this.message} (after ${received} items, at resultStart ${resultStart})`;
    this.errCode = (cause as Partial<TiV3Error>).errCode;
  }
}

/** A v3 failure: `{"status":"Error","errCode":"0x1001","message":...}`. */
export class TiV3Error extends TcApiError {
  static override readonly code: ErrorCode = ErrorCode.TiV3;
  constructor(
    cause: TcApiError,
    readonly errCode: string | undefined,
  ) {
    super(cause.status, cause.method, cause.url, cause.serverMessage, cause.body);
  }
}

/** Re-types a client error: 404 becomes TiNotFoundError; everything else passes through unchanged. */
export function refineError(err: unknown): unknown {
  if (err instanceof TcApiError && !(err instanceof TiNotFoundError) && err.status === 404) {
    return new TiNotFoundError(err.status, err.method, err.url, err.serverMessage, err.body);
  }
  return err;
}
