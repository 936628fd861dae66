import type { PlatformContext } from '../../context.js';
import type { Router } from '../../http/router.js';
import { GROUP_ITEMS, registerGroupFiles } from './groups.js';
import { INDICATOR_ITEMS, registerDeletedIndicators } from './indicators.js';
import { registerV3Items } from './routes.js';

/** The v3 essentials: `/v3/indicators` and `/v3/groups` with TQL, `fields`, next-link paging and nested writes. */
export function register(router: Router, ctx: PlatformContext): void {
  registerDeletedIndicators(router, ctx);
  registerV3Items(router, ctx, INDICATOR_ITEMS);
  registerV3Items(router, ctx, GROUP_ITEMS);
  registerGroupFiles(router, ctx);
}
