import type { PlatformContext } from '../../context.js';
import type { Router } from '../../http/router.js';
import { tiStore } from '../../store/index.js';
import { register as indicators } from './indicators.js';
import { register as groups } from './groups.js';
import { register as tasks } from './tasks.js';
import { register as victims } from './victims.js';
import { register as metadata } from './metadata.js';
import { register as associations } from './associations.js';
import { register as pivots } from './pivots.js';
import { register as catalogues } from './catalogues.js';

/** The REST v2 threat-intelligence surface; creates the TI store so every other part can find it. */
export function register(router: Router, ctx: PlatformContext): void {
  tiStore(ctx);
  for (const family of [indicators, groups, tasks, victims, metadata, associations, pivots, catalogues]) family(router, ctx);
}
