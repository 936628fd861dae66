import { GROUP_FIELD_COLUMNS, groupColumnSql } from '../../../model/index.js';
import type { SchemaModule } from './index.js';
import type { Db } from '../index.js';
import { addColumn } from './migrate.js';

/**
 * Threat intelligence: indicators, groups (tasks are groups of type `Task`), victims and the metadata hung on them.
 * Metadata and association tables are polymorphic: `(item_kind, item_id)` with item_kind one of `indicator`,
 * `group`, `victim`, `attribute` (labels on attributes) and `victimAsset` (association targets). The store removes
 * those rows itself when an item is deleted (one transaction), since SQLite cannot cascade a polymorphic key.
 * Item ids are AUTOINCREMENT: like the real platform, an id is never handed out again after its item is deleted.
 * Dates are ISO-8601 UTC strings with seconds (`2017-07-13T17:50:17Z`), so text comparison is date comparison.
 */
export const tiSchema: SchemaModule = {
  name: 'ti',
  sql: `
CREATE TABLE IF NOT EXISTS ti_indicators (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  owner_id INTEGER NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  summary TEXT NOT NULL,
  value1 TEXT,
  value2 TEXT,
  value3 TEXT,
  rating REAL,
  confidence INTEGER,
  active INTEGER NOT NULL DEFAULT 1,
  active_locked INTEGER NOT NULL DEFAULT 0,
  private_flag INTEGER NOT NULL DEFAULT 0,
  dns_active INTEGER,
  whois_active INTEGER,
  size INTEGER,
  xid TEXT,
  first_seen TEXT,
  last_seen TEXT,
  external_date_added TEXT,
  external_date_expires TEXT,
  external_last_modified TEXT,
  observation_count INTEGER NOT NULL DEFAULT 0,
  last_observed TEXT,
  false_positive_count INTEGER NOT NULL DEFAULT 0,
  false_positive_last TEXT,
  date_added TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  hash_unique INTEGER DEFAULT 1
);
CREATE UNIQUE INDEX IF NOT EXISTS ti_indicators_identity ON ti_indicators (owner_id, type, summary);
-- the indexes of File hashes are made by migrate(): they need the hash_unique column, which an older data file
-- gains there
CREATE INDEX IF NOT EXISTS ti_indicators_modified ON ti_indicators (owner_id, last_modified);

CREATE TABLE IF NOT EXISTS ti_deleted_indicators (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL,
  owner_id INTEGER NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  summary TEXT NOT NULL,
  date_added TEXT NOT NULL,
  deleted_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ti_deleted_indicators_owner ON ti_deleted_indicators (owner_id, deleted_at);

CREATE TABLE IF NOT EXISTS ti_groups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  owner_id INTEGER NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  xid TEXT,
  created_by INTEGER,
  date_added TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  -- type-specific fields and the common dates: one column per stored field of the schema (src/model/group-storage.ts)
${GROUP_FIELD_COLUMNS.map((c) => `  ${c.col} ${groupColumnSql(c)}`).join(',\n')}
);
CREATE UNIQUE INDEX IF NOT EXISTS ti_groups_xid ON ti_groups (owner_id, xid) WHERE xid IS NOT NULL;
CREATE INDEX IF NOT EXISTS ti_groups_type ON ti_groups (owner_id, type);

CREATE TABLE IF NOT EXISTS ti_group_files (
  group_id INTEGER PRIMARY KEY REFERENCES ti_groups(id) ON DELETE CASCADE,
  content BLOB,
  path TEXT,
  size INTEGER NOT NULL,
  uploaded TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS ti_task_users (
  task_id INTEGER NOT NULL REFERENCES ti_groups(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('assignee','escalatee')),
  user_name TEXT NOT NULL,
  PRIMARY KEY (task_id, role, user_name)
);

CREATE TABLE IF NOT EXISTS ti_adversary_assets (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES ti_groups(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  value TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ti_adversary_assets_group ON ti_adversary_assets (group_id);

CREATE TABLE IF NOT EXISTS ti_victims (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  owner_id INTEGER NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT,
  org TEXT,
  suborg TEXT,
  work_location TEXT,
  nationality TEXT,
  date_added TEXT NOT NULL,
  last_modified TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ti_victims_owner ON ti_victims (owner_id);

CREATE TABLE IF NOT EXISTS ti_victim_assets (
  id INTEGER PRIMARY KEY,
  victim_id INTEGER NOT NULL REFERENCES ti_victims(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  value TEXT NOT NULL,
  detail TEXT
);
CREATE INDEX IF NOT EXISTS ti_victim_assets_victim ON ti_victim_assets (victim_id);

CREATE TABLE IF NOT EXISTS ti_attribute_types (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  description TEXT NOT NULL DEFAULT '',
  max_size INTEGER NOT NULL DEFAULT 65500,
  allow_markdown INTEGER NOT NULL DEFAULT 0,
  error_message TEXT,
  validation_rule TEXT
);

CREATE TABLE IF NOT EXISTS ti_attributes (
  id INTEGER PRIMARY KEY,
  item_kind TEXT NOT NULL,
  item_id INTEGER NOT NULL,
  type TEXT NOT NULL,
  value TEXT NOT NULL,
  displayed INTEGER NOT NULL DEFAULT 0,
  source TEXT,
  pinned INTEGER NOT NULL DEFAULT 0,
  date_added TEXT NOT NULL,
  last_modified TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ti_attributes_item ON ti_attributes (item_kind, item_id);

CREATE TABLE IF NOT EXISTS ti_tags (
  id INTEGER PRIMARY KEY,
  owner_id INTEGER NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
  name TEXT NOT NULL COLLATE NOCASE,
  description TEXT,
  date_added TEXT NOT NULL,
  UNIQUE (owner_id, name)
);

CREATE TABLE IF NOT EXISTS ti_item_tags (
  item_kind TEXT NOT NULL,
  item_id INTEGER NOT NULL,
  tag_id INTEGER NOT NULL REFERENCES ti_tags(id) ON DELETE CASCADE,
  PRIMARY KEY (item_kind, item_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ti_item_tags_tag ON ti_item_tags (tag_id);

CREATE TABLE IF NOT EXISTS ti_security_labels (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  description TEXT,
  color TEXT,
  date_added TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS ti_item_labels (
  item_kind TEXT NOT NULL,
  item_id INTEGER NOT NULL,
  label_id INTEGER NOT NULL REFERENCES ti_security_labels(id) ON DELETE CASCADE,
  PRIMARY KEY (item_kind, item_id, label_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ti_item_labels_label ON ti_item_labels (label_id);

CREATE TABLE IF NOT EXISTS ti_associations (
  a_kind TEXT NOT NULL,
  a_id INTEGER NOT NULL,
  b_kind TEXT NOT NULL,
  b_id INTEGER NOT NULL,
  type TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (a_kind, a_id, b_kind, b_id, type)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ti_associations_b ON ti_associations (b_kind, b_id);

CREATE TABLE IF NOT EXISTS ti_file_occurrences (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL REFERENCES ti_indicators(id) ON DELETE CASCADE,
  file_name TEXT,
  path TEXT,
  date TEXT
);
CREATE INDEX IF NOT EXISTS ti_file_occurrences_indicator ON ti_file_occurrences (indicator_id);

CREATE TABLE IF NOT EXISTS ti_observations (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL REFERENCES ti_indicators(id) ON DELETE CASCADE,
  user_id INTEGER,
  count INTEGER NOT NULL,
  date_observed TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ti_observations_indicator ON ti_observations (indicator_id);

CREATE TABLE IF NOT EXISTS ti_false_positives (
  indicator_id INTEGER NOT NULL REFERENCES ti_indicators(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL,
  day TEXT NOT NULL,
  reported TEXT NOT NULL,
  PRIMARY KEY (indicator_id, user_id, day)
);

CREATE TABLE IF NOT EXISTS ti_dns_resolutions (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL REFERENCES ti_indicators(id) ON DELETE CASCADE,
  address TEXT NOT NULL,
  resolution_date TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ti_dns_resolutions_indicator ON ti_dns_resolutions (indicator_id);
`,
  migrate(db) {
    // a group field added to the schema since the data file was made gets its column here
    for (const c of GROUP_FIELD_COLUMNS) addColumn(db, 'ti_groups', c.col, groupColumnSql(c));
    fileHashIndexes(db);
  },
};

