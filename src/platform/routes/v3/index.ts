import type { PlatformContext } from '../../context.js';
import type { Router } from '../../http/router.js';
import { NESTED_GROUPS, NESTED_INDICATORS } from './nested.js';
import { registerV3Items } from './routes.js';

/** The v3 essentials: `/v3/indicators` and `/v3/groups` with TQL, `fields`, next-link paging and nested writes. */
export function register(router: Router, ctx: PlatformContext): void {
  registerV3Items(router, ctx, NESTED_INDICATORS);
  registerV3Items(router, ctx, NESTED_GROUPS);
}
