import { z } from 'zod';
import type { PlatformContext } from '../context.js';
import { ApiFailure } from '../http/errors.js';
import type { Router } from '../http/router.js';
import { json } from '../http/respond.js';
import type { PlatformRequest } from '../http/request.js';
import { resetDatabase } from '../seed.js';
import { DEFAULT_USER_ACCESS, type Owner } from '../auth/users.js';
import { PatternError } from './pattern.js';

/** Parses an admin body with zod, turning problems into a 400 that names each field. */
export async function parseBody<T extends z.ZodTypeAny>(req: PlatformRequest, schema: T): Promise<z.output<T>> {
  const result = schema.safeParse(await req.json());
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    throw new ApiFailure(400, problems, { error: problems });
  }
  return result.data;
}

const ownerSchema = z.object({
  name: z.string().min(1),
  type: z.enum(['Organization', 'Community', 'Source']).default('Organization'),
  /** the default API user's access to the new owner (write unless told otherwise, so a feed can write to it) */
  defaultUser: z.enum(DEFAULT_USER_ACCESS).default('write'),
});
const userSchema = z.object({
  userName: z.string().min(1).optional(),
  secretKey: z.string().min(8).optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  pseudonym: z.string().optional(),
  defaultOwner: z.string().optional(),
  owners: z.array(z.object({ name: z.string(), role: z.string().default('Standard User') })).default([]),
});
const userGroupSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  /** member user names */
  users: z.array(z.string()).default([]),
});
const userPatchSchema = z
  .object({
    secretKey: z.string().min(8),
    firstName: z.string(),
    lastName: z.string(),
    pseudonym: z.string(),
    defaultOwner: z.string(),
    disabled: z.boolean(),
    owners: z.array(z.object({ name: z.string(), role: z.string().default('Standard User') })),
  })
  .partial()
  .strict();
const tokenSchema = z.object({ userName: z.string().optional(), ttlSeconds: z.number().int().min(1).optional() });

/** An admin failure: `{error}` with the status. */
export const adminFailure = (status: number, message: string): ApiFailure => new ApiFailure(status, message, { error: message });

function ownerNamed(ctx: PlatformContext, name: string, field: string): Owner {
  const owner = ctx.directory.ownerByName(name);
  if (!owner) throw adminFailure(400, `${field}: unknown owner ${JSON.stringify(name)}`);
  return owner;
}

function ownersNamed(ctx: PlatformContext, owners: Array<{ name: string; role: string }>): Array<{ owner: Owner; role: string }> {
  return owners.map((o) => ({ owner: ownerNamed(ctx, o.name, 'owners'), role: o.role }));
}

/** Who may use an owner, with their role and whether they may write (no secrets). */
function ownerMembers(ctx: PlatformContext, ownerId: number): Array<{ userName: string; role: string; canWrite: boolean }> {
  return ctx.directory.membersOf(ownerId).map((u) => {
    const m = ctx.directory.membership(u.id, ownerId)!;
    return { userName: u.userName, role: m.role, canWrite: m.canWrite };
  });
}

