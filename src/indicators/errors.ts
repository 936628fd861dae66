import { ErrorCode, TcError } from '../core/errors.js';

/**
 * An indicator value that is not valid, or whose type cannot be told. Names the field, the value and (when
 * known) the type, unlike the legacy SDK's bare error codes (`e10050`).
 */
export class IndicatorValueError extends TcError {
  static override readonly code: ErrorCode = ErrorCode.IndicatorValue;
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly type: string | undefined,
    readonly reason: string,
  ) {
    super(`${field}: ${JSON.stringify(value) ?? String(value)} ${reason}`);
  }
}
