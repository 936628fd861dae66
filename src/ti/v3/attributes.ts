import type { TcClient } from '../../client/client.js';
import type { Logger } from '../../core/logger.js';
import type { V3GroupAttributeCreateInput, V3GroupAttributeFieldMap, V3GroupAttributeItem, V3GroupAttributeUpdateInput } from './generated/group-attribute.js';
import type {
  V3IndicatorAttributeCreateInput,
  V3IndicatorAttributeFieldMap,
  V3IndicatorAttributeItem,
  V3IndicatorAttributeUpdateInput,
} from './generated/indicator-attribute.js';
import { V3Collection } from './collection.js';

// generated from src/model/schema/indicator-attribute.ts and group-attribute.ts (src/ti/v3/generated)
export type { V3IndicatorAttributeFieldMap, V3IndicatorAttributeItem } from './generated/indicator-attribute.js';
export type { V3GroupAttributeFieldMap, V3GroupAttributeItem } from './generated/group-attribute.js';
export type V3IndicatorAttributeCreate = V3IndicatorAttributeCreateInput;
export type V3IndicatorAttributeUpdate = V3IndicatorAttributeUpdateInput;
export type V3GroupAttributeCreate = V3GroupAttributeCreateInput;
export type V3GroupAttributeUpdate = V3GroupAttributeUpdateInput;

/** `/v3/indicatorAttributes`: attributes of indicators, addressed on their own (create names `indicatorId`). */
export type V3IndicatorAttributes = V3Collection<V3IndicatorAttributeItem, V3IndicatorAttributeFieldMap, V3IndicatorAttributeCreate, V3IndicatorAttributeUpdate>;
/** `/v3/groupAttributes`: attributes of groups, addressed on their own (create names `groupId`). */
export type V3GroupAttributes = V3Collection<V3GroupAttributeItem, V3GroupAttributeFieldMap, V3GroupAttributeCreate, V3GroupAttributeUpdate>;

export const v3IndicatorAttributes = (client: TcClient, log: Logger): V3IndicatorAttributes => new V3Collection(client, log, '/v3/indicatorAttributes');
export const v3GroupAttributes = (client: TcClient, log: Logger): V3GroupAttributes => new V3Collection(client, log, '/v3/groupAttributes');
