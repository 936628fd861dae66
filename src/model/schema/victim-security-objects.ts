/**
 * The schema entries of the victim family and the security objects, gathered until the registry (`index.ts`)
 * lists them beside the others.
 */
export { VICTIM } from './victim.js';
export { VICTIM_ASSET, VICTIM_ASSET_TYPE_FIELDS, type VictimAssetTypeName } from './victim-asset.js';
export { VICTIM_ATTRIBUTE } from './victim-attribute.js';
export { OWNER, OWNER_PERMISSIONS } from './owner.js';
export { USER } from './user.js';
export { USER_GROUP } from './user-group.js';
export { OWNER_ROLE } from './owner-role.js';
export { SYSTEM_ROLE } from './system-role.js';
export { EXCLUSION_LIST } from './exclusion-list.js';
