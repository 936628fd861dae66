import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  COMMON_GROUP_DATES,
  GROUP_FIELD_COLUMNS,
  SIGNATURE_FILE_TYPES,
  groupReadOnlyStored,
  groupType,
  groupTypeFromSchema,
  type GroupColumnKind,
  type GroupTypeInfo,
} from '../../model/index.js';
import type { StoreCore } from './base.js';
import type { AssociationRepo } from './associations.js';
import type { MetadataRepo } from './metadata.js';
import { f, member, type FieldMap } from './conditions.js';
import { listRows } from './listing.js';
import { TiInputError, badLength, describe, notOneOf } from './errors.js';
import type { AdversaryAssetRecord, GroupInput, GroupRecord, ListQuery, ListResult } from './types.js';
import { boolField, dateField, numberField, textField } from './values.js';

/** Tasks live with the groups (v3 treats them as a group type); v2 serves them under /v2/tasks. */
export const TASK_TYPE: GroupTypeInfo = taskType();

function taskType(): GroupTypeInfo {
  const info = groupTypeFromSchema('Task') as GroupTypeInfo;
  // v2's task API writes the escalated and reminded flags, which v3 only shows
  return { ...info, fields: [...info.fields, 'escalated', 'reminded'] };
}

type Kind = GroupColumnKind;

/** API field → column and kind, from the schema (src/model/group-storage.ts). */
const COLUMNS: Record<string, { col: string; kind: Kind; max?: number }> = Object.fromEntries(GROUP_FIELD_COLUMNS.map((c) => [c.field, c]));

/** Fields the platform sets itself (shown, never written by clients), by type. */
const READ_ONLY = new Map<string, string[]>();
function readOnlyOf(info: GroupTypeInfo): string[] {
  let names = READ_ONLY.get(info.name);
  if (!names) {
    names = groupReadOnlyStored(info.name).filter((n) => !info.fields.includes(n));
    READ_ONLY.set(info.name, names);
  }
  return names;
}

const FILE_TYPES = new Set(['Document', 'Report']);
export const GROUP_NAME_MAX = 500;

export const GROUP_COLUMNS: FieldMap = {
  id: f('id', 'number'),
  name: f('name', 'text'),
  type: f('type', 'text'),
  xid: f('xid', 'text'),
  dateAdded: f('date_added', 'date'),
  lastModified: f('last_modified', 'date'),
  firstSeen: f('first_seen', 'date'),
  lastSeen: f('last_seen', 'date'),
  eventDate: f('event_date', 'date'),
  publishDate: f('publish_date', 'date'),
  fileType: f('file_type', 'text'),
  fileName: f('file_name', 'text'),
  status: f('status', 'text'),
  subject: f('subject', 'text'),
  dueDate: f('due_date', 'date'),
  escalated: f('COALESCE(escalated, 0)', 'bool'),
  reminded: f('COALESCE(reminded, 0)', 'bool'),
  overdue: f("(due_date IS NOT NULL AND due_date < ?now AND COALESCE(status, '') <> 'Completed')", 'bool'),
  assignee: member("SELECT 1 FROM ti_task_users u WHERE u.task_id = ti_groups.id AND u.role = 'assignee' AND u.user_name = ?"),
  escalatee: member("SELECT 1 FROM ti_task_users u WHERE u.task_id = ti_groups.id AND u.role = 'escalatee' AND u.user_name = ?"),
};

/** Every field a type shows (writable and read-only). */
export function groupFieldNames(info: GroupTypeInfo): string[] {
  const names = new Set<string>([...info.fields, ...(info.name === 'Task' ? [] : COMMON_GROUP_DATES), ...readOnlyOf(info)]);
  return [...names].filter((n) => COLUMNS[n]);
}

export function groupTypeInfo(type: unknown): GroupTypeInfo {
  if (typeof type === 'string') {
    if (/^tasks?$/i.test(type.trim())) return TASK_TYPE;
    const info = groupType(type);
    if (info) return info;
  }
  throw new TiInputError('type', `type: unknown group type ${describe(type)}`);
}

type Row = Record<string, any>;

function toGroup(r: Row): GroupRecord {
  const info = groupTypeInfo(r.type);
  const fields: GroupRecord['fields'] = {};
  for (const name of groupFieldNames(info)) {
    const { col, kind } = COLUMNS[name];
    const v = r[col];
    if (v === null || v === undefined) continue;
    fields[name] = kind === 'bool' ? v === 1 : v;
  }
  return {
    id: r.id,
    ownerId: r.owner_id,
    type: r.type,
    name: r.name,
    xid: r.xid,
    createdBy: r.created_by,
    dateAdded: r.date_added,
    lastModified: r.last_modified,
    fields,
  };
}

