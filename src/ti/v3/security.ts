import type { TcClient } from '../../client/client.js';
import type { Logger } from '../../core/logger.js';
import type { EXCLUSION_LIST, OWNER, OWNER_ROLE, SYSTEM_ROLE, USER, USER_GROUP } from '../../model/schema/victim-security-objects.js';
import { V3Collection } from './collection.js';
import type { SchemaCreate, SchemaFieldMap, SchemaItem, SchemaUpdate } from './schema-types.js';

/** `/v3/security/*` items; all but exclusion lists are read-only (`create`/`update`/`delete` answer an error). */
export type V3Owner = SchemaItem<typeof OWNER>;
export type V3User = SchemaItem<typeof USER>;
export type V3UserGroup = SchemaItem<typeof USER_GROUP>;
export type V3UserGroupFieldMap = SchemaFieldMap<typeof USER_GROUP>;
export type V3OwnerRole = SchemaItem<typeof OWNER_ROLE>;
export type V3SystemRole = SchemaItem<typeof SYSTEM_ROLE>;
export type V3ExclusionList = SchemaItem<typeof EXCLUSION_LIST>;
export type V3ExclusionListCreate = SchemaCreate<typeof EXCLUSION_LIST>;
export type V3ExclusionListUpdate = SchemaUpdate<typeof EXCLUSION_LIST>;

/** Read-only collections: no create or update body. */
type ReadOnly<Item, FieldMap = Record<never, never>> = V3Collection<Item, FieldMap, never, never>;

export function securityCollections(client: TcClient, log: Logger) {
  return {
    owners: new V3Collection(client, log, '/v3/security/owners') as ReadOnly<V3Owner>,
    users: new V3Collection(client, log, '/v3/security/users') as ReadOnly<V3User>,
    userGroups: new V3Collection(client, log, '/v3/security/userGroups') as ReadOnly<V3UserGroup, V3UserGroupFieldMap>,
    ownerRoles: new V3Collection(client, log, '/v3/security/ownerRoles') as ReadOnly<V3OwnerRole>,
    systemRoles: new V3Collection(client, log, '/v3/security/systemRoles') as ReadOnly<V3SystemRole>,
    exclusionLists: new V3Collection<V3ExclusionList, Record<never, never>, V3ExclusionListCreate, V3ExclusionListUpdate>(
      client,
      log,
      '/v3/security/exclusionLists',
    ),
  };
}
