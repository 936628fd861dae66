import type { TcClient } from '../../client/client.js';
import type { Logger } from '../../core/logger.js';
import type { tagSchema } from '../../model/schema/tag.js';
import { V3Collection } from './collection.js';
import type { SchemaCreate, SchemaFieldMap, SchemaItem, SchemaUpdate } from './schema-types.js';

/** A v3 tag; ATT&CK technique tags also carry `techniqueId` and `tactics`. */
export type V3TagItem = SchemaItem<typeof tagSchema>;
export type V3TagFieldMap = SchemaFieldMap<typeof tagSchema>;
export type V3TagCreate = SchemaCreate<typeof tagSchema>;
export type V3TagUpdate = SchemaUpdate<typeof tagSchema>;

/** `/v3/tags`: list with TQL (`techniqueId startswith "T08"`), get by id, create, rename/describe, delete. */
export type V3Tags = V3Collection<V3TagItem, V3TagFieldMap, V3TagCreate, V3TagUpdate>;

export const v3Tags = (client: TcClient, log: Logger): V3Tags => new V3Collection(client, log, '/v3/tags');
