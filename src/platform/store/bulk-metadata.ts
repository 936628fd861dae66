import type { Statement } from 'better-sqlite3';
import { placeholders, type StoreCore } from './base.js';
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

/** Rows per multi-row statement (9 parameters each for attributes, 3 for item tags). */
const BULK_ROWS = 200;

const ATTRIBUTES_HEAD = 'INSERT INTO ti_attributes (item_kind, item_id, type, value, displayed, source, pinned, date_added, last_modified)';
const ITEM_TAGS_HEAD = 'INSERT OR IGNORE INTO ti_item_tags (item_kind, item_id, tag_id)';

function rows(columns: number, n: number): string {
  const one = `(${placeholders(columns)})`;
  return Array.from({ length: n }, () => one).join(', ');
}

/**
 * The bulk path of metadata for items created in the same transaction (batch Create): their attributes and tag
 * links written with one multi-row INSERT per BULK_ROWS rows instead of one statement each. The rows are those
 * MetadataRepo.applyMetadata writes for a new item with the Append write type, in the same order (so attribute ids
 * come out the same); deciding which attribute stays displayed is the caller's (see the batch's fresh-item lane).
 */
export class BulkMetadataWriter {
  /** statements by SQL head and row count: building and hashing a 200-row SQL text per chunk cost more than it saved */
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly core: StoreCore) {}

  private statement(head: string, columns: number, n: number): Statement {
    const key = `${n}:${head}`;
    let s = this.statements.get(key);
    if (!s) {
      s = this.core.prep(`${head} VALUES ${rows(columns, n)}`);
      this.statements.set(key, s);
    }
    return s;
  }

  insertAttributes(kind: ItemKind, attributes: NewAttributeRow[]): void {
    const now = this.core.nowIso();
    for (let at = 0; at < attributes.length; at += BULK_ROWS) {
      const n = Math.min(BULK_ROWS, attributes.length - at);
      const params: unknown[] = [];
      for (let i = at; i < at + n; i++) {
        const a = attributes[i];
        params.push(kind, a.itemId, a.type, a.value, a.displayed ? 1 : 0, a.source, a.pinned ? 1 : 0, now, now);
      }
      this.statement(ATTRIBUTES_HEAD, 9, n).run(...params);
    }
  }

  /** Links items to tags: `links` holds item id, tag id, item id, tag id, ... */
  insertItemTags(kind: ItemKind, links: number[]): void {
    const pairs = links.length / 2;
    for (let at = 0; at < pairs; at += BULK_ROWS) {
      const n = Math.min(BULK_ROWS, pairs - at);
      const params: unknown[] = [];
      for (let i = at; i < at + n; i++) params.push(kind, links[2 * i], links[2 * i + 1]);
      this.statement(ITEM_TAGS_HEAD, 3, n).run(...params);
    }
  }
}
