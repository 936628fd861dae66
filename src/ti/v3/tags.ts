import type { TcClient } from '../../client/client.js';
import type { Logger } from '../../core/logger.js';
import type { V3TagCreateInput, V3TagFieldMap, V3TagItem, V3TagUpdateInput } from './generated/tag.js';
import { V3Collection } from './collection.js';

// the item, field-map and input types are generated from src/model/schema/tag.ts (src/ti/v3/generated/tag.ts)
export type { V3TagFieldMap, V3TagItem } from './generated/tag.js';
export type V3TagCreate = V3TagCreateInput;
export type V3TagUpdate = V3TagUpdateInput;

/** `/v3/tags`: list with TQL (`techniqueId startswith "T08"`), get by id, create, rename/describe, delete. */
export type V3Tags = V3Collection<V3TagItem, V3TagFieldMap, V3TagCreate, V3TagUpdate>;

export const v3Tags = (client: TcClient, log: Logger): V3Tags => new V3Collection(client, log, '/v3/tags');
