import type { PlatformContext } from '../context.js';
import type { Router } from '../http/router.js';
import { json } from '../http/respond.js';

/**
 * Token renewal as the platform offers it to running apps: no auth header, the expired token is the credential,
 * accepted only within the renewal grace period after it expired and only while its run goes on.
 */
export function register(router: Router, ctx: PlatformContext): void {
  router.get(
    '/appAuth',
    (req) => {
      const expired = req.query.get('expiredToken');
      const renewed = expired ? ctx.tokens.renew(expired, ctx.settings.tokenTtlSeconds, ctx.settings.tokenRenewGraceSeconds) : undefined;
      if (!renewed) return json({ success: false, message: 'Retry token is invalid' }, 401);
      return json({ success: true, apiToken: renewed.token, apiTokenExpires: String(renewed.expires) });
    },
    { auth: 'none' },
  );
}
