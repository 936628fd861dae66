import type { FieldKind, FieldSpec, ObjectName, ObjectSchema } from '../../model/schema/types.js';
import type { V3Attribute, V3GroupRef, V3List, V3Nested, V3SecurityLabel, V3Tag } from './types.js';

/**
 * v3 item, field-map, create and update types derived from a schema entry (src/model/schema), so that the SDK's
 * types follow the one definition the platform serves from.
 */

/** Items of the nested collections the objects here use, as answered. */
interface NestedItems {
  Tag: V3Tag;
  SecurityLabel: V3SecurityLabel;
  Group: V3GroupRef;
  VictimAttribute: V3Attribute;
  VictimAsset: { id: number; type: string; victimId?: number; webLink?: string; [field: string]: unknown };
  User: { id: number; userName: string; firstName?: string; lastName?: string; pseudonym?: string };
}

/** Items of the nested collections as written (`mode` append, replace or delete). */
interface NestedWrites {
  Tag: { name: string };
  SecurityLabel: { name: string };
  Group: { id: number };
  VictimAttribute: { id?: number; type?: string; value?: string; source?: string; default?: boolean; pinned?: boolean };
  VictimAsset: { id?: number; type?: string; [field: string]: unknown };
  User: { id: number };
}

type Lookup<M, K> = K extends keyof M ? M[K] : Record<string, unknown>;

type Scalar<K> = K extends 'string' | 'date'
  ? string
  : K extends 'integer' | 'decimal'
    ? number
    : K extends 'boolean'
      ? boolean
      : K extends 'stringList'
        ? string[]
        : K extends 'integerList'
          ? number[]
          : unknown;

type ReadType<K extends FieldKind> = K extends { collection: infer N extends ObjectName }
  ? V3List<Lookup<NestedItems, N>>
  : K extends { object: infer N extends ObjectName }
    ? Lookup<NestedItems, N>
    : Scalar<K>;

type WriteType<K extends FieldKind> = K extends { collection: infer N extends ObjectName }
  ? V3Nested<Lookup<NestedWrites, N>>
  : K extends { object: infer N extends ObjectName }
    ? Lookup<NestedWrites, N>
    : Scalar<K>;

type Fields<S extends ObjectSchema> = S['fields'][number];

/** An item as a GET answers it without `fields=`: `id` always, every other default field when set. */
export type SchemaItem<S extends ObjectSchema> = { id: number } & {
  [F in Fields<S> as F extends { optIn: true } ? never : F['name']]?: ReadType<F['kind']>;
};

/** What each `fields=` value adds to an item. */
export type SchemaFieldMap<S extends ObjectSchema> = {
  [F in Fields<S> as F extends { optIn: true } ? F['name'] : never]: { [K in F['name']]: ReadType<F['kind']> };
};

type Writable<F extends FieldSpec> = F extends { readOnly: true } ? never : F['name'];

/** A create body: writable fields, the required ones required. */
export type SchemaCreate<S extends ObjectSchema> = {
  [F in Fields<S> as F extends { required: true } ? Writable<F> : never]: WriteType<F['kind']>;
} & {
  [F in Fields<S> as F extends { required: true } ? never : Writable<F>]?: WriteType<F['kind']>;
} & { ownerName?: string };

/** An update body: fields writable after create, all optional (read-only ones a GET returned are ignored). */
export type SchemaUpdate<S extends ObjectSchema> = {
  [F in Fields<S> as F extends { createOnly: true } ? never : Writable<F>]?: WriteType<F['kind']>;
};
