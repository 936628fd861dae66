import type { PlatformContext } from '../context.js';
import { authenticate } from '../auth/authenticate.js';
import { ApiFailure, MESSAGES } from '../http/errors.js';
import { ok } from '../http/respond.js';
import type { Router } from '../http/router.js';
import { adminKeyMatches } from '../security/admin-key.js';

const TOKEN_TYPES = new Set(['api', 'svc']);

/**
 * `POST /internal/token/{type}`: what ThreatConnect's own test harnesses call for a token (TcEx's mock app reads
 * `data` of the answer). Here it needs the admin key (`Authorization: Bearer ...`, answered for the default user)
 * or a user's own ThreatConnect auth (answered for that user); `api` and `svc` (a service app's token, the
 * `serviceId` in the body is not checked) are the types known. Which users the real endpoint serves is a guess.
 */
export function register(router: Router, ctx: PlatformContext): void {
  router.post(
    '/internal/token/:type',
    (req) => {
      const type = req.params.type.toLowerCase();
      const user = adminKeyMatches(ctx.adminKey, req.header('authorization'))
        ? ctx.directory.defaultUser()
        : authenticate(ctx, req.method, req.rawTarget, req.raw.headers);
      if (!user) throw new ApiFailure(401, MESSAGES.unauthorized);
      if (!TOKEN_TYPES.has(type)) throw new ApiFailure(404, `${MESSAGES.notFound}: token type ${JSON.stringify(req.params.type)} (known: api, svc)`);
      return ok(ctx.tokens.issue(user.id, ctx.settings.tokenTtlSeconds).token);
    },
    { auth: 'none' },
  );
}
