import type { PlatformContext } from '../context.js';
import type { Router } from '../http/router.js';
import { register as core } from './routes.js';
import { register as runner } from './runner.js';
import { register as state } from './state.js';
import { register as console } from '../console/routes.js';

// Admin route families (under /_platform); each exports register(router, context). Add new families here.
export const adminFamilies: Array<(router: Router, ctx: PlatformContext) => void> = [core, runner, state, console];
