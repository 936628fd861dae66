import type { FieldSpec, ObjectSchema } from '../../model/schema/types.js';

/**
 * TypeScript types of v3 objects, read off their entry in the one schema (src/model/schema), so the SDK's types
 * cannot drift from what the platform validates and answers.
 */

/** The TypeScript type of a field kind. */
export type KindType<K> = K extends 'string' | 'date'
  ? string
  : K extends 'integer' | 'decimal'
    ? number
    : K extends 'boolean'
      ? boolean
      : K extends 'stringList'
        ? string[]
        : K extends 'integerList'
          ? number[]
          : K extends { collection: string }
            ? { data: Array<Record<string, unknown>>; count?: number }
            : K extends { object: string }
              ? Record<string, unknown>
              : unknown;

type FieldsOf<S extends ObjectSchema> = S['fields'][number];
type Flag<F, K extends keyof FieldSpec> = F extends { readonly [P in K]: true } ? true : false;

/** An item as a GET answers it without `fields=`: every default field, optional (absent values are left out). */
export type SchemaItem<S extends ObjectSchema> = {
  [F in FieldsOf<S> as Flag<F, 'optIn'> extends true ? never : F['name']]?: KindType<F['kind']>;
} & { id: number };

/** What each `fields=` value adds to an item. */
export type SchemaFieldMap<S extends ObjectSchema> = {
  [F in FieldsOf<S> as Flag<F, 'optIn'> extends true ? F['name'] : never]: { [N in F['name']]?: KindType<F['kind']> };
};

/** A create body: writable fields, the required ones required. */
export type SchemaCreate<S extends ObjectSchema> = {
  [F in FieldsOf<S> as Flag<F, 'readOnly'> extends true ? never : Flag<F, 'required'> extends true ? F['name'] : never]: KindType<F['kind']>;
} & {
  [F in FieldsOf<S> as Flag<F, 'readOnly'> extends true ? never : Flag<F, 'required'> extends true ? never : F['name']]?: KindType<F['kind']> | null;
};

/**
 * An update body: fields writable after creation. Read-only ones are accepted too (the server ignores them), so an
 * item as a GET returned it can be sent back unchanged.
 */
export type SchemaUpdate<S extends ObjectSchema> = {
  [F in FieldsOf<S> as F['name']]?: KindType<F['kind']> | null;
};

/** The `fields=` names an object accepts. */
export type SchemaOptIn<S extends ObjectSchema> = keyof SchemaFieldMap<S> & string;
