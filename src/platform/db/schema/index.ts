import { coreSchema } from './core.js';

export interface SchemaModule {
  name: string;
  sql: string;
}

// Schema modules applied in order when a database opens; each part owns one file.
export const schemaModules: SchemaModule[] = [coreSchema];
