import { EXCLUSION_LIST } from '../../../model/schema/exclusion-list.js';
import { OWNER_ROLE } from '../../../model/schema/owner-role.js';
import { OWNER, OWNER_PERMISSIONS } from '../../../model/schema/owner.js';
import { SYSTEM_ROLE } from '../../../model/schema/system-role.js';
import { USER_GROUP } from '../../../model/schema/user-group.js';
import { USER } from '../../../model/schema/user.js';
import type { ObjectSchema } from '../../../model/schema/types.js';
import { ExclusionLists, type ExclusionListRecord } from '../../auth/exclusion-lists.js';
import { OWNER_ADMIN_ROLES, READ_ONLY_ROLES, SYSTEM_ADMIN_ROLES, type User } from '../../auth/users.js';
import type { PlatformContext } from '../../context.js';
import { pageParams } from '../../http/paging.js';
import type { PlatformRequest } from '../../http/request.js';
import type { PlatformResponse } from '../../http/respond.js';
import type { Router } from '../../http/router.js';
import { pageLink, requestedFields } from './listing.js';
import { nested } from './metadata.js';
import { v3, v3Data, v3Failure, v3Message, v3NotFound } from './respond.js';
import { asJsonObject } from './routes.js';
import { optInFields, registerSchemaOptions, schemaKeywords, writableBody } from './schema-shape.js';
import { compileTql, TqlError } from './tql.js';

/**
 * `/v3/security/*`: the caller's owners with its role and rights in each, the users and user groups it can see,
 * the owner and system role catalogues (all read-only), and the owners' exclusion lists (read and written as the
 * caller's memberships allow). Secrets (keys, passwords) are never rendered.
 */

type Item = Record<string, unknown>;

/** A read-only (or, with writes, owner-scoped) collection answered from an in-memory list of the visible items. */
interface CatalogueSpec<R extends { id: number }> {
  schema: ObjectSchema;
  getters: Record<string, (row: R) => unknown>;
  /** every item the caller may see */
  visible(req: PlatformRequest): R[];
  render(req: PlatformRequest, rows: R[], fields: string[]): Item[];
}

function catalogueList<R extends { id: number }>(req: PlatformRequest, spec: CatalogueSpec<R>, base: string): PlatformResponse {
  const { start, limit } = pageParams(req);
  const fields = requestedFields(req, optInFields(spec.schema));
  const text = (req.query.get('tql') ?? '').trim();
  let rows = spec.visible(req);
  if (text) {
    try {
      rows = rows.filter(compileTql(text, schemaKeywords(spec.schema, spec.getters)));
    } catch (err) {
      if (err instanceof TqlError) throw v3Failure(400, `Invalid TQL: ${err.message}`);
      throw err;
    }
  }
  rows.sort((a, b) => a.id - b.id);
  const page = rows.slice(start, start + limit);
  const body: Item = { data: spec.render(req, page, fields), status: 'Success' };
  if (start + limit < rows.length) body.next = pageLink(req, base, start + limit, limit);
  if (start > 0) body.prev = pageLink(req, base, Math.max(0, start - limit), limit);
  if (req.flag('count') && start === 0) body.count = rows.length;
  return { status: 200, body };
}

function findVisible<R extends { id: number }>(req: PlatformRequest, spec: CatalogueSpec<R>, key: string): R {
  const row = /^\d+$/.test(key) ? spec.visible(req).find((r) => r.id === Number(key)) : undefined;
  if (!row) throw v3NotFound();
  return row;
}

function registerCatalogue<R extends { id: number }>(router: Router, spec: CatalogueSpec<R>): void {
  const base = `/v3/${spec.schema.path}`;
  registerSchemaOptions(router, base, spec.schema);
  router.get(base, v3((req) => catalogueList(req, spec, base)));
  router.get(
    `${base}/:key`,
    v3((req) => {
      const fields = requestedFields(req, optInFields(spec.schema));
      return v3Data(spec.render(req, [findVisible(req, spec, req.params.key)], fields)[0]);
    }),
  );
}

// ------------------------------------------------------------------------------------------------ owners

/** Administration rights: an owner's administrators have them in full, other members not at all (a guess). */
const ADMIN_PERMISSIONS = new Set(['permApps', 'permAttributeType', 'permInvite', 'permMembers', 'permPlaybooks', 'permPlaybooksExecute', 'permSettings', 'permUsers', 'permWorkflowTemplate']);

