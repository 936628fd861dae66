import type { TcClient } from '../../client/client.js';
import type { Logger } from '../../core/logger.js';
import type { V3ExclusionListCreateInput, V3ExclusionListFieldMap, V3ExclusionListItem, V3ExclusionListUpdateInput } from './generated/exclusion-list.js';
import type { V3OwnerFieldMap, V3OwnerItem } from './generated/owner.js';
import type { V3OwnerRoleFieldMap, V3OwnerRoleItem } from './generated/owner-role.js';
import type { V3SystemRoleFieldMap, V3SystemRoleItem } from './generated/system-role.js';
import type { V3UserFieldMap, V3UserItem } from './generated/user.js';
import type { V3UserGroupFieldMap, V3UserGroupItem } from './generated/user-group.js';
import { V3Collection } from './collection.js';

// the types are generated from src/model/schema (src/ti/v3/generated); the short names stay as aliases
export type { V3UserGroupFieldMap } from './generated/user-group.js';

/** `/v3/security/*` items; all but exclusion lists are read-only (`create`/`update`/`delete` answer an error). */
export type V3Owner = V3OwnerItem;
export type V3User = V3UserItem;
export type V3UserGroup = V3UserGroupItem;
export type V3OwnerRole = V3OwnerRoleItem;
export type V3SystemRole = V3SystemRoleItem;
export type V3ExclusionList = V3ExclusionListItem;
export type V3ExclusionListCreate = V3ExclusionListCreateInput;
export type V3ExclusionListUpdate = V3ExclusionListUpdateInput;

/** Read-only collections: no create or update body. */
type ReadOnly<Item, FieldMap> = V3Collection<Item, FieldMap, never, never>;

export function securityCollections(client: TcClient, log: Logger) {
  return {
    owners: new V3Collection(client, log, '/v3/security/owners') as ReadOnly<V3Owner, V3OwnerFieldMap>,
    users: new V3Collection(client, log, '/v3/security/users') as ReadOnly<V3User, V3UserFieldMap>,
    userGroups: new V3Collection(client, log, '/v3/security/userGroups') as ReadOnly<V3UserGroup, V3UserGroupFieldMap>,
    ownerRoles: new V3Collection(client, log, '/v3/security/ownerRoles') as ReadOnly<V3OwnerRole, V3OwnerRoleFieldMap>,
    systemRoles: new V3Collection(client, log, '/v3/security/systemRoles') as ReadOnly<V3SystemRole, V3SystemRoleFieldMap>,
    exclusionLists: new V3Collection<V3ExclusionList, V3ExclusionListFieldMap, V3ExclusionListCreate, V3ExclusionListUpdate>(
      client,
      log,
      '/v3/security/exclusionLists',
    ),
  };
}