const HASH_INDEXES = [
  ['md5', 'value1'],
  ['sha1', 'value2'],
  ['sha256', 'value3'],
] as const;

/**
 * The condition of the File hash indexes: a File of two or more hashes, whose summary (its hashes joined by " : ")
 * is then longer than the longest hash. A File of one hash has that hash as its summary, so the identity index
 * already finds it by hash and keeps it unique in its owner; a second index entry with the same random key was a
 * tenth of the cost of inserting such a File. Queries through these indexes repeat the condition word for word
 * (SQLite uses a partial index only for a query whose WHERE states its condition), which INDEXED BY makes them check.
 */
export const MULTI_HASH_FILE = "type = 'File' AND length(summary) > 64";

/**
 * One index per File hash, hash first, of the Files with two or more hashes (MULTI_HASH_FILE): a File is found by
 * any one of its hashes, in one owner or across owners, there or, having one hash, through the identity index.
 * Each is unique for the Files whose `hash_unique` is 1: a batch of new Files then learns from its INSERT whether one
 * of their hashes is taken, instead of asking first (a look-up per hash was a tenth of a File's cost); what neither
 * index sees (a File of one hash against one of several) the batch asks about, ti_files_multi_owners telling it
 * whether the owner has any of several. A File created beside another holding one of its hashes (hashCollisionMode
 * IgnoreExisting or Split) has `hash_unique` NULL, which SQLite's unique indexes count as distinct from everything;
 * ti_files_sharing_hashes lists the owners that have such Files, whose batches still ask first.
 */
