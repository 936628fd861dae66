import { ErrorCode, TcError } from '../core/errors.js';

/** A value the batch cannot accept; names the object, the field and the value given. */
export class BatchValidationError extends TcError {
  static override readonly code: ErrorCode = ErrorCode.BatchValidation;
  constructor(
    /** e.g. `Address`, `Incident "incident-001"` */
    readonly object: string,
    readonly field: string,
    readonly value: unknown,
    expectation: string,
  ) {
    super(`${object} ${field}: ${expectation}, got ${describe(value)}`);
  }
}

/** A batch job could not be submitted, polled or finished; `result` holds what is known so far. */
export class BatchSubmitError extends TcError {
  static override readonly code: ErrorCode = ErrorCode.BatchSubmit;
  constructor(
    message: string,
    readonly result?: unknown,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** Builders and data may not change while the batch is being drained into jobs, or after it was closed. */
export class BatchStateError extends TcError {
  static override readonly code: ErrorCode = ErrorCode.BatchState;
}

export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 200 ? `${text.slice(0, 200)}…` : text;
  } catch {
    return String(value);
  }
}
