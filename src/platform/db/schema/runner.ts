import type { SchemaModule } from './index.js';
import { addColumn } from './migrate.js';

// The job runner: installed apps (one row per app folder, replaced on upgrade), jobs, and their executions.
export const runnerSchema: SchemaModule = {
  name: 'runner',
  sql: `
CREATE TABLE IF NOT EXISTS runner_apps (
  id INTEGER PRIMARY KEY,
  folder TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  program_version TEXT NOT NULL,
  program_main TEXT NOT NULL,
  runtime_level TEXT NOT NULL,
  install_json TEXT NOT NULL,
  dir TEXT NOT NULL,
  installed TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runner_jobs (
  id INTEGER PRIMARY KEY,
  app_id INTEGER NOT NULL REFERENCES runner_apps(id) ON DELETE CASCADE,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  params TEXT NOT NULL DEFAULT '{}',
  schedule TEXT,
  enabled INTEGER NOT NULL DEFAULT 1,
  user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
  timeout_seconds INTEGER NOT NULL DEFAULT 3600,
  results TEXT NOT NULL DEFAULT '{}',
  skipped_overlaps INTEGER NOT NULL DEFAULT 0,
  created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runner_runs (
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL REFERENCES runner_jobs(id) ON DELETE CASCADE,
  trigger TEXT NOT NULL,
  status TEXT NOT NULL,
  exit_code INTEGER,
  message TEXT,
  started TEXT NOT NULL,
  finished TEXT,
  duration_ms INTEGER,
  log TEXT,
  results TEXT,
  -- the process group of the running app, ended at restart if a platform that died left it behind
  pgid INTEGER
);
CREATE INDEX IF NOT EXISTS runner_runs_job ON runner_runs(job_id, id);
`,
  migrate(db) {
    addColumn(db, 'runner_runs', 'pgid', 'INTEGER');
  },
};
