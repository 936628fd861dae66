import type { TcClient } from '../../client/client.js';
import type { Logger } from '../../core/logger.js';
import type { securityLabelSchema } from '../../model/schema/security-label.js';
import { V3Collection } from './collection.js';
import type { SchemaCreate, SchemaFieldMap, SchemaItem, SchemaUpdate } from './schema-types.js';

export type V3SecurityLabelItem = SchemaItem<typeof securityLabelSchema>;
export type V3SecurityLabelFieldMap = SchemaFieldMap<typeof securityLabelSchema>;
export type V3SecurityLabelCreate = SchemaCreate<typeof securityLabelSchema>;
export type V3SecurityLabelUpdate = SchemaUpdate<typeof securityLabelSchema>;

/** `/v3/securityLabels`: shared by every owner; writes need an administrator. */
export type V3SecurityLabels = V3Collection<V3SecurityLabelItem, V3SecurityLabelFieldMap, V3SecurityLabelCreate, V3SecurityLabelUpdate>;

export const v3SecurityLabels = (client: TcClient, log: Logger): V3SecurityLabels => new V3Collection(client, log, '/v3/securityLabels');
