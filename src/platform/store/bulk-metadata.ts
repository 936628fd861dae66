import type { StoreCore } from './base.js';
import { MultiRowInsert, type InsertColumn } from './multi-row.js';
import type { ItemKind } from './types.js';

/** An attribute already checked (MetadataRepo.validateAttribute) for an item that has none yet. */
export interface NewAttributeRow {
  itemId: number;
  /** the attribute type's own name */
  type: string;
  value: string;
  displayed: boolean;
  source: string | null;
  pinned: boolean;
}

const ATTRIBUTE_COLUMNS: readonly InsertColumn[] = [
  { name: 'item_kind' },
  { name: 'item_id' },
  { name: 'type' },
  { name: 'value' },
  { name: 'displayed', omit: 0 },
  { name: 'source', omit: null },
  { name: 'pinned', omit: 0 },
  { name: 'date_added' },
  { name: 'last_modified' },
];
const ITEM_TAG_COLUMNS: readonly InsertColumn[] = [{ name: 'item_kind' }, { name: 'item_id' }, { name: 'tag_id' }];

/**
 * The bulk path of metadata for items created in the same transaction (batch Create): their attributes and tag
 * links written with multi-row INSERTs (MultiRowInsert) instead of one statement each. The rows are those
 * MetadataRepo.applyMetadata writes for a new item with the Append write type, in the same order (so attribute ids
 * come out the same); deciding which attribute stays displayed is the caller's (see the batch's fresh-item lane).
 */
export class BulkMetadataWriter {
  private readonly attributes: MultiRowInsert;
  private readonly itemTags: MultiRowInsert;

  constructor(private readonly core: StoreCore) {
    this.attributes = new MultiRowInsert(core, 'INSERT INTO ti_attributes', ATTRIBUTE_COLUMNS);
    this.itemTags = new MultiRowInsert(core, 'INSERT OR IGNORE INTO ti_item_tags', ITEM_TAG_COLUMNS);
  }

  insertAttributes(kind: ItemKind, attributes: NewAttributeRow[]): void {
    const now = this.core.nowIso();
    const values: unknown[] = [];
    for (const a of attributes) values.push(kind, a.itemId, a.type, a.value, a.displayed ? 1 : 0, a.source, a.pinned ? 1 : 0, now, now);
    this.attributes.run(values);
  }

  /** Links items to tags: `links` holds item id, tag id, item id, tag id, ... */
  insertItemTags(kind: ItemKind, links: number[]): void {
    const values: unknown[] = [];
    for (let i = 0; i < links.length; i += 2) values.push(kind, links[i], links[i + 1]);
    this.itemTags.run(values);
  }
}
