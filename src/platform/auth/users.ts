import { randomBytes, randomInt } from 'node:crypto';
import type { Db } from '../db/index.js';

export interface Owner {
  id: number;
  name: string;
  type: 'Organization' | 'Community' | 'Source';
}

export interface User {
  id: number;
  userName: string;
  secretKey: string | null;
  firstName: string;
  lastName: string;
  pseudonym: string | null;
  role: string;
  defaultOwnerId: number | null;
  disabled: boolean;
}

export interface UserGroup {
  id: number;
  name: string;
  description: string | null;
}

export interface Membership {
  owner: Owner;
  role: string;
  canWrite: boolean;
}

/** Roles that may read but not write. Everything else can write. */
export const DEFAULT_USER_ACCESS = ['write', 'read', 'none'] as const;
export type DefaultUserAccess = (typeof DEFAULT_USER_ACCESS)[number];

export const READ_ONLY_ROLES = new Set(['Read Only User', 'Read Only Commenter', 'Subscriber', 'Commenter']);

/** Owner roles that administer the owner: an Organization's administrator, a Community's or Source's director. */
export const OWNER_ADMIN_ROLES = new Set(['Organization Administrator', 'Director']);

/** System roles that administer the whole platform. */
export const SYSTEM_ADMIN_ROLES = new Set(['Administrator', 'Operations Administrator']);

export function generateAccessId(): string {
  let id = String(randomInt(1, 10));
  while (id.length < 20) id += String(randomInt(0, 10));
  return id;
}

export function generateSecretKey(): string {
  return randomBytes(48).toString('base64').replace(/[+/=]/g, '').slice(0, 64).padEnd(64, 'x');
}

interface UserRow {
  id: number;
  user_name: string;
  secret_key: string | null;
  first_name: string;
  last_name: string;
  pseudonym: string | null;
  role: string;
  default_owner_id: number | null;
  disabled: number;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  userName: r.user_name,
  secretKey: r.secret_key,
  firstName: r.first_name,
  lastName: r.last_name,
  pseudonym: r.pseudonym,
  role: r.role,
  defaultOwnerId: r.default_owner_id,
  disabled: r.disabled === 1,
});

/** Owners, users and memberships: the platform's notion of who may see and write what. */
export class Directory {
  constructor(private readonly db: Db) {}

  owners(): Owner[] {
    return this.db.prepare('SELECT id, name, type FROM owners ORDER BY id').all() as Owner[];
  }

  ownerById(id: number): Owner | undefined {
    return this.db.prepare('SELECT id, name, type FROM owners WHERE id = ?').get(id) as Owner | undefined;
  }

  ownerByName(name: string): Owner | undefined {
    return this.db.prepare('SELECT id, name, type FROM owners WHERE name = ?').get(name) as Owner | undefined;
  }

  createOwner(name: string, type: Owner['type']): Owner {
    const existing = this.ownerByName(name);
    if (existing) return existing;
    const info = this.db.prepare('INSERT INTO owners (name, type) VALUES (?, ?)').run(name, type);
    return { id: Number(info.lastInsertRowid), name, type };
  }

