import { ApiFailure } from '../http/errors.js';

/** Input the store refuses: a 400 whose message names the field and the value. */
export class TiInputError extends ApiFailure {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(400, message);
  }
}

/** The API's "one of the following values" message (the space before the comma is the API's own). */
export function notOneOf(field: string, entity: string, value: unknown, allowed: readonly string[]): TiInputError {
  return new TiInputError(
    field,
    `The ${field} for this ${entity} is invalid , please enter one of the following values: ${allowed.join(', ')} (got ${JSON.stringify(value)})`,
  );
}

/** The API's length message. */
export function badLength(field: string, entity: string, min: number, max: number, value: unknown): TiInputError {
  return new TiInputError(
    field,
    `The ${field} for this ${entity} is invalid, please enter a ${field} between ${min}-${max} characters in length (got ${describe(value)})`,
  );
}

export function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
