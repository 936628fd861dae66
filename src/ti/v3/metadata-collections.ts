import type { TcClient } from '../../client/client.js';
import type { Logger } from '../../core/logger.js';
import { AttackTags } from './attack-tags.js';
import { v3AttributeTypes, type V3AttributeTypes } from './attribute-types.js';
import { v3GroupAttributes, v3IndicatorAttributes, type V3GroupAttributes, type V3IndicatorAttributes } from './attributes.js';
import { v3SecurityLabels, type V3SecurityLabels } from './security-labels.js';
import { v3Tags, type V3Tags } from './tags.js';

/** The v3 metadata collections on `ti.v3`. */
export interface V3MetadataCollections {
  tags: V3Tags;
  /** ATT&CK technique lookups over `tags` (by id, by name, in a text) */
  attackTags: AttackTags;
  securityLabels: V3SecurityLabels;
  attributeTypes: V3AttributeTypes;
  indicatorAttributes: V3IndicatorAttributes;
  groupAttributes: V3GroupAttributes;
}

export function v3MetadataCollections(client: TcClient, log: Logger): V3MetadataCollections {
  const tags = v3Tags(client, log);
  return {
    tags,
    attackTags: new AttackTags(tags),
    securityLabels: v3SecurityLabels(client, log),
    attributeTypes: v3AttributeTypes(client, log),
    indicatorAttributes: v3IndicatorAttributes(client, log),
    groupAttributes: v3GroupAttributes(client, log),
  };
}