/** Groups of every type, tasks, document/report files, task users and adversary assets. */
export class GroupRepo {
  constructor(
    private readonly core: StoreCore,
    private readonly meta: MetadataRepo,
    private readonly links: AssociationRepo,
    private readonly filesDir: string | undefined,
  ) {}

  get(id: number): GroupRecord | undefined {
    const row = this.core.prep('SELECT * FROM ti_groups WHERE id = ?').get(id) as Row | undefined;
    return row ? toGroup(row) : undefined;
  }

  findByXid(ownerId: number, xid: string): GroupRecord | undefined {
    const row = this.core.prep('SELECT * FROM ti_groups WHERE owner_id = ? AND xid = ?').get(ownerId, xid) as Row | undefined;
    return row ? toGroup(row) : undefined;
  }

  /** Validates fields of a group type into columns; only fields present in the input are returned. */
  columns(info: GroupTypeInfo, input: GroupInput, creating: boolean, current?: GroupRecord): Record<string, unknown> {
    const cols: Record<string, unknown> = {};
    if (input.name !== undefined || creating) {
      const name = input.name;
      if (typeof name !== 'string' || !name.trim() || name.length > GROUP_NAME_MAX) throw badLength('name', info.name, 1, GROUP_NAME_MAX, name);
      cols.name = name;
    }
    if (input.xid !== undefined) cols.xid = textField('xid', input.xid, 500) || null;
    const readOnly = new Set(readOnlyOf(info));
    for (const field of groupFieldNames(info)) {
      if (readOnly.has(field)) continue;
      const raw = input[field];
      if (raw === undefined) continue;
      const { col, kind, max } = COLUMNS[field];
      let v: unknown;
      if (kind === 'date') v = dateField(field, raw);
      else if (kind === 'bool') v = raw === null ? null : boolField(field, raw) ? 1 : 0;
      else if (kind === 'int') v = numberField(field, info.name, raw, 0, Number.MAX_SAFE_INTEGER, true);
      else v = textField(field, raw, max);
      if (field === 'status' && v !== null && v !== undefined) v = this.pick('status', info.name, v, info.statuses ?? []);
      if (field === 'fileType' && v !== null && v !== undefined) v = this.pick('fileType', info.name, v, SIGNATURE_FILE_TYPES);
      cols[col] = v;
    }
    const after = (field: string) => {
      const col = COLUMNS[field].col;
      if (col in cols) return cols[col];
      const existing = current?.fields[field];
      return existing === undefined ? null : existing;
    };
    if (creating) {
      for (const field of info.required) {
        const v = after(field);
        if (v === null || v === undefined || v === '') throw new TiInputError(field, `${field}: required for a new ${info.name} (got ${describe(input[field])})`);
      }
    }
    const malware = after('malware');
    if (info.name === 'Document' && (malware === 1 || malware === true) && !after('password')) {
      throw new TiInputError('password', 'password: required when malware is true (a malware Document is a password-protected zip)');
    }
    return cols;
  }

  private pick(field: string, entity: string, value: unknown, allowed: readonly string[]): string {
    const hit = allowed.find((a) => a.toLowerCase() === String(value).toLowerCase());
    if (!hit) throw notOneOf(field, entity, value, allowed);
    return hit;
  }

  /**
   * Creates a group (any type, or a task). Required fields are enforced unless `requireFields` is false; 'batch'
   * enforces those the batch API requires.
   */
  create(ownerId: number, input: GroupInput, options: { requireFields?: boolean | 'batch' } = {}): GroupRecord {
    const info = groupTypeInfo(input.type);
    const required =
      options.requireFields === false ? [] : options.requireFields === 'batch' ? info.required.filter((f) => !info.optionalInBatch?.includes(f)) : info.required;
    const cols = this.columns({ ...info, required }, input, true);
    const now = this.core.nowIso();
    for (const field of info.nowIfMissing ?? []) {
      const col = COLUMNS[field].col;
      if (cols[col] === undefined || cols[col] === null) cols[col] = now;
    }
    const dateAdded = dateField('dateAdded', input.dateAdded) ?? now;
    cols.last_modified = dateField('lastModified', input.lastModified) ?? dateAdded;
    if (FILE_TYPES.has(info.name) && cols.status === undefined) cols.status = 'Awaiting Upload';
    if (info.name === 'Task' && cols.status === undefined) cols.status = 'Not Started';
    const createdBy = input.createdBy ?? null;
    const keys = Object.keys(cols);
    const id = this.core.atomic(() => {
      if (typeof cols.xid === 'string' && this.findByXid(ownerId, cols.xid)) {
        throw new TiInputError('xid', `The xid for this ${info.name} is invalid, a group with this xid already exists (xid ${describe(cols.xid)})`);
      }
      const res = this.core
        .prep(
          `INSERT INTO ti_groups (owner_id, type, created_by, date_added${keys.map((k) => `, ${k}`).join('')})
           VALUES (?, ?, ?, ?${keys.map(() => ', ?').join('')})`,
        )
        .run(ownerId, info.name, createdBy, dateAdded, ...keys.map((k) => cols[k]));
      return Number(res.lastInsertRowid);
    });
    this.core.markFresh('group', id);
    return this.get(id) as GroupRecord;
  }

