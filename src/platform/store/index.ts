import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformContext } from '../context.js';
import { TiStore } from './store.js';

export { TiStore } from './store.js';
export { TiInputError } from './errors.js';
export { TASK_TYPE, groupTypeInfo, groupFieldNames } from './groups.js';
export { VICTIM_ASSET_TYPES, victimAssetType } from './victims.js';
export { INDICATOR_ASSOCIATION_TYPES, indicatorAssociationType, associationTypeKey } from './catalogue.js';
export { threatAssessScore, INDICATOR_PATCH_FIELDS } from './indicators.js';
export { TRUSTED_WRITER, DIFFERENT_OWNERS, type LinkWriter, type LinkAuthority } from './associations.js';
export { attackTags, attackTagById, type AttackTag } from './attack/catalogue.js';
export type { OwnedAttribute } from './attributes.js';
export type * from './types.js';

/**
 * The platform's TI store, created on first use and kept as `ctx.services.ti`. Any route family,
 * hook or service may call this, in any order.
 */
export function tiStore(ctx: PlatformContext): TiStore {
  if (ctx.services.ti) return ctx.services.ti;
  const store = new TiStore(ctx.db, { filesDir: ctx.settings.filesDir, clock: () => ctx.now() });
  ctx.services.ti = store;
  ctx.onReset(() => {
    store.afterReset();
    // document files of the wiped groups
    if (ctx.settings.filesDir) rmSync(join(ctx.settings.filesDir, 'groups'), { recursive: true, force: true });
  });
  return store;
}
