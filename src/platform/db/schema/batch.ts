import type { SchemaModule } from './index.js';

/**
 * Batch jobs. A job's uploaded data is not here: it waits in the batch engine's upload store (src/platform/batch/
 * uploads.ts: a file in the data folder, or memory) until its job completes. `progress` is the number of steps
 * (groups, then indicators, then associations) already committed: it moves in the same transaction as the writes
 * of those steps, so a job interrupted by a restart resumes exactly where it stopped and no step runs twice.
 */
export const batchSchema: SchemaModule = {
  name: 'batch',
  sql: `
CREATE TABLE IF NOT EXISTS batch_jobs (
  id INTEGER PRIMARY KEY,
  owner_id INTEGER NOT NULL REFERENCES owners(id) ON DELETE CASCADE,
  user_id INTEGER,
  config TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('Created','Queued','Running','Completed')),
  created TEXT NOT NULL,
  queued TEXT,
  started TEXT,
  completed TEXT,
  progress INTEGER NOT NULL DEFAULT 0,
  counts TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS batch_jobs_status ON batch_jobs (status, id);

CREATE TABLE IF NOT EXISTS batch_errors (
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL REFERENCES batch_jobs(id) ON DELETE CASCADE,
  error TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS batch_errors_job ON batch_errors (job_id, id);
`,
};