  /** Updates name and type-specific fields (the type never changes). */
  update(id: number, patch: Omit<GroupInput, 'type'> & { type?: string }): GroupRecord | undefined {
    const current = this.get(id);
    if (!current) return undefined;
    const info = groupTypeInfo(current.type);
    const cols = this.columns(info, { ...patch, type: current.type }, false, current);
    cols.last_modified = dateField('lastModified', patch.lastModified) ?? this.core.nowIso();
    this.core.atomic(() => {
      if (typeof cols.xid === 'string' && cols.xid !== current.xid && this.findByXid(current.ownerId, cols.xid)) {
        throw new TiInputError('xid', `The xid for this ${info.name} is invalid, a group with this xid already exists (xid ${describe(cols.xid)})`);
      }
      const keys = Object.keys(cols);
      this.core.prep(`UPDATE ti_groups SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`).run(...keys.map((k) => cols[k]), id);
    });
    return this.get(id);
  }

  /** Batch identity: the group with this xid in the owner is updated, otherwise created. */
  upsertByXid(ownerId: number, input: GroupInput, options: { requireFields?: boolean | 'batch' } = {}): { id: number; created: boolean } {
    if (typeof input.xid !== 'string' || !input.xid) throw new TiInputError('xid', `xid: required to identify a group (got ${describe(input.xid)})`);
    const info = groupTypeInfo(input.type);
    return this.core.atomic(() => {
      const existing = this.findByXid(ownerId, input.xid as string);
      if (!existing) return { id: this.create(ownerId, input, options).id, created: true };
      if (existing.type !== info.name) {
        throw new TiInputError('xid', `xid: ${describe(input.xid)} already belongs to a ${existing.type}, not a ${info.name}`);
      }
      const { type: _t, xid: _x, dateAdded: _d, ...patch } = input;
      this.update(existing.id, patch);
      return { id: existing.id, created: false };
    });
  }

  delete(id: number): boolean {
    const path = (this.core.prep('SELECT path FROM ti_group_files WHERE group_id = ?').get(id) as { path: string | null } | undefined)?.path;
    const done = this.core.atomic(() => {
      if (!this.core.prep('SELECT 1 FROM ti_groups WHERE id = ?').get(id)) return false;
      this.meta.purge({ kind: 'group', id });
      this.links.purge({ kind: 'group', id });
      this.core.prep('DELETE FROM ti_groups WHERE id = ?').run(id);
      return true;
    });
    if (done && path) rmSync(path, { force: true });
    return done;
  }

