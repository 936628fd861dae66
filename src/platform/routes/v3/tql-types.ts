/** The tree of a parsed TQL query (see tql-grammar.ts) and its error type. */

export type TqlLiteral = string | number | boolean | null;

export type TqlOp =
  | '='
  | '!='
  | '<'
  | '>'
  | '<='
  | '>='
  | 'in'
  | 'not in'
  | 'startswith'
  | 'not startswith'
  | 'contains'
  | 'not contains'
  | 'endswith'
  | 'not endswith'
  | 'like'
  | 'not like'
  | 'is null'
  | 'is not null';

export type TqlNode =
  | { kind: 'and'; items: TqlNode[] }
  | { kind: 'or'; items: TqlNode[] }
  | { kind: 'cmp'; field: string; op: TqlOp; value: TqlLiteral | TqlLiteral[] }
  /** `hasGroup(...)` and friends: a nested query over the associated objects, in their own keywords */
  | { kind: 'call'; name: string; inner: TqlNode };

/** A TQL problem; the message is meant for the caller (it becomes a v3 400). */
export class TqlError extends Error {}