interface OwnerRow {
  id: number;
  name: string;
  type: string;
  ownerRole: string;
  perms: Record<string, 'FULL' | 'READ' | 'NONE'>;
  memberIds: number[];
}

function ownerRows(req: PlatformRequest): OwnerRow[] {
  const dir = req.ctx.directory;
  const systemAdmin = SYSTEM_ADMIN_ROLES.has(req.user!.role);
  return dir.memberships(req.user!.id).map((m) => {
    const admin = systemAdmin || OWNER_ADMIN_ROLES.has(m.role);
    const perms = Object.fromEntries(
      OWNER_PERMISSIONS.map((p) => [p, ADMIN_PERMISSIONS.has(p) ? (admin ? 'FULL' : 'NONE') : m.canWrite ? 'FULL' : 'READ'] as const),
    );
    return { ...m.owner, ownerRole: m.role, perms, memberIds: dir.membersOf(m.owner.id).map((u) => u.id) };
  });
}

const OWNERS: CatalogueSpec<OwnerRow> = {
  schema: OWNER,
  getters: {
    id: (o) => o.id,
    ownerId: (o) => o.id,
    ownerName: (o) => o.name,
    userId: (o) => o.memberIds,
    ...Object.fromEntries(OWNER_PERMISSIONS.map((p) => [p, (o: OwnerRow) => o.perms[p]])),
  },
  visible: ownerRows,
  render: (_req, rows) => rows.map((o) => ({ id: o.id, name: o.name, type: o.type, ownerRole: o.ownerRole, ...o.perms })),
};

// ------------------------------------------------------------------------------------------------ users and groups

/** The users who share an owner with the caller, the caller included (whom else it cannot know about). */
function visibleUsers(req: PlatformRequest): User[] {
  const dir = req.ctx.directory;
  const ids = new Set([req.user!.id]);
  for (const m of dir.memberships(req.user!.id)) for (const u of dir.membersOf(m.owner.id)) ids.add(u.id);
  return dir.users().filter((u) => ids.has(u.id));
}

/** A user as the API shows it to others: never its secret key. */
function renderUser(ctx: PlatformContext, u: User): Item {
  const owner = u.defaultOwnerId ? ctx.directory.ownerById(u.defaultOwnerId)?.name : undefined;
  return {
    id: u.id,
    userName: u.userName,
    firstName: u.firstName,
    lastName: u.lastName,
    ...(u.pseudonym ? { pseudonym: u.pseudonym } : {}),
    systemRole: u.role,
    disabled: u.disabled,
    ...(owner ? { owner } : {}),
  };
}

function groupIdsByUser(ctx: PlatformContext): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const [groupId, userIds] of ctx.directory.userGroupMembers()) for (const id of userIds) out.set(id, [...(out.get(id) ?? []), groupId]);
  return out;
}

const USERS: CatalogueSpec<User & { groupIds?: number[] }> = {
  schema: USER,
  getters: {
    id: (u) => u.id,
    userName: (u) => u.userName,
    firstName: (u) => u.firstName,
    lastName: (u) => u.lastName,
    pseudonym: (u) => u.pseudonym,
    systemRole: (u) => u.role,
    disabled: (u) => u.disabled,
    groupId: (u) => u.groupIds ?? [],
  },
  visible(req) {
    const groups = groupIdsByUser(req.ctx);
    return visibleUsers(req).map((u) => ({ ...u, groupIds: groups.get(u.id) ?? [] }));
  },
  render: (req, rows) => rows.map((u) => renderUser(req.ctx, u)),
};

interface GroupRow {
  id: number;
  name: string;
  description: string | null;
  memberIds: number[];
}

/** Every user group (a guess: the platform shows all of them to any user); members limited to visible users. */
const USER_GROUPS: CatalogueSpec<GroupRow> = {
  schema: USER_GROUP,
  getters: { id: (g) => g.id, name: (g) => g.name, description: (g) => g.description },
  visible(req) {
    const members = req.ctx.directory.userGroupMembers();
    return req.ctx.directory.userGroups().map((g) => ({ ...g, memberIds: members.get(g.id) ?? [] }));
  },
  render(req, rows, fields) {
    const users = fields.includes('users') ? new Map(visibleUsers(req).map((u) => [u.id, u])) : undefined;
    return rows.map((g) => ({
      id: g.id,
      name: g.name,
      ...(g.description ? { description: g.description } : {}),
      ...(users ? { users: { data: g.memberIds.filter((id) => users.has(id)).map((id) => renderUser(req.ctx, users.get(id)!)) } } : {}),
    }));
  },
};

