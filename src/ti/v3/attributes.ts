import type { TcClient } from '../../client/client.js';
import type { Logger } from '../../core/logger.js';
import type { groupAttributeSchema } from '../../model/schema/group-attribute.js';
import type { indicatorAttributeSchema } from '../../model/schema/indicator-attribute.js';
import { V3Collection } from './collection.js';
import type { SchemaCreate, SchemaFieldMap, SchemaItem, SchemaUpdate } from './schema-types.js';

export type V3IndicatorAttributeItem = SchemaItem<typeof indicatorAttributeSchema>;
export type V3IndicatorAttributeFieldMap = SchemaFieldMap<typeof indicatorAttributeSchema>;
export type V3IndicatorAttributeCreate = SchemaCreate<typeof indicatorAttributeSchema>;
export type V3IndicatorAttributeUpdate = SchemaUpdate<typeof indicatorAttributeSchema>;

export type V3GroupAttributeItem = SchemaItem<typeof groupAttributeSchema>;
export type V3GroupAttributeFieldMap = SchemaFieldMap<typeof groupAttributeSchema>;
export type V3GroupAttributeCreate = SchemaCreate<typeof groupAttributeSchema>;
export type V3GroupAttributeUpdate = SchemaUpdate<typeof groupAttributeSchema>;

/** `/v3/indicatorAttributes`: attributes of indicators, addressed on their own (create names `indicatorId`). */
export type V3IndicatorAttributes = V3Collection<V3IndicatorAttributeItem, V3IndicatorAttributeFieldMap, V3IndicatorAttributeCreate, V3IndicatorAttributeUpdate>;
/** `/v3/groupAttributes`: attributes of groups, addressed on their own (create names `groupId`). */
export type V3GroupAttributes = V3Collection<V3GroupAttributeItem, V3GroupAttributeFieldMap, V3GroupAttributeCreate, V3GroupAttributeUpdate>;

export const v3IndicatorAttributes = (client: TcClient, log: Logger): V3IndicatorAttributes => new V3Collection(client, log, '/v3/indicatorAttributes');
export const v3GroupAttributes = (client: TcClient, log: Logger): V3GroupAttributes => new V3Collection(client, log, '/v3/groupAttributes');
