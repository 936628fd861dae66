/**
 * The victim and security schema entries gathered in one import for the platform's v3 routes (`routes/v3/victims.ts`,
 * `security.ts`), which still import them from here; everything else reads the registry (`index.ts`) or the object's
 * own file. Remove it once those routes import the objects' files.
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
