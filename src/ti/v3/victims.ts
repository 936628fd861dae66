import type { TcClient } from '../../client/client.js';
import type { Logger } from '../../core/logger.js';
import type { V3VictimCreateInput, V3VictimFieldMap, V3VictimItem, V3VictimUpdateInput } from './generated/victim.js';
import type { V3VictimAssetCreateInput, V3VictimAssetFieldMap, V3VictimAssetItem, V3VictimAssetUpdateInput } from './generated/victim-asset.js';
import type {
  V3VictimAttributeCreateInput,
  V3VictimAttributeFieldMap,
  V3VictimAttributeItem,
  V3VictimAttributeUpdateInput,
} from './generated/victim-attribute.js';
import { V3Collection } from './collection.js';

// the types are generated from src/model/schema/victim*.ts (src/ti/v3/generated); the short names stay as aliases
export type { V3VictimFieldMap } from './generated/victim.js';
export type { V3VictimAssetFieldMap } from './generated/victim-asset.js';
export type { V3VictimAttributeFieldMap } from './generated/victim-attribute.js';

/** `/v3/victims`: victims with nested assets, attributes, tags, security labels and associated groups. */
export type V3Victim = V3VictimItem;
export type V3VictimCreate = V3VictimCreateInput;
export type V3VictimUpdate = V3VictimUpdateInput;

/** `/v3/victimAssets`: one asset of a victim; its value fields depend on `type`. */
export type V3VictimAsset = V3VictimAssetItem;
export type V3VictimAssetCreate = V3VictimAssetCreateInput;
export type V3VictimAssetUpdate = V3VictimAssetUpdateInput;

/** `/v3/victimAttributes`: one attribute of a victim. */
export type V3VictimAttribute = V3VictimAttributeItem;
export type V3VictimAttributeCreate = V3VictimAttributeCreateInput;
export type V3VictimAttributeUpdate = V3VictimAttributeUpdateInput;

export function victimCollections(client: TcClient, log: Logger) {
  return {
    victims: new V3Collection<V3Victim, V3VictimFieldMap, V3VictimCreate, V3VictimUpdate>(client, log, '/v3/victims'),
    victimAssets: new V3Collection<V3VictimAsset, V3VictimAssetFieldMap, V3VictimAssetCreate, V3VictimAssetUpdate>(client, log, '/v3/victimAssets'),
    victimAttributes: new V3Collection<V3VictimAttribute, V3VictimAttributeFieldMap, V3VictimAttributeCreate, V3VictimAttributeUpdate>(
      client,
      log,
      '/v3/victimAttributes',
    ),
  };
}
