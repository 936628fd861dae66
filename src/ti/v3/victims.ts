import type { TcClient } from '../../client/client.js';
import type { Logger } from '../../core/logger.js';
import type { VICTIM, VICTIM_ASSET, VICTIM_ATTRIBUTE } from '../../model/schema/victim-security-objects.js';
import { V3Collection } from './collection.js';
import type { SchemaCreate, SchemaFieldMap, SchemaItem, SchemaUpdate } from './schema-types.js';

/** `/v3/victims`: victims with nested assets, attributes, tags, security labels and associated groups. */
export type V3Victim = SchemaItem<typeof VICTIM>;
export type V3VictimFieldMap = SchemaFieldMap<typeof VICTIM>;
export type V3VictimCreate = SchemaCreate<typeof VICTIM>;
export type V3VictimUpdate = SchemaUpdate<typeof VICTIM>;

/** `/v3/victimAssets`: one asset of a victim; its value fields depend on `type`. */
export type V3VictimAsset = SchemaItem<typeof VICTIM_ASSET>;
export type V3VictimAssetFieldMap = SchemaFieldMap<typeof VICTIM_ASSET>;
export type V3VictimAssetCreate = SchemaCreate<typeof VICTIM_ASSET>;
export type V3VictimAssetUpdate = SchemaUpdate<typeof VICTIM_ASSET>;

/** `/v3/victimAttributes`: one attribute of a victim. */
export type V3VictimAttribute = SchemaItem<typeof VICTIM_ATTRIBUTE>;
export type V3VictimAttributeFieldMap = SchemaFieldMap<typeof VICTIM_ATTRIBUTE>;
export type V3VictimAttributeCreate = SchemaCreate<typeof VICTIM_ATTRIBUTE>;
export type V3VictimAttributeUpdate = SchemaUpdate<typeof VICTIM_ATTRIBUTE>;

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
