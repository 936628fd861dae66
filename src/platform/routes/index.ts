import type { PlatformContext } from '../context.js';
import type { Router } from '../http/router.js';
import { register as owners } from './owners.js';
import { register as appAuth } from './app-auth.js';

// Route families of the ThreatConnect API; each file exports register(router, context). Add new families here.
export const routeFamilies: Array<(router: Router, ctx: PlatformContext) => void> = [owners, appAuth];