function fileHashIndexes(db: Db): void {
  if (addColumn(db, 'ti_indicators', 'hash_unique', 'INTEGER DEFAULT 1')) {
    // a data file from before: Files that share a hash with another of their owner are marked, with the help of the
    // indexes of that version, before the unique ones are built
    for (const [, col] of HASH_INDEXES) {
      db.exec(`UPDATE ti_indicators SET hash_unique = NULL WHERE type = 'File' AND ${col} IS NOT NULL AND EXISTS (
        SELECT 1 FROM ti_indicators other WHERE other.type = 'File' AND other.${col} = ti_indicators.${col}
          AND other.owner_id = ti_indicators.owner_id AND other.id <> ti_indicators.id)`);
    }
  }
  // the indexes of earlier versions: owner first (which made the planner scan every File), then not unique, then of
  // every File. Those hold more than the new ones, so no File kept apart by them can clash in the new ones.
  for (const [hash] of HASH_INDEXES) {
    db.exec(`DROP INDEX IF EXISTS ti_indicators_${hash}; DROP INDEX IF EXISTS ti_indicators_file_${hash}; DROP INDEX IF EXISTS ti_files_by_${hash};`);
  }
  for (const [hash, col] of HASH_INDEXES) {
    db.exec(`CREATE UNIQUE INDEX IF NOT EXISTS ti_files_multi_${hash} ON ti_indicators (${col}, owner_id, hash_unique) WHERE ${MULTI_HASH_FILE} AND ${col} IS NOT NULL`);
  }
  db.exec(`CREATE INDEX IF NOT EXISTS ti_files_multi_owners ON ti_indicators (owner_id) WHERE ${MULTI_HASH_FILE}`);
  db.exec(`CREATE INDEX IF NOT EXISTS ti_files_sharing_hashes ON ti_indicators (owner_id) WHERE type = 'File' AND hash_unique IS NULL`);
}
