import type { TcClient } from '../../client/client.js';
import type { Logger } from '../../core/logger.js';
import type { V3AttributeTypeFieldMap, V3AttributeTypeItem } from './generated/attribute-type.js';
import { V3Collection } from './collection.js';

// generated from src/model/schema/attribute-type.ts (src/ti/v3/generated/attribute-type.ts)
export type { V3AttributeTypeFieldMap, V3AttributeTypeItem } from './generated/attribute-type.js';

/** `/v3/attributeTypes`: read-only; the write methods take `never` so a call does not compile. */
export type V3AttributeTypes = V3Collection<V3AttributeTypeItem, V3AttributeTypeFieldMap, never, never>;

export const v3AttributeTypes = (client: TcClient, log: Logger): V3AttributeTypes => new V3Collection(client, log, '/v3/attributeTypes');
