import { groupSchema as literalSchema } from './schema/group.js';
import { columnName, readOnlyFor, type FieldKind, type ObjectSchema } from './schema/index.js';

/**
 * Where the local platform keeps each group field, derived from the schema so that a field added to
 * `schema/group.ts` is stored, accepted and rendered without another edit: a writable type-specific field gets a
 * column named from it (`eventType` → `event_type`, added to an existing data file when it opens); a read-only field
 * or a common date is stored only when the schema names its `column`.
 */
export type GroupColumnKind = 'date' | 'text' | 'bool' | 'int';

export interface GroupColumn {
  /** the v3/v2 field name */
  field: string;
  col: string;
  kind: GroupColumnKind;
  max?: number;
}

const groupSchema: ObjectSchema = literalSchema;

const KINDS: Partial<Record<string, GroupColumnKind>> = { date: 'date', string: 'text', json: 'text', boolean: 'bool', integer: 'int', decimal: 'text' };

function kindOf(kind: FieldKind): GroupColumnKind | undefined {
  return typeof kind === 'string' ? KINDS[kind] : undefined;
}

/** The stored group fields, in schema order. */
export const GROUP_FIELD_COLUMNS: readonly GroupColumn[] = groupSchema.fields.flatMap((f): GroupColumn[] => {
  const kind = kindOf(f.kind);
  if (!kind) return [];
  const col = f.column ?? (f.appliesTo && !f.readOnly && !f.optIn ? columnName(f.name) : undefined);
  if (!col) return [];
  return [{ field: f.name, col, kind, ...(f.maxLength !== undefined ? { max: f.maxLength } : {}) }];
});

/** SQLite type of a stored group field's column. */
export function groupColumnSql(c: GroupColumn): string {
  return c.kind === 'bool' || c.kind === 'int' ? 'INTEGER' : 'TEXT';
}

/** The stored fields a type shows but clients never write (a Document's fileSize, an Email's score). */
export function groupReadOnlyStored(typeName: string): string[] {
  return GROUP_FIELD_COLUMNS.filter((c) => {
    const f = groupSchema.fields.find((x) => x.name === c.field);
    return f !== undefined && f.appliesTo?.includes(typeName) === true && readOnlyFor(f, typeName);
  }).map((c) => c.field);
}

/** Fields written but never answered (a malware Document's password): renderers leave them out. */
export const GROUP_WRITE_ONLY: ReadonlySet<string> = new Set(groupSchema.fields.filter((f) => f.writeOnly).map((f) => f.name));
