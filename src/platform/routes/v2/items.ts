import { indicatorType, type IndicatorTypeInfo, type GroupTypeInfo } from '../../../model/index.js';
import type { Owner } from '../../auth/users.js';
import { notFound } from '../../http/errors.js';
import type { PlatformRequest } from '../../http/request.js';
import { TASK_TYPE, groupTypeInfo, tiStore, type GroupRecord, type IndicatorRecord, type ItemRef, type TiStore, type VictimRecord } from '../../store/index.js';
import { numericId } from './params.js';

/** How a handler touches an item: reading, or writing (which needs a writable membership of its owner). */
export interface Access {
  write?: boolean;
  /** for the refusal message: saved, updated, deleted, created */
  operation?: string;
}

/** An item addressed by a path, found and permission-checked. */
export interface ResolvedItem {
  ref: ItemRef;
  owner: Owner;
  /** entity word for messages: Indicator, Group, Task, Victim */
  entity: string;
  indicator?: IndicatorRecord;
  indicatorType?: IndicatorTypeInfo;
  group?: GroupRecord;
  groupType?: GroupTypeInfo;
  victim?: VictimRecord;
}


export function storeOf(req: PlatformRequest): TiStore {
  return tiStore(req.ctx);
}

/** The owner to write to (from `owner=`), refusing read-only members with 401. */
export function writableOwner(req: PlatformRequest, entity: string, operation = 'saved'): Owner {
  return req.owner(undefined, { write: true, entity, operation });
}

/**
 * The owner of an item addressed by id: when `owner=` is given it must be that owner; otherwise the caller must
 * belong to the item's owner (an item in an owner the caller cannot see does not exist for them).
 */
function ownerOfItem(req: PlatformRequest, ownerId: number, entity: string, access: Access): Owner {
  const named = req.query.get('owner');
  if (named) {
    const owner = req.owner(named, access.write ? { write: true, entity, operation: access.operation } : {});
    if (owner.id !== ownerId) throw notFound();
    return owner;
  }
  const owner = req.ctx.directory.ownerById(ownerId);
  if (!owner || !req.user || !req.ctx.directory.membership(req.user.id, ownerId)) throw notFound();
  if (access.write) req.owner(owner.name, { write: true, entity, operation: access.operation });
  return owner;
}

export function indicatorBranch(branch: string): IndicatorTypeInfo {
  const info = indicatorType(branch);
  if (!info) throw notFound();
  return info;
}

export function groupBranch(branch: string): GroupTypeInfo {
  let info: GroupTypeInfo;
  try {
    info = groupTypeInfo(branch);
  } catch {
    throw notFound();
  }
  if (info.name === 'Task') throw notFound();
  return info;
}

export function resolveIndicator(req: PlatformRequest, branch: string, value: string, access: Access = {}): ResolvedItem {
  const info = indicatorBranch(branch);
  const owner = req.owner(undefined, access.write ? { write: true, entity: 'Indicator', operation: access.operation } : {});
  const indicator = storeOf(req).indicators.find(owner.id, info.name, value);
  if (!indicator) throw notFound();
  return { ref: { kind: 'indicator', id: indicator.id }, owner, entity: 'Indicator', indicator, indicatorType: info };
}

/** A group by numeric id, or by xid (scoped to `owner=`) as batch file uploads address them. */
export function resolveGroup(req: PlatformRequest, branch: string, idOrXid: string, access: Access = {}): ResolvedItem {
  const info = groupBranch(branch);
  const store = storeOf(req);
  const id = numericId(idOrXid);
  let group = id !== undefined ? store.groups.get(id) : undefined;
  if (!group) group = store.groups.findByXid(req.owner().id, idOrXid);
  if (!group || group.type !== info.name) throw notFound();
  const owner = ownerOfItem(req, group.ownerId, 'Group', access);
  return { ref: { kind: 'group', id: group.id }, owner, entity: 'Group', group, groupType: info };
}

export function resolveTask(req: PlatformRequest, rawId: string, access: Access = {}): ResolvedItem {
  const id = numericId(rawId);
  const group = id === undefined ? undefined : storeOf(req).groups.get(id);
  if (!group || group.type !== 'Task') throw notFound();
  const owner = ownerOfItem(req, group.ownerId, 'Task', access);
  return { ref: { kind: 'group', id: group.id }, owner, entity: 'Task', group, groupType: TASK_TYPE };
}

export function resolveVictim(req: PlatformRequest, rawId: string, access: Access = {}): ResolvedItem {
  const id = numericId(rawId);
  const victim = id === undefined ? undefined : storeOf(req).victims.get(id);
  if (!victim) throw notFound();
  const owner = ownerOfItem(req, victim.ownerId, 'Victim', access);
  return { ref: { kind: 'victim', id: victim.id }, owner, entity: 'Victim', victim };
}

/** The four item path prefixes, each with how to find its item from the matched parameters. */
export interface ItemPrefix {
  pattern: string;
  resolve(req: PlatformRequest, access?: Access): ResolvedItem;
}

export const ITEM_PREFIXES: readonly ItemPrefix[] = [
  { pattern: '/v2/indicators/:branch/:value', resolve: (req, a) => resolveIndicator(req, req.params.branch, req.params.value, a) },
  { pattern: '/v2/groups/:branch/:id', resolve: (req, a) => resolveGroup(req, req.params.branch, req.params.id, a) },
  { pattern: '/v2/tasks/:id', resolve: (req, a) => resolveTask(req, req.params.id, a) },
  { pattern: '/v2/victims/:id', resolve: (req, a) => resolveVictim(req, req.params.id, a) },
];
