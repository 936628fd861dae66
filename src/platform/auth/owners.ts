import type { PlatformContext } from '../context.js';
import { ApiFailure, MESSAGES } from '../http/errors.js';
import type { OwnerAccess } from '../http/request.js';
import type { LinkWriter } from '../store/associations.js';
import type { Owner, User } from './users.js';

/**
 * Resolves an owner for a request. Unknown owners and owners the user does not belong to are both 403 with the
 * API's "owner not found" text; for an owner that exists the local platform adds that the user lacks access (see
 * MESSAGES.ownerNoAccess). A read-only membership refuses writes with 401.
 */
export function resolveOwner(ctx: PlatformContext, user: User | null, name: string | null | undefined, access: OwnerAccess): Owner {
  if (!user) throw new ApiFailure(401, MESSAGES.accessDenied);
  let owner: Owner | undefined;
  if (name === null || name === undefined || name === '') {
    owner = user.defaultOwnerId ? ctx.directory.ownerById(user.defaultOwnerId) : undefined;
    owner ??= ctx.directory.memberships(user.id).find((m) => m.owner.type === 'Organization')?.owner;
  } else {
    owner = ctx.directory.ownerByName(name);
  }
  if (!owner) throw new ApiFailure(403, MESSAGES.ownerNotFound);
  const membership = ctx.directory.membership(user.id, owner.id);
  if (!membership) throw new ApiFailure(403, MESSAGES.ownerNoAccess(owner.name));
  if (access.write && !membership.canWrite) {
    throw new ApiFailure(
      401,
      `The requested ${access.entity ?? 'item'} was not ${access.operation ?? 'saved'} - access was denied`,
    );
  }
  return owner;
}

/**
 * The user as a writer of links (the store's association rule): may write to the owners where their membership
 * can write. Memberships are read once, on first use.
 */
export function linkWriter(ctx: PlatformContext, user: User | null | undefined, crossOwner: boolean): LinkWriter {
  let writable: Set<number> | undefined;
  return {
    crossOwner,
    canWrite(ownerId) {
      if (!user) return false;
      writable ??= new Set(ctx.directory.memberships(user.id).filter((m) => m.canWrite).map((m) => m.owner.id));
      return writable.has(ownerId);
    },
  };
}
