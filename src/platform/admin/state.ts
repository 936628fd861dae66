import type { PlatformContext } from '../context.js';
import { ApiFailure } from '../http/errors.js';
import type { Router } from '../http/router.js';
import { json } from '../http/respond.js';
import { resetDatabase, tryOnFreshDatabase } from '../seed.js';
import { TiInputError, tiStore } from '../store/index.js';
import { exportState, importState } from '../store/snapshot.js';

/**
 * `GET /_platform/state`: the whole state as JSON (no secrets). `POST /_platform/state`: seed from such a file,
 * merged into what exists, or with `?replace=true` after a reset (the default user keeps its credentials).
 * A bad file is refused whole with 400 naming the place (`indicators[3].rating: ...`).
 */
export function register(router: Router, ctx: PlatformContext): void {
  const open = { auth: 'none' as const };
  router.get('/state', () => json(exportState(ctx, tiStore(ctx))), open);
  router.post(
    '/state',
    async (req) => {
      const body = await req.json();
      const store = tiStore(ctx);
      try {
        if (req.flag('replace')) {
          // try the file on a fresh platform first and roll it back, so a bad file never wipes what is there
          // (checked against the current data instead, the very file that is loaded would clash with itself)
          try {
            tryOnFreshDatabase(ctx, () => {
              store.afterReset();
              importState(ctx, store, body, { writeFiles: false });
            });
          } finally {
            store.meta.dropCaches();
          }
          await resetDatabase(ctx);
        }
        const counts = importState(ctx, store, body);
        return json({ ok: true, ...counts }, 201);
      } catch (err) {
        if (err instanceof TiInputError) throw new ApiFailure(400, err.message, { error: err.message });
        throw err;
      }
    },
    open,
  );
}