// ------------------------------------------------------------------------------------------------ role catalogues

interface OwnerRoleRow {
  id: number;
  name: string;
  available: boolean;
  orgRole: boolean;
  commRole: boolean;
  descriptionOrg?: string;
  descriptionComm?: string;
  descriptionAdmin?: string;
  version: number;
}

/** The owner roles the platform's memberships use (users.ts), numbered in this order (the numbering is a guess). */
const OWNER_ROLE_ROWS: OwnerRoleRow[] = [
  { name: 'Organization Administrator', org: 'Administers the organization: members, settings and all data.', admin: 'Everything in the organization.' },
  { name: 'Sharing Administrator', org: 'Shares data with communities and sources.' },
  { name: 'Standard User', org: 'Reads and writes threat intelligence.' },
  { name: 'Api User', org: 'An API account that reads and writes threat intelligence.' },
  { name: 'Read Only User', org: 'Reads threat intelligence.' },
  { name: 'Read Only Commenter', org: 'Reads threat intelligence and comments on it.' },
  { name: 'Director', comm: 'Administers the community or source.', admin: 'Everything in the community or source.' },
  { name: 'Editor', comm: 'Reads and writes the community or source.' },
  { name: 'Contributor', comm: 'Adds to the community or source.' },
  { name: 'Commenter', comm: 'Reads and comments.' },
  { name: 'Subscriber', comm: 'Reads the community or source.' },
].map((r, i) => ({
  id: i + 1,
  name: r.name,
  available: true,
  orgRole: r.org !== undefined,
  commRole: r.comm !== undefined,
  ...(r.org ? { descriptionOrg: r.org } : {}),
  ...(r.comm ? { descriptionComm: r.comm } : {}),
  ...(r.admin ? { descriptionAdmin: r.admin } : {}),
  version: 1,
}));

/** Read-only owner roles are the ones users.ts lists; checked here so the two cannot drift apart. */
for (const name of READ_ONLY_ROLES) {
  if (!OWNER_ROLE_ROWS.some((r) => r.name === name)) throw new Error(`owner role catalogue lacks ${name}`);
}

const OWNER_ROLES: CatalogueSpec<OwnerRoleRow> = {
  schema: OWNER_ROLE,
  getters: Object.fromEntries(OWNER_ROLE.tql.map((k) => [k.keyword, (r: OwnerRoleRow) => r[k.keyword as keyof OwnerRoleRow]])),
  visible: () => OWNER_ROLE_ROWS,
  render: (_req, rows) => rows.map((r) => ({ ...r })),
};

interface SystemRoleRow {
  id: number;
  name: string;
  active: boolean;
  assignable: boolean;
  displayed: boolean;
}

/** System roles (the list is a guess; Administrator and Operations Administrator are the ones that administer). */
const SYSTEM_ROLE_ROWS: SystemRoleRow[] = ['Administrator', 'Operations Administrator', 'Accounts Administrator', 'Community Leader', 'Standard User', 'Read Only User', 'Api User'].map(
  (name, i) => ({ id: i + 1, name, active: true, assignable: true, displayed: name !== 'Api User' }),
);

const SYSTEM_ROLES: CatalogueSpec<SystemRoleRow> = {
  schema: SYSTEM_ROLE,
  getters: Object.fromEntries(SYSTEM_ROLE.tql.map((k) => [k.keyword, (r: SystemRoleRow) => r[k.keyword as keyof SystemRoleRow]])),
  visible: () => SYSTEM_ROLE_ROWS,
  render: (_req, rows) => rows.map((r) => ({ ...r })),
};

// ------------------------------------------------------------------------------------------------ exclusion lists

const lists = (req: PlatformRequest) => new ExclusionLists(req.ctx.db);

