import { TcConfigError } from '../../core/errors.js';
import { apiDate } from '../../core/dates.js';
import { groupSchema, indicatorSchema, type ObjectSchema, type TqlKeywordSpec, type TqlType } from '../../model/schema/index.js';

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

// ------------------------------------------------------------------------------------------- typed builders

/** Comparison operators of TQL (word forms such as GEQ are the same operators). */
export type TqlCompareOp = '=' | '!=' | '>' | '<' | '>=' | '<=';
/** Text operators, each with its `not` form. */
export type TqlTextOp = 'like' | 'not like' | 'contains' | 'not contains' | 'startswith' | 'not startswith' | 'endswith' | 'not endswith';
export type TqlListOp = 'in' | 'not in';

type KeywordOf<S extends ObjectSchema> = S['tql'][number];
/** Keywords compared with a value (not the `has...()` nested ones). */
export type TqlValueKeyword<S extends ObjectSchema> = Exclude<KeywordOf<S>, { type: 'Assoc' }>['keyword'];
/** `has<Object>(...)` keywords, taking a nested query. */
export type TqlNestedKeyword<S extends ObjectSchema> = Extract<KeywordOf<S>, { type: 'Assoc' }>['keyword'];
type TypeOf<S extends ObjectSchema, K> = Extract<KeywordOf<S>, { keyword: K }>['type'];
/** The TypeScript value a keyword of a TQL type compares with. */
export type TqlJsValue<T extends TqlType> = T extends 'Integer' | 'BigInteger' | 'BigDecimal' ? number : T extends 'Boolean' ? boolean : T extends 'Date' ? string | Date : string;
type OpsFor<T extends TqlType> = TqlCompareOp | (TqlJsValue<T> extends string ? TqlTextOp : never);

/**
 * Typed TQL for one object of the schema: keyword names and value types come from `src/model/schema/<object>.ts`,
 * so a misspelt keyword or a text operator on a number does not compile, and every value is quoted safely.
 */
export class TqlBuilder<S extends ObjectSchema> {
  private readonly keywords: Map<string, TqlKeywordSpec>;

  constructor(readonly schema: S) {
    this.keywords = new Map(schema.tql.map((k) => [k.keyword, k]));
  }

  /** `keyword op value`: `where('rating', '>=', 3)`, `where('summary', 'startswith', 'bad.')`. */
  where<K extends TqlValueKeyword<S>>(keyword: K, op: OpsFor<TypeOf<S, K>>, value: TqlJsValue<TypeOf<S, K>>): Tql {
    this.spec(keyword, false);
    return new Tql(`${keyword} ${op} ${tqlLiteral(value as TqlValue)}`);
  }

  /** `keyword in (...)` or `keyword not in (...)`. */
  in<K extends TqlValueKeyword<S>>(keyword: K, values: ReadonlyArray<TqlJsValue<TypeOf<S, K>> & (string | number)>, op: TqlListOp = 'in'): Tql {
    this.spec(keyword, false);
    return new Tql(`${keyword} ${op} ${tqlLiteral(values)}`);
  }

  /** `keyword is null` / `keyword is not null`. */
  isNull<K extends TqlValueKeyword<S>>(keyword: K, not = false): Tql {
    this.spec(keyword, false);
    return new Tql(`${keyword} is ${not ? 'not ' : ''}null`);
  }

  /** `hasTag(...)`: the inner query is TQL over the associated objects (a builder's output or `tql\`...\``). */
  has<K extends TqlNestedKeyword<S>>(keyword: K, inner: Tql): Tql {
    this.spec(keyword, true);
    return new Tql(`${keyword}(${inner.text})`);
  }

  /** Every condition holds: `(a) and (b) and ...`. */
  all(...parts: Tql[]): Tql {
    return join(parts, 'and');
  }

  /** Any condition holds: `(a) or (b) or ...`. */
  any(...parts: Tql[]): Tql {
    return join(parts, 'or');
  }

  private spec(keyword: string, nested: boolean): TqlKeywordSpec {
    const spec = this.keywords.get(keyword);
    if (!spec) throw new TcConfigError('tql', keyword, `${this.schema.name} has no TQL keyword of that name`);
    if ((spec.type === 'Assoc') !== nested) {
      throw new TcConfigError('tql', keyword, nested ? 'is compared with a value, not a nested query' : 'takes a nested query: use has()');
    }
    return spec;
  }
}

function join(parts: Tql[], word: 'and' | 'or'): Tql {
  if (parts.length === 0) throw new TcConfigError('tql', parts, `${word} needs at least one condition`);
  return new Tql(parts.length === 1 ? parts[0].text : parts.map((p) => `(${p.text})`).join(` ${word} `));
}

/** Typed TQL builder for any schema object (`tqlFor(tagSchema)`). */
export const tqlFor = <S extends ObjectSchema>(schema: S): TqlBuilder<S> => new TqlBuilder(schema);

/** TQL for `/v3/indicators`. */
export const indicatorTql = tqlFor(indicatorSchema);
/** TQL for `/v3/groups`. */
export const groupTql = tqlFor(groupSchema);
