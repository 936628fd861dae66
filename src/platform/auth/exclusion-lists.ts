import type { Db } from '../db/index.js';

export interface ExclusionListRecord {
  id: number;
  ownerId: number;
  name: string;
  active: boolean;
  managed: boolean;
  fixedValues: string[];
  variableValues: string[];
}

interface Row {
  id: number;
  owner_id: number;
  name: string;
  active: number;
  managed: number;
  fixed_values: string;
  variable_values: string;
}

const toRecord = (r: Row): ExclusionListRecord => ({
  id: r.id,
  ownerId: r.owner_id,
  name: r.name,
  active: r.active === 1,
  managed: r.managed === 1,
  fixedValues: JSON.parse(r.fixed_values) as string[],
  variableValues: JSON.parse(r.variable_values) as string[],
});

/** Per-owner exclusion lists: values (exact, or with `*` wildcards) an owner does not want as indicators. */
export class ExclusionLists {
  constructor(private readonly db: Db) {}

  ofOwners(ownerIds: number[]): ExclusionListRecord[] {
    if (ownerIds.length === 0) return [];
    const sql = `SELECT * FROM exclusion_lists WHERE owner_id IN (${ownerIds.map(() => '?').join(', ')}) ORDER BY id`;
    return (this.db.prepare(sql).all(...ownerIds) as Row[]).map(toRecord);
  }

  get(id: number): ExclusionListRecord | undefined {
    const row = this.db.prepare('SELECT * FROM exclusion_lists WHERE id = ?').get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  create(input: Omit<ExclusionListRecord, 'id'>): ExclusionListRecord {
    const info = this.db
      .prepare('INSERT INTO exclusion_lists (owner_id, name, active, managed, fixed_values, variable_values) VALUES (?, ?, ?, ?, ?, ?)')
      .run(input.ownerId, input.name, input.active ? 1 : 0, input.managed ? 1 : 0, JSON.stringify(input.fixedValues), JSON.stringify(input.variableValues));
    return this.get(Number(info.lastInsertRowid)) as ExclusionListRecord;
  }

  update(id: number, patch: Partial<Pick<ExclusionListRecord, 'active' | 'fixedValues' | 'variableValues'>>): ExclusionListRecord | undefined {
    const current = this.get(id);
    if (!current) return undefined;
    const next = { ...current, ...patch };
    this.db
      .prepare('UPDATE exclusion_lists SET active = ?, fixed_values = ?, variable_values = ? WHERE id = ?')
      .run(next.active ? 1 : 0, JSON.stringify(next.fixedValues), JSON.stringify(next.variableValues), id);
    return this.get(id);
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM exclusion_lists WHERE id = ?').run(id).changes > 0;
  }
}
