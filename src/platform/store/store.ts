import type { Db } from '../db/index.js';
import { StoreCore } from './base.js';
import { AssociationRepo } from './associations.js';
import { GroupRepo } from './groups.js';
import { IndicatorRepo } from './indicators.js';
import { MetadataRepo } from './metadata.js';
import { VictimRepo } from './victims.js';
import type { ItemRef } from './types.js';

export interface TiStoreOptions {
  /** where document and report files go; omitted → kept in the database */
  filesDir?: string;
  /** the platform clock (ms) */
  clock?: () => number;
}

/** The threat-intelligence store: one object per platform, shared by v2, v3, batch and admin. */
export class TiStore {
  readonly core: StoreCore;
  readonly meta: MetadataRepo;
  readonly associations: AssociationRepo;
  readonly indicators: IndicatorRepo;
  readonly groups: GroupRepo;
  readonly victims: VictimRepo;

  constructor(
    readonly db: Db,
    options: TiStoreOptions = {},
  ) {
    this.core = new StoreCore(db, options.clock ?? Date.now);
    this.meta = new MetadataRepo(this.core);
    this.associations = new AssociationRepo(this.core);
    this.indicators = new IndicatorRepo(this.core, this.meta, this.associations);
    this.groups = new GroupRepo(this.core, this.meta, this.associations, options.filesDir);
    this.victims = new VictimRepo(this.core, this.meta, this.associations);
    this.meta.ensureCatalogue();
  }

  /** Runs fn in one transaction (joining the caller's if one is open) and returns its result. */
  transaction<T>(fn: () => T): T {
    return this.core.atomic(fn);
  }

  /** Whether the referenced item exists. */
  exists(ref: ItemRef): boolean {
    const table = ref.kind === 'indicator' ? 'ti_indicators' : ref.kind === 'group' ? 'ti_groups' : 'ti_victims';
    return this.core.prep(`SELECT 1 FROM ${table} WHERE id = ?`).get(ref.id) !== undefined;
  }

  /** Owner of the referenced item. */
  ownerOf(ref: ItemRef): number | undefined {
    const table = ref.kind === 'indicator' ? 'ti_indicators' : ref.kind === 'group' ? 'ti_groups' : 'ti_victims';
    return (this.core.prep(`SELECT owner_id FROM ${table} WHERE id = ?`).get(ref.id) as { owner_id: number } | undefined)?.owner_id;
  }

  /** After an admin reset wiped the tables: forget cached ids and seed the catalogues again. */
  afterReset(): void {
    this.meta.dropCaches();
    this.meta.ensureCatalogue();
  }
}
