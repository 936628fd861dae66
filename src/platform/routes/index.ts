import type { PlatformContext } from '../context.js';
import type { Router } from '../http/router.js';
import { register as owners } from './owners.js';
import { register as appAuth } from './app-auth.js';
import { register as tiV2 } from './v2/index.js';
import { register as tiV3 } from './v3/index.js';
import { register as batch } from './batch.js';
import { register as internalToken } from './internal-token.js';

// Route families of the ThreatConnect API; each file exports register(router, context). Add new families here.
export const routeFamilies: Array<(router: Router, ctx: PlatformContext) => void> = [owners, appAuth, tiV2, tiV3, batch, internalToken];
