import type { PlatformContext } from '../context.js';
import { ApiFailure, MESSAGES } from '../http/errors.js';
import type { Router } from '../http/router.js';
import { list, ok } from '../http/respond.js';
import { pageParams } from '../http/paging.js';
import { ownerMetrics } from './owner-metrics.js';
import type { PlatformRequest } from '../http/request.js';

/** Owners the caller belongs to; others do not exist as far as the caller can tell. */
function visibleOwners(req: PlatformRequest) {
  return req.ctx.directory.memberships(req.user!.id).map((m) => m.owner);
}

export function register(router: Router, _ctx: PlatformContext): void {
  router.get('/v2/owners', (req) => {
    const owners = visibleOwners(req);
    const { start, limit } = pageParams(req);
    return list('owner', owners.slice(start, start + limit), owners.length, start);
  });

  router.get('/v2/owners/mine', (req) => {
    const owner = req.owner(null);
    return ok({ resultCount: 1, owner });
  });

  // Members of the caller's organization, or of the owner named by `owner=` if the caller belongs to it.
  router.get('/v2/owners/mine/members', (req) => {
    const owner = req.owner();
    const users = req.ctx.directory.membersOf(owner.id).map((u) => ({
      userName: u.userName,
      firstName: u.firstName,
      lastName: u.lastName,
      ...(u.pseudonym ? { pseudonym: u.pseudonym } : {}),
    }));
    return ok({ user: users });
  });

  // Metrics of every owner the caller belongs to, summed; or of one owner.
  router.get('/v2/owners/metrics', (req) => {
    const rows = ownerMetrics(req.ctx.db, visibleOwners(req).map((o) => o.id), new Date(req.ctx.now()));
    const { start, limit } = pageParams(req);
    return list('ownerMetric', rows.slice(start, start + limit), rows.length, start);
  });

  router.get('/v2/owners/:id/metrics', (req) => {
    const id = Number(req.params.id);
    const owner = visibleOwners(req).find((o) => o.id === id);
    if (!owner) throw new ApiFailure(403, MESSAGES.ownerNotFound);
    const rows = ownerMetrics(req.ctx.db, [owner.id], new Date(req.ctx.now()));
    const { start, limit } = pageParams(req);
    return list('ownerMetric', rows.slice(start, start + limit), rows.length, start);
  });

  router.get('/v2/owners/:id', (req) => {
    const id = Number(req.params.id);
    if (!Number.isInteger(id)) throw new ApiFailure(404, MESSAGES.notFound);
    const owner = visibleOwners(req).find((o) => o.id === id);
    if (!owner) throw new ApiFailure(403, MESSAGES.ownerNotFound);
    return ok({ resultCount: 1, owner });
  });

  router.get('/v2/whoami', (req) => {
    const u = req.user!;
    return ok({
      user: {
        userName: u.userName,
        firstName: u.firstName,
        lastName: u.lastName,
        ...(u.pseudonym ? { pseudonym: u.pseudonym } : {}),
        role: u.role,
      },
    });
  });
}
