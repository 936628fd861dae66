import type { TcClient } from '../../client/client.js';
import type { Logger } from '../../core/logger.js';
import type { attributeTypeSchema } from '../../model/schema/attribute-type.js';
import { V3Collection } from './collection.js';
import type { SchemaFieldMap, SchemaItem } from './schema-types.js';

export type V3AttributeTypeItem = SchemaItem<typeof attributeTypeSchema>;
export type V3AttributeTypeFieldMap = SchemaFieldMap<typeof attributeTypeSchema>;

/** `/v3/attributeTypes`: read-only; the write methods take `never` so a call does not compile. */
export type V3AttributeTypes = V3Collection<V3AttributeTypeItem, V3AttributeTypeFieldMap, never, never>;

export const v3AttributeTypes = (client: TcClient, log: Logger): V3AttributeTypes => new V3Collection(client, log, '/v3/attributeTypes');
