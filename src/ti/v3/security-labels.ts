import type { TcClient } from '../../client/client.js';
import type { Logger } from '../../core/logger.js';
import type { V3SecurityLabelCreateInput, V3SecurityLabelFieldMap, V3SecurityLabelItem, V3SecurityLabelUpdateInput } from './generated/security-label.js';
import { V3Collection } from './collection.js';

// generated from src/model/schema/security-label.ts (src/ti/v3/generated/security-label.ts)
export type { V3SecurityLabelFieldMap, V3SecurityLabelItem } from './generated/security-label.js';
export type V3SecurityLabelCreate = V3SecurityLabelCreateInput;
export type V3SecurityLabelUpdate = V3SecurityLabelUpdateInput;

/** `/v3/securityLabels`: shared by every owner; writes need an administrator. */
export type V3SecurityLabels = V3Collection<V3SecurityLabelItem, V3SecurityLabelFieldMap, V3SecurityLabelCreate, V3SecurityLabelUpdate>;

export const v3SecurityLabels = (client: TcClient, log: Logger): V3SecurityLabels => new V3Collection(client, log, '/v3/securityLabels');
