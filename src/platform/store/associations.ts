import { ApiFailure } from '../http/errors.js';
import { chunks, placeholders, type StoreCore } from './base.js';
import { TiInputError } from './errors.js';
import type { AssociationKind, AssociationRef, ItemRef } from './types.js';

/**
 * Who writes a link. Writing or removing a link needs write access to the owners of both ends; whether the ends may
 * belong to different owners depends on the API (v3 groups and indicators: yes; v2 REST and batch: no).
 */
export interface LinkWriter {
  canWrite(ownerId: number): boolean;
  crossOwner: boolean;
}

/** Admin seed and import: links written by the platform itself, not on behalf of a user. */
export const TRUSTED_WRITER = 'trusted' as const;
export type LinkAuthority = LinkWriter | typeof TRUSTED_WRITER;

export const DIFFERENT_OWNERS = 'The owners of the requested objects were different';

const OWNER_SQL: Record<AssociationKind, string> = {
  indicator: 'SELECT owner_id FROM ti_indicators WHERE id = ?',
  group: 'SELECT owner_id FROM ti_groups WHERE id = ?',
  victim: 'SELECT owner_id FROM ti_victims WHERE id = ?',
  victimAsset: 'SELECT v.owner_id FROM ti_victim_assets a JOIN ti_victims v ON v.id = a.victim_id WHERE a.id = ?',
};

/**
 * Links between items, stored in both directions so either end finds the other with one index lookup. `type` is
 * '' for plain links and the association type key for indicator-to-indicator links.
 */
export class AssociationRepo {
  constructor(private readonly core: StoreCore) {}

  /**
   * The one rule for writing links, used by v2, v3 and batch alike: the two ends must exist, share an owner unless
   * the writer may link across owners (400 with the API's message), and the writer must be able to write to both
   * owners (401).
   */
  checkWrite(a: AssociationRef, b: AssociationRef, by: LinkAuthority): void {
    if (by === TRUSTED_WRITER) return;
    const owners = [a, b].map((ref) => {
      const row = this.core.prep(OWNER_SQL[ref.kind]).get(ref.id) as { owner_id: number } | undefined;
      if (!row) throw new TiInputError('association', `association: no ${ref.kind} with id ${ref.id}`);
      return row.owner_id;
    });
    if (owners[0] !== owners[1] && !by.crossOwner) throw new ApiFailure(400, DIFFERENT_OWNERS);
    [a, b].forEach((ref, i) => {
      if (!by.canWrite(owners[i])) {
        throw new ApiFailure(401, `The requested association was not saved - access was denied (the ${ref.kind} ${ref.id} is in an owner you may only read)`);
      }
    });
  }

  /** Links a and b once `by` may (see checkWrite); true when the link is new. */
  associate(a: AssociationRef, b: AssociationRef, type: string, by: LinkAuthority): boolean {
    if (a.kind === b.kind && a.id === b.id) throw new TiInputError('association', 'Invalid association, an item cannot be associated with itself');
    this.checkWrite(a, b, by);
    return this.core.atomic(() => {
      const insert = this.core.prep('INSERT OR IGNORE INTO ti_associations (a_kind, a_id, b_kind, b_id, type) VALUES (?, ?, ?, ?, ?)');
      const first = insert.run(a.kind, a.id, b.kind, b.id, type);
      insert.run(b.kind, b.id, a.kind, a.id, type);
      return first.changes > 0;
    });
  }

  /** Removes the link once `by` may (see checkWrite); true when there was one. */
  dissociate(a: AssociationRef, b: AssociationRef, type: string, by: LinkAuthority): boolean {
    this.checkWrite(a, b, by);
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

  /** Ids of the items of `kind` linked to any of the `from` items (a nested TQL `hasGroup(...)`, read backwards). */
  linkedToAny(fromKind: AssociationKind, fromIds: number[], kind: AssociationKind): Set<number> {
    const out = new Set<number>();
    for (const part of chunks(fromIds)) {
      const rows = this.core
        .prep(`SELECT DISTINCT b_id FROM ti_associations WHERE a_kind = ? AND a_id IN (${placeholders(part.length)}) AND b_kind = ?`)
        .all(fromKind, ...part, kind) as Array<{ b_id: number }>;
      for (const r of rows) out.add(r.b_id);
    }
    return out;
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