export function register(router: Router, ctx: PlatformContext): void {
  const open = { auth: 'none' as const };
  router.get('/health', () => json({ ok: true }), open);

  router.post(
    '/reset',
    async () => {
      await resetDatabase(ctx);
      return json({ ok: true });
    },
    open,
  );

  router.get('/owners', () => json({ owners: ctx.directory.owners().map((o) => ({ ...o, members: ownerMembers(ctx, o.id) })) }), open);
  router.post(
    '/owners',
    async (req) => {
      const body = await parseBody(req, ownerSchema);
      const existing = ctx.directory.ownerByName(body.name);
      if (existing && existing.type !== body.type) {
        const error = `type: owner ${JSON.stringify(body.name)} exists as a ${existing.type}, not a ${body.type}`;
        throw new ApiFailure(409, error, { error });
      }
      const owner = ctx.directory.createOwner(body.name, body.type);
      ctx.directory.joinDefaultUser(owner, body.defaultUser);
      return json({ ...owner, members: ownerMembers(ctx, owner.id) }, existing ? 200 : 201);
    },
    open,
  );

  router.get(
    '/users',
    () => json({ users: ctx.directory.users().map(({ secretKey: _s, ...u }) => ({ ...u, owners: ctx.directory.memberships(u.id) })) }),
    open,
  );
  router.post(
    '/users',
    async (req) => {
      const body = await parseBody(req, userSchema);
      // re-posting would silently rotate the secret that was printed and handed out: changing is PATCH's job
      if (body.userName && ctx.directory.userByName(body.userName)) {
        throw adminFailure(409, `userName: user ${JSON.stringify(body.userName)} already exists; change it with PATCH /_platform/users/${encodeURIComponent(body.userName)}`);
      }
      const memberships = ownersNamed(ctx, body.owners);
      const defaultOwner = body.defaultOwner ? ownerNamed(ctx, body.defaultOwner, 'defaultOwner') : memberships.find((o) => o.owner.type === 'Organization')?.owner;
      const user = ctx.directory.createUser({ ...body, defaultOwnerId: defaultOwner?.id });
      for (const { owner, role } of memberships) ctx.directory.setMembership(user.id, owner.id, role);
      // the secret is returned once, to the admin who created the user
      return json({ ...user, owners: ctx.directory.memberships(user.id) }, 201);
    },
    open,
  );
  router.patch(
    '/users/:name',
    async (req) => {
      const body = await parseBody(req, userPatchSchema);
      const user = ctx.directory.userByName(req.params.name);
      if (!user) throw adminFailure(404, `user ${JSON.stringify(req.params.name)} not found`);
      const memberships = body.owners ? ownersNamed(ctx, body.owners) : [];
      const defaultOwner = body.defaultOwner === undefined ? undefined : ownerNamed(ctx, body.defaultOwner, 'defaultOwner');
      ctx.db.transaction(() => {
        ctx.directory.updateUser(user.id, { ...body, defaultOwnerId: defaultOwner?.id });
        for (const { owner, role } of memberships) ctx.directory.setMembership(user.id, owner.id, role);
      })();
      const { secretKey: _s, ...changed } = ctx.directory.userById(user.id) as typeof user;
      return json({ ...changed, owners: ctx.directory.memberships(user.id) });
    },
    open,
  );

  // user groups (v3 /security/userGroups shows them; the API cannot write them, so they are made here)
  router.post(
    '/userGroups',
    async (req) => {
      const body = await parseBody(req, userGroupSchema);
      const ids = body.users.map((name, i) => {
        const user = ctx.directory.userByName(name);
        if (!user) throw adminFailure(400, `users[${i}]: unknown user ${JSON.stringify(name)}`);
        return user.id;
      });
      const group = ctx.db.transaction(() => ctx.directory.createUserGroup(body.name, body.description ?? null, ids))();
      return json(group, 201);
    },
    open,
  );

  router.post(
    '/tokens',
    async (req) => {
      const body = await parseBody(req, tokenSchema);
      const user = body.userName ? ctx.directory.userByName(body.userName) : ctx.directory.defaultUser();
      if (!user) throw new ApiFailure(400, 'userName: unknown user', { error: `userName: unknown user ${JSON.stringify(body.userName)}` });
      return json(ctx.tokens.issue(user.id, body.ttlSeconds ?? ctx.settings.tokenTtlSeconds), 201);
    },
    open,
  );

  router.get('/faults', () => json({ faults: ctx.faults.list() }), open);
  router.post(
    '/faults',
    async (req) => {
      const body = await req.json();
      try {
        const rule = ctx.faults.add(body);
        const { regex: _r, ...rest } = rule;
        return json(rest, 201);
      } catch (err) {
        const message = err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : (err as Error).message;
        throw new ApiFailure(400, message, { error: message });
      }
    },
    open,
  );
  router.delete('/faults', () => (ctx.faults.remove(), json({ ok: true })), open);
  router.delete('/faults/:id', (req) => (ctx.faults.remove(Number(req.params.id)), json({ ok: true })), open);

  router.get(
    '/requests',
    (req) => {
      try {
        return json({ requests: ctx.requestLog.list({ path: req.query.get('path') ?? undefined, method: req.query.get('method') ?? undefined }) });
      } catch (err) {
        if (err instanceof PatternError) throw adminFailure(400, err.message);
        throw err;
      }
    },
    open,
  );
  router.delete('/requests', () => (ctx.requestLog.clear(), json({ ok: true })), open);

  router.post(
    '/clock',
    async (req) => {
      const body = await parseBody(req, z.object({ offsetMs: z.number() }));
      ctx.clockOffsetMs = body.offsetMs;
      return json({ offsetMs: ctx.clockOffsetMs });
    },
    open,
  );
}