const EXCLUSION_LISTS: CatalogueSpec<ExclusionListRecord> = {
  schema: EXCLUSION_LIST,
  getters: { id: (l) => l.id, name: (l) => l.name, owner: (l) => l.ownerId, active: (l) => l.active, managed: (l) => l.managed },
  visible: (req) => lists(req).ofOwners(req.ctx.directory.memberships(req.user!.id).map((m) => m.owner.id)),
  render: (req, rows) =>
    rows.map((l) => ({
      id: l.id,
      name: l.name,
      owner: req.ctx.directory.ownerById(l.ownerId)?.name,
      ownerId: l.ownerId,
      active: l.active,
      managed: l.managed,
      fixedValues: { data: l.fixedValues.map((value) => ({ value })) },
      variableValues: { data: l.variableValues.map((value) => ({ value })) },
    })),
};

/** `fixedValues` / `variableValues` written with a mode: append (no duplicates), replace, delete. */
function applyValues(body: Item, field: 'fixedValues' | 'variableValues', current: string[]): string[] {
  const wrapper = nested(body, field);
  if (!wrapper) return current;
  const values = wrapper.data.map((d, i) => {
    if (typeof d.value !== 'string' || !d.value.trim()) throw v3Failure(400, `${field}.data[${i}].value: expected a non-empty string, got ${JSON.stringify(d.value)}`);
    return d.value;
  });
  if (wrapper.mode === 'delete') return current.filter((v) => !values.includes(v));
  return [...new Set([...(wrapper.mode === 'replace' ? [] : current), ...values])];
}

function registerExclusionWrites(router: Router): void {
  const base = `/v3/${EXCLUSION_LIST.path}`;
  const write = (req: PlatformRequest, ownerId: number, operation: string) =>
    req.owner(req.ctx.directory.ownerById(ownerId)?.name ?? '', { write: true, entity: 'Exclusion List', operation });
  router.post(
    base,
    v3(async (req) => {
      const body = asJsonObject(await req.json());
      const w = writableBody(EXCLUSION_LIST, body, 'create');
      if (typeof w.name !== 'string' || !w.name.trim()) throw v3Failure(400, `name: expected a non-empty string, got ${JSON.stringify(w.name)}`);
      const byId = typeof w.ownerId === 'number' ? req.ctx.directory.ownerById(w.ownerId)?.name : undefined;
      if (typeof w.ownerId === 'number' && !byId) throw v3Failure(400, `ownerId: no owner ${w.ownerId}`);
      const owner = req.owner((w.owner as string | undefined) ?? byId, { write: true, entity: 'Exclusion List', operation: 'saved' });
      const created = lists(req).create({
        ownerId: owner.id,
        name: w.name,
        active: w.active === undefined ? true : w.active === true,
        managed: w.managed === true,
        fixedValues: applyValues(body, 'fixedValues', []),
        variableValues: applyValues(body, 'variableValues', []),
      });
      return v3Data(EXCLUSION_LISTS.render(req, [created], [])[0], 201, 'Created');
    }),
  );
  router.put(
    `${base}/:key`,
    v3(async (req) => {
      const body = asJsonObject(await req.json());
      const current = findVisible(req, EXCLUSION_LISTS, req.params.key);
      write(req, current.ownerId, 'updated');
      const w = writableBody(EXCLUSION_LIST, body, 'update');
      if (w.active !== undefined && typeof w.active !== 'boolean') throw v3Failure(400, `active: expected true or false, got ${JSON.stringify(w.active)}`);
      const updated = lists(req).update(current.id, {
        ...(w.active !== undefined ? { active: w.active as boolean } : {}),
        fixedValues: applyValues(body, 'fixedValues', current.fixedValues),
        variableValues: applyValues(body, 'variableValues', current.variableValues),
      }) as ExclusionListRecord;
      return v3Data(EXCLUSION_LISTS.render(req, [updated], [])[0], 200, 'Updated');
    }),
  );
  router.delete(
    `${base}/:key`,
    v3((req) => {
      const current = findVisible(req, EXCLUSION_LISTS, req.params.key);
      write(req, current.ownerId, 'deleted');
      lists(req).delete(current.id);
      return v3Message('Deleted');
    }),
  );
}

/** Every `/v3/security/*` collection. */
export function registerSecurity(router: Router): void {
  registerCatalogue(router, OWNERS);
  registerCatalogue(router, USERS);
  registerCatalogue(router, USER_GROUPS);
  registerCatalogue(router, OWNER_ROLES);
  registerCatalogue(router, SYSTEM_ROLES);
  registerCatalogue(router, EXCLUSION_LISTS);
  registerExclusionWrites(router);
}
