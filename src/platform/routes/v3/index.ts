import type { PlatformContext } from '../../context.js';
import type { Router } from '../../http/router.js';
import { ATTRIBUTE_TYPE_ITEMS } from './attribute-types.js';
import { NESTED_GROUPS, NESTED_INDICATORS, withNested } from './nested.js';
import { registerGroupFiles } from './groups.js';
import { registerDeletedIndicators } from './indicators.js';
import { GROUP_ATTRIBUTE_ITEMS, INDICATOR_ATTRIBUTE_ITEMS } from './item-attributes.js';
import { registerV3Items } from './routes.js';
import { SECURITY_LABEL_ITEMS } from './security-labels.js';
import { TAG_ITEMS } from './tags.js';
import { registerSecurity } from './security.js';
import { VICTIM_ASSET_ITEMS, VICTIM_ATTRIBUTE_ITEMS, VICTIM_ITEMS } from './victims.js';

/**
 * The v3 families: `/v3/indicators` and `/v3/groups` with TQL, `fields`, next-link paging and nested writes; the
 * metadata families `/v3/tags` (with the ATT&CK catalogue), `/v3/securityLabels`, `/v3/attributeTypes`,
 * `/v3/indicatorAttributes`, `/v3/groupAttributes`.
 */
export function register(router: Router, ctx: PlatformContext): void {
  registerDeletedIndicators(router, ctx);
  registerV3Items(router, ctx, NESTED_INDICATORS);
  registerV3Items(router, ctx, NESTED_GROUPS);
  registerGroupFiles(router, ctx);
  registerV3Items(router, ctx, TAG_ITEMS);
  registerV3Items(router, ctx, SECURITY_LABEL_ITEMS);
  registerV3Items(router, ctx, ATTRIBUTE_TYPE_ITEMS);
  registerV3Items(router, ctx, INDICATOR_ATTRIBUTE_ITEMS);
  registerV3Items(router, ctx, GROUP_ATTRIBUTE_ITEMS);
  registerV3Items(router, ctx, withNested(VICTIM_ITEMS, 'victim'));
  registerV3Items(router, ctx, VICTIM_ASSET_ITEMS);
  registerV3Items(router, ctx, VICTIM_ATTRIBUTE_ITEMS);
  registerSecurity(router);
}
