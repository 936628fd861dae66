import type { PlatformContext } from '../../context.js';
import type { Router } from '../../http/router.js';
import { GROUP_ITEMS } from './groups.js';
import { INDICATOR_ITEMS } from './indicators.js';
import { registerV3Items } from './routes.js';
import { registerSecurity } from './security.js';
import { VICTIM_ASSET_ITEMS, VICTIM_ATTRIBUTE_ITEMS, VICTIM_ITEMS } from './victims.js';

/** The v3 essentials: `/v3/indicators` and `/v3/groups` with TQL, `fields`, next-link paging and nested writes. */
export function register(router: Router, ctx: PlatformContext): void {
  registerV3Items(router, ctx, INDICATOR_ITEMS);
  registerV3Items(router, ctx, GROUP_ITEMS);
  registerV3Items(router, ctx, VICTIM_ITEMS);
  registerV3Items(router, ctx, VICTIM_ASSET_ITEMS);
  registerV3Items(router, ctx, VICTIM_ATTRIBUTE_ITEMS);
  registerSecurity(router);
}