  /** A page of groups; tasks only when `type` names them. */
  list(q: ListQuery): ListResult<GroupRecord> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.type) {
      where.push('type = ?');
      params.push(groupTypeInfo(q.type).name);
    } else {
      where.push("type <> 'Task'");
    }
    const { rows, total } = listRows<Row>(this.core, this.links, { kind: 'group', table: 'ti_groups', columns: '*', fields: GROUP_COLUMNS }, q, where, params);
    return { items: rows.map(toGroup), total };
  }

  // ---- document / report files ----

  hasFile(id: number): boolean {
    return this.core.prep('SELECT 1 FROM ti_group_files WHERE group_id = ?').get(id) !== undefined;
  }

  /**
   * Stores a Document's or Report's file (replacing any earlier one) and marks the group uploaded. With a files
   * directory the bytes go to disk first (written aside, then renamed), so a crash never leaves a row pointing at
   * half a file.
   */
  /** Throws what putFile would refuse, without storing anything. */
  checkFile(id: number, bytes: Buffer): void {
    const group = this.get(id);
    if (!group) throw new TiInputError('id', `id: no group ${id}`);
    if (group.type === 'Document' && group.fields.malware === true && !isEncryptedZip(bytes)) {
      throw new TiInputError('file', 'file: a malware Document must be a password-protected zip file');
    }
  }

  putFile(id: number, bytes: Buffer): void {
    this.checkFile(id, bytes);
    let path: string | null = null;
    if (this.filesDir) {
      const dir = join(this.filesDir, 'groups');
      mkdirSync(dir, { recursive: true });
      path = join(dir, `${id}.bin`);
      const temp = `${path}.${process.pid}.tmp`;
      writeFileSync(temp, bytes);
      renameSync(temp, path);
    }
    const now = this.core.nowIso();
    this.core.atomic(() => {
      this.core
        .prep(
          `INSERT INTO ti_group_files (group_id, content, path, size, uploaded) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(group_id) DO UPDATE SET content = excluded.content, path = excluded.path, size = excluded.size, uploaded = excluded.uploaded`,
        )
        .run(id, path ? null : bytes, path, bytes.length, now);
      this.core
        .prep("UPDATE ti_groups SET file_size = ?, status = 'Success', document_date_added = COALESCE(document_date_added, ?), last_modified = ? WHERE id = ?")
        .run(bytes.length, now, now, id);
    });
  }

  file(id: number): Buffer | undefined {
    const row = this.core.prep('SELECT content, path FROM ti_group_files WHERE group_id = ?').get(id) as { content: Buffer | null; path: string | null } | undefined;
    if (!row) return undefined;
    if (row.content) return row.content;
    if (row.path) {
      try {
        return readFileSync(row.path);
      } catch {
        return undefined;
      }
    }
    return Buffer.alloc(0);
  }

  // ---- task assignees / escalatees ----

  taskUsers(taskId: number, role: 'assignee' | 'escalatee'): string[] {
    return (
      this.core.prep('SELECT user_name FROM ti_task_users WHERE task_id = ? AND role = ? ORDER BY user_name').all(taskId, role) as Array<{ user_name: string }>
    ).map((r) => r.user_name);
  }

  addTaskUser(taskId: number, role: 'assignee' | 'escalatee', userName: string): void {
    this.core.prep('INSERT OR IGNORE INTO ti_task_users (task_id, role, user_name) VALUES (?, ?, ?)').run(taskId, role, userName);
  }

  removeTaskUser(taskId: number, role: 'assignee' | 'escalatee', userName: string): boolean {
    return this.core.prep('DELETE FROM ti_task_users WHERE task_id = ? AND role = ? AND user_name = ?').run(taskId, role, userName).changes > 0;
  }

  setTaskUsers(taskId: number, role: 'assignee' | 'escalatee', userNames: string[]): void {
    this.core.atomic(() => {
      this.core.prep('DELETE FROM ti_task_users WHERE task_id = ? AND role = ?').run(taskId, role);
      for (const u of userNames) this.addTaskUser(taskId, role, u);
    });
  }

  // ---- adversary assets ----

  adversaryAssets(groupId: number, type?: string): AdversaryAssetRecord[] {
    const sql = type
      ? 'SELECT id, group_id AS groupId, type, value FROM ti_adversary_assets WHERE group_id = ? AND type = ? ORDER BY id'
      : 'SELECT id, group_id AS groupId, type, value FROM ti_adversary_assets WHERE group_id = ? ORDER BY id';
    return this.core.prep(sql).all(...(type ? [groupId, type] : [groupId])) as AdversaryAssetRecord[];
  }

  adversaryAsset(groupId: number, assetId: number): AdversaryAssetRecord | undefined {
    return this.core
      .prep('SELECT id, group_id AS groupId, type, value FROM ti_adversary_assets WHERE group_id = ? AND id = ?')
      .get(groupId, assetId) as AdversaryAssetRecord | undefined;
  }

  addAdversaryAsset(groupId: number, type: string, field: string, value: unknown): AdversaryAssetRecord {
    const v = textField(field, value, 500);
    if (!v) throw new TiInputError(field, `${field}: required (got ${describe(value)})`);
    const res = this.core.prep('INSERT INTO ti_adversary_assets (group_id, type, value) VALUES (?, ?, ?)').run(groupId, type, v);
    return { id: Number(res.lastInsertRowid), groupId, type, value: v };
  }

  updateAdversaryAsset(groupId: number, assetId: number, field: string, value: unknown): AdversaryAssetRecord | undefined {
    const current = this.adversaryAsset(groupId, assetId);
    if (!current) return undefined;
    if (value === undefined) return current;
    const v = textField(field, value, 500);
    if (!v) throw new TiInputError(field, `${field}: required (got ${describe(value)})`);
    this.core.prep('UPDATE ti_adversary_assets SET value = ? WHERE id = ?').run(v, assetId);
    return { ...current, value: v };
  }

  deleteAdversaryAsset(groupId: number, assetId: number): boolean {
    return this.core.prep('DELETE FROM ti_adversary_assets WHERE group_id = ? AND id = ?').run(groupId, assetId).changes > 0;
  }
}

/** A zip whose first entry has the "encrypted" flag: what the platform accepts as a password-protected zip. */
function isEncryptedZip(bytes: Buffer): boolean {
  return bytes.length >= 8 && bytes.readUInt32LE(0) === 0x04034b50 && (bytes.readUInt16LE(6) & 1) === 1;
}
