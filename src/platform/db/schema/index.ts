import type { Db } from '../index.js';
import { coreSchema } from './core.js';
import { tiSchema } from './ti.js';
import { runnerSchema } from './runner.js';
import { batchSchema } from './batch.js';

export interface SchemaModule {
  name: string;
  sql: string;
  /** brings a data file made by an older version up to `sql` (columns added since); runs after `sql` */
  migrate?: (db: Db) => void;
}

// Schema modules applied in order when a database opens; each part owns one file.
export const schemaModules: SchemaModule[] = [coreSchema, tiSchema, runnerSchema, batchSchema];
