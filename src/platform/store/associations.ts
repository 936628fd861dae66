import type { StoreCore } from './base.js';
import { TiInputError } from './errors.js';
import type { AssociationKind, AssociationRef, ItemRef } from './types.js';

/**
 * Links between items, stored in both directions so either end finds the other with one index lookup. `type` is
 * '' for plain links and the association type key for indicator-to-indicator links.
 */
export class AssociationRepo {
  constructor(private readonly core: StoreCore) {}

  /** Links a and b; true when the link is new. */
  associate(a: AssociationRef, b: AssociationRef, type = ''): boolean {
    if (a.kind === b.kind && a.id === b.id) throw new TiInputError('association', 'Invalid association, an item cannot be associated with itself');
    return this.core.atomic(() => {
      const insert = this.core.prep('INSERT OR IGNORE INTO ti_associations (a_kind, a_id, b_kind, b_id, type) VALUES (?, ?, ?, ?, ?)');
      const first = insert.run(a.kind, a.id, b.kind, b.id, type);
      insert.run(b.kind, b.id, a.kind, a.id, type);
      return first.changes > 0;
    });
  }

  /** Removes the link; true when there was one. */
  dissociate(a: AssociationRef, b: AssociationRef, type = ''): boolean {
    return this.core.atomic(() => {
      const del = this.core.prep('DELETE FROM ti_associations WHERE a_kind = ? AND a_id = ? AND b_kind = ? AND b_id = ? AND type = ?');
      const first = del.run(a.kind, a.id, b.kind, b.id, type);
      del.run(b.kind, b.id, a.kind, a.id, type);
      return first.changes > 0;
    });
  }

  isAssociated(a: AssociationRef, b: AssociationRef, type?: string): boolean {
    const sql =
      type === undefined
        ? 'SELECT 1 FROM ti_associations WHERE a_kind = ? AND a_id = ? AND b_kind = ? AND b_id = ? LIMIT 1'
        : 'SELECT 1 FROM ti_associations WHERE a_kind = ? AND a_id = ? AND b_kind = ? AND b_id = ? AND type = ?';
    const params = type === undefined ? [a.kind, a.id, b.kind, b.id] : [a.kind, a.id, b.kind, b.id, type];
    return this.core.prep(sql).get(...params) !== undefined;
  }

  /** The association types linking a and b ('' for a plain link). */
  typesBetween(a: AssociationRef, b: AssociationRef): string[] {
    const rows = this.core
      .prep('SELECT type FROM ti_associations WHERE a_kind = ? AND a_id = ? AND b_kind = ? AND b_id = ?')
      .all(a.kind, a.id, b.kind, b.id) as Array<{ type: string }>;
    return rows.map((r) => r.type);
  }

  /** Ids of the items of `kind` linked to ref (any type unless given). */
  linked(ref: AssociationRef, kind: AssociationKind, type?: string): number[] {
    const { sql, params } = this.scope(ref, kind, type);
    return (this.core.prep(`SELECT DISTINCT b_id FROM ti_associations WHERE ${sql} ORDER BY b_id`).all(...params) as Array<{ b_id: number }>).map(
      (r) => r.b_id,
    );
  }

  /** Every link of ref, with the other end and the type (export). */
  all(): Array<{ a: AssociationRef; b: AssociationRef; type: string }> {
    const rows = this.core
      .prep("SELECT a_kind, a_id, b_kind, b_id, type FROM ti_associations WHERE a_kind < b_kind OR (a_kind = b_kind AND a_id < b_id) ORDER BY a_kind, a_id, b_kind, b_id, type")
      .all() as Array<{ a_kind: AssociationKind; a_id: number; b_kind: AssociationKind; b_id: number; type: string }>;
    return rows.map((r) => ({ a: { kind: r.a_kind, id: r.a_id }, b: { kind: r.b_kind, id: r.b_id }, type: r.type }));
  }

  /** `b_id` restriction for listing the items linked to ref: `id IN (SELECT b_id FROM ti_associations WHERE ...)`. */
  scope(ref: AssociationRef, kind: AssociationKind, type?: string): { sql: string; params: unknown[] } {
    if (type === undefined) return { sql: 'a_kind = ? AND a_id = ? AND b_kind = ?', params: [ref.kind, ref.id, kind] };
    return { sql: 'a_kind = ? AND a_id = ? AND b_kind = ? AND type = ?', params: [ref.kind, ref.id, kind, type] };
  }

  /** Drops every link of an item being deleted (caller's transaction). */
  purge(ref: AssociationRef | ItemRef): void {
    this.core.prep('DELETE FROM ti_associations WHERE a_kind = ? AND a_id = ?').run(ref.kind, ref.id);
    this.core.prep('DELETE FROM ti_associations WHERE b_kind = ? AND b_id = ?').run(ref.kind, ref.id);
  }
}
