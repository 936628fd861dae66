import type { SchemaModule } from './index.js';
import { addColumn } from './migrate.js';

export const coreSchema: SchemaModule = {
  name: 'core',
  sql: `
CREATE TABLE IF NOT EXISTS owners (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  type TEXT NOT NULL CHECK (type IN ('Organization','Community','Source'))
);
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY,
  user_name TEXT NOT NULL UNIQUE,
  secret_key TEXT,
  first_name TEXT NOT NULL DEFAULT 'API',
  last_name TEXT NOT NULL DEFAULT 'User',
  pseudonym TEXT,
  role TEXT NOT NULL DEFAULT 'Api User',
  default_owner_id INTEGER REFERENCES owners(id),
  disabled INTEGER NOT NULL DEFAULT 0,
  is_default INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS memberships (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  owner_id INTEGER NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  can_write INTEGER NOT NULL,
  PRIMARY KEY (user_id, owner_id)
);
CREATE TABLE IF NOT EXISTS tokens (
  token TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL,
  -- the job run a token was issued for (renewals inherit it): revoked together when the run ends
  run_id INTEGER
);
CREATE TABLE IF NOT EXISTS user_groups (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  description TEXT
);
CREATE TABLE IF NOT EXISTS user_group_members (
  group_id INTEGER NOT NULL REFERENCES user_groups(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (group_id, user_id)
);
-- per-owner lists of values that must not become indicators (v3 /security/exclusionLists); values are JSON arrays
CREATE TABLE IF NOT EXISTS exclusion_lists (
  id INTEGER PRIMARY KEY,
  owner_id INTEGER NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  managed INTEGER NOT NULL DEFAULT 0,
  fixed_values TEXT NOT NULL DEFAULT '[]',
  variable_values TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`,
  migrate(db) {
    addColumn(db, 'tokens', 'run_id', 'INTEGER');
    db.exec('CREATE INDEX IF NOT EXISTS tokens_run ON tokens(run_id) WHERE run_id IS NOT NULL');
  },
};