  userByName(userName: string): User | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE user_name = ?').get(userName) as UserRow | undefined;
    return row ? toUser(row) : undefined;
  }

  userById(id: number): User | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row ? toUser(row) : undefined;
  }

  users(): User[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY id').all() as UserRow[]).map(toUser);
  }

  defaultUser(): User | undefined {
    const row = this.db.prepare('SELECT * FROM users WHERE is_default = 1 ORDER BY id LIMIT 1').get() as UserRow | undefined;
    return row ? toUser(row) : undefined;
  }

  createUser(input: {
    userName?: string;
    secretKey?: string | null;
    firstName?: string;
    lastName?: string;
    pseudonym?: string;
    role?: string;
    defaultOwnerId?: number;
    isDefault?: boolean;
  }): User {
    const userName = input.userName ?? generateAccessId();
    const secretKey = input.secretKey === null ? null : (input.secretKey ?? generateSecretKey());
    this.db
      .prepare(
        `INSERT INTO users (user_name, secret_key, first_name, last_name, pseudonym, role, default_owner_id, is_default)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(user_name) DO UPDATE SET secret_key = excluded.secret_key, default_owner_id = excluded.default_owner_id`,
      )
      .run(
        userName,
        secretKey,
        input.firstName ?? 'API',
        input.lastName ?? 'User',
        input.pseudonym ?? null,
        input.role ?? 'Api User',
        input.defaultOwnerId ?? null,
        input.isDefault ? 1 : 0,
      );
    return this.userByName(userName) as User;
  }

  /** Changes only the fields given. */
  updateUser(
    id: number,
    patch: { secretKey?: string; firstName?: string; lastName?: string; pseudonym?: string; defaultOwnerId?: number; disabled?: boolean },
  ): void {
    const columns: Array<[string, unknown]> = [
      ['secret_key', patch.secretKey],
      ['first_name', patch.firstName],
      ['last_name', patch.lastName],
      ['pseudonym', patch.pseudonym],
      ['default_owner_id', patch.defaultOwnerId],
      ['disabled', patch.disabled === undefined ? undefined : patch.disabled ? 1 : 0],
    ];
    const set = columns.filter(([, v]) => v !== undefined);
    if (set.length === 0) return;
    this.db.prepare(`UPDATE users SET ${set.map(([c]) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...set.map(([, v]) => v), id);
  }

  /**
   * Makes the default API user a member of an owner it is not yet a member of: `write` (the default for owners
   * created through the admin interface, the CLI and seed files, so the printed credentials reach them) as
   * Organization Administrator of an organization or Editor of a community or source, `read` as Read Only User,
   * `none` leaves it out. An existing membership is kept as it is.
   */
  joinDefaultUser(owner: Owner, access: DefaultUserAccess): void {
    const user = this.defaultUser();
    if (!user || access === 'none' || this.membership(user.id, owner.id)) return;
    const role = access === 'read' ? 'Read Only User' : owner.type === 'Organization' ? 'Organization Administrator' : 'Editor';
    this.setMembership(user.id, owner.id, role);
  }

  setMembership(userId: number, ownerId: number, role: string): void {
    const canWrite = READ_ONLY_ROLES.has(role) ? 0 : 1;
    this.db
      .prepare(
        `INSERT INTO memberships (user_id, owner_id, role, can_write) VALUES (?, ?, ?, ?)
         ON CONFLICT(user_id, owner_id) DO UPDATE SET role = excluded.role, can_write = excluded.can_write`,
      )
      .run(userId, ownerId, role, canWrite);
  }

  memberships(userId: number): Membership[] {
    const rows = this.db
      .prepare(
        `SELECT o.id, o.name, o.type, m.role, m.can_write FROM memberships m JOIN owners o ON o.id = m.owner_id
         WHERE m.user_id = ? ORDER BY o.id`,
      )
      .all(userId) as Array<Owner & { role: string; can_write: number }>;
    return rows.map((r) => ({ owner: { id: r.id, name: r.name, type: r.type }, role: r.role, canWrite: r.can_write === 1 }));
  }

  membership(userId: number, ownerId: number): Membership | undefined {
    return this.memberships(userId).find((m) => m.owner.id === ownerId);
  }

  /** Whether the user administers the owner: an admin role in it, or a system administrator belonging to it. */
  administers(userId: number, ownerId: number): boolean {
    const m = this.membership(userId, ownerId);
    if (!m) return false;
    return OWNER_ADMIN_ROLES.has(m.role) || SYSTEM_ADMIN_ROLES.has(this.userById(userId)?.role ?? '');
  }

  /**
   * Whether the user may change what the whole platform shares (such as security labels, which have no owner): a
   * system administrator, or the administrator of an Organization.
   */
  isAdministrator(userId: number): boolean {
    if (SYSTEM_ADMIN_ROLES.has(this.userById(userId)?.role ?? '')) return true;
    return this.memberships(userId).some((m) => m.owner.type === 'Organization' && m.role === 'Organization Administrator');
  }

  // ---- user groups (v3 /security/userGroups): named sets of users, made through the admin interface ----

  userGroups(): UserGroup[] {
    return this.db.prepare('SELECT id, name, description FROM user_groups ORDER BY id').all() as UserGroup[];
  }

  /** Creates a group (or returns the one of that name) and adds the users to it. */
  createUserGroup(name: string, description: string | null, userIds: number[]): UserGroup {
    const insert = this.db.prepare('INSERT INTO user_groups (name, description) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET description = excluded.description');
    insert.run(name, description);
    const group = this.db.prepare('SELECT id, name, description FROM user_groups WHERE name = ?').get(name) as UserGroup;
    const add = this.db.prepare('INSERT OR IGNORE INTO user_group_members (group_id, user_id) VALUES (?, ?)');
    for (const id of userIds) add.run(group.id, id);
    return group;
  }

  /** Member user ids of each group. */
  userGroupMembers(): Map<number, number[]> {
    const rows = this.db.prepare('SELECT group_id, user_id FROM user_group_members ORDER BY user_id').all() as Array<{ group_id: number; user_id: number }>;
    const out = new Map<number, number[]>();
    for (const r of rows) out.set(r.group_id, [...(out.get(r.group_id) ?? []), r.user_id]);
    return out;
  }

  membersOf(ownerId: number): User[] {
    const rows = this.db
      .prepare('SELECT u.* FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.owner_id = ? ORDER BY u.id')
      .all(ownerId) as UserRow[];
    return rows.map(toUser);
  }
}
