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
export type * from './types.js';

export const TI_SERVICE = 'ti';

/**
 * The platform's TI store, created on first use and registered as `ctx.services.get('ti')`. Any route family,
 * hook or service may call this, in any order.
 */
export function tiStore(ctx: PlatformContext): TiStore {
  const existing = ctx.services.get(TI_SERVICE) as TiStore | undefined;
  if (existing) return existing;
  const store = new TiStore(ctx.db, { filesDir: ctx.settings.filesDir, clock: () => ctx.now() });
  ctx.services.set(TI_SERVICE, store);
  ctx.onReset(() => {
    store.afterReset();
    // document files of the wiped groups
    if (ctx.settings.filesDir) rmSync(join(ctx.settings.filesDir, 'groups'), { recursive: true, force: true });
  });
  return store;
}
