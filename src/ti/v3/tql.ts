import { TcConfigError } from '../../core/errors.js';
import { apiDate } from '../../core/dates.js';

/** A TQL query string whose interpolated values were quoted safely. */
export class Tql {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }

  /** `(this) and (other)` */
  and(other: Tql | string): Tql {
    return new Tql(`(${this.text}) and (${String(other)})`);
  }

  /** `(this) or (other)` */
  or(other: Tql | string): Tql {
    return new Tql(`(${this.text}) or (${String(other)})`);
  }
}

export type TqlValue = string | number | boolean | Date | null | readonly (string | number)[];

/** A TQL literal: strings double-quoted with `\` and `"` escaped, numbers and booleans bare, lists in parentheses. */
export function tqlLiteral(value: TqlValue): string {
  if (value === null) return 'null';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TcConfigError('tql', String(value), 'a Date in TQL must be valid');
    return `"${apiDate(value)}"`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) throw new TcConfigError('tql', value, 'a list in TQL needs at least one value');
    return `(${value.map((v) => tqlLiteral(v)).join(', ')})`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TcConfigError('tql', value, 'a number in TQL must be finite');
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  throw new TcConfigError('tql', value, 'values must be strings, numbers, booleans, Dates or lists');
}

/**
 * Builds a TQL query with values quoted, so user input cannot change the query's shape:
 * `` tql`typeName in ${['Host', 'URL']} and summary startswith ${prefix}` ``.
 */
export function tql(strings: TemplateStringsArray, ...values: TqlValue[]): Tql {
  let text = strings[0];
  values.forEach((v, i) => {
    text += tqlLiteral(v) + strings[i + 1];
  });
  return new Tql(text);
}
