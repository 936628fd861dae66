import type { PlatformContext } from '../../context.js';
import { ApiFailure, notFound } from '../../http/errors.js';
import type { PlatformRequest } from '../../http/request.js';
import { created, list, ok, success } from '../../http/respond.js';
import type { Router } from '../../http/router.js';
import { TiInputError, type GroupRecord } from '../../store/index.js';
import { bodyObject, includesOf } from './params.js';
import { taskCollection } from './collections.js';
import { resolveTask, storeOf, writableOwner } from './items.js';
import { Presenter } from './shapes.js';

type Role = 'assignee' | 'escalatee';

const single = (req: PlatformRequest, r: GroupRecord) => new Presenter(req.ctx, { inList: false, generic: false, includes: includesOf(req) }).groups([r])[0];

/**
 * Assignees arrive as `[{"userName":"a"}]` (create form) or `{"userName":["a"]}` (the docs' update table); both are
 * accepted. Every name must be a platform user.
 */
function userNames(req: PlatformRequest, field: Role, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  let names: unknown[];
  if (Array.isArray(value)) names = value.map((v) => (v && typeof v === 'object' ? (v as any).userName : v));
  else if (value && typeof value === 'object') names = ([] as unknown[]).concat((value as any).userName ?? []);
  else if (value === null) names = [];
  else names = [value];
  return names.map((n) => {
    if (typeof n !== 'string' || !req.ctx.directory.userByName(n)) throw new TiInputError(field, `${field}: unknown user ${JSON.stringify(n)}`);
    return n;
  });
}

function taskFields(body: Record<string, any>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['name', 'dueDate', 'reminderDate', 'escalationDate', 'status', 'escalated', 'reminded', 'xid']) if (body[k] !== undefined) out[k] = body[k];
  return out;
}

export function register(router: Router, _ctx: PlatformContext): void {
  router.get('/v2/tasks', (req) => taskCollection(req, { ownerId: req.owner().id }));

  router.get('/v2/tasks/:id', (req) => ok({ task: single(req, resolveTask(req, req.params.id).group!) }));

  router.post('/v2/tasks', async (req) => {
    const body = await bodyObject(req);
    const owner = writableOwner(req, 'Task', 'saved');
    const store = storeOf(req);
    const assignees = userNames(req, 'assignee', body.assignee);
    const escalatees = userNames(req, 'escalatee', body.escalatee);
    const record = store.transaction(() => {
      const task = store.groups.create(owner.id, { ...taskFields(body), type: 'Task', createdBy: req.user!.id });
      if (typeof body.description === 'string' && body.description) {
        store.meta.addAttribute({ kind: 'group', id: task.id }, { type: 'Description', value: body.description, displayed: true });
      }
      if (assignees) store.groups.setTaskUsers(task.id, 'assignee', assignees);
      if (escalatees) store.groups.setTaskUsers(task.id, 'escalatee', escalatees);
      return task;
    });
    return created({ task: single(req, record) });
  });

  router.put('/v2/tasks/:id', async (req) => {
    const body = await bodyObject(req);
    const item = resolveTask(req, req.params.id, { write: true, operation: 'updated' });
    const store = storeOf(req);
    const assignees = userNames(req, 'assignee', body.assignee);
    const escalatees = userNames(req, 'escalatee', body.escalatee);
    const record = store.transaction(() => {
      const task = store.groups.update(item.ref.id, taskFields(body))!;
      if (typeof body.description === 'string') {
        const current = store.meta.attributes(item.ref).find((a) => a.type === 'Description' && a.displayed);
        if (current) store.meta.updateAttribute(item.ref, current.id, { value: body.description });
        else if (body.description) store.meta.addAttribute(item.ref, { type: 'Description', value: body.description, displayed: true });
      }
      if (assignees) store.groups.setTaskUsers(task.id, 'assignee', assignees);
      if (escalatees) store.groups.setTaskUsers(task.id, 'escalatee', escalatees);
      return task;
    });
    return ok({ task: single(req, record) });
  });

  router.delete('/v2/tasks/:id', (req) => {
    const item = resolveTask(req, req.params.id, { write: true, operation: 'deleted' });
    storeOf(req).groups.delete(item.ref.id);
    return success();
  });

  for (const [path, role] of [
    ['assignees', 'assignee'],
    ['escalatees', 'escalatee'],
  ] as const) {
    const userJson = (req: PlatformRequest, name: string) => {
      const u = req.ctx.directory.userByName(name);
      return { userName: name, firstName: u?.firstName ?? '', lastName: u?.lastName ?? '' };
    };
    router.get(`/v2/tasks/:id/${path}`, (req) => {
      const item = resolveTask(req, req.params.id);
      const users = storeOf(req).groups.taskUsers(item.ref.id, role).map((n) => userJson(req, n));
      return list('user', users, users.length, 0);
    });
    router.get(`/v2/tasks/:id/${path}/:userName`, (req) => {
      const item = resolveTask(req, req.params.id);
      if (!storeOf(req).groups.taskUsers(item.ref.id, role).includes(req.params.userName)) throw notFound();
      return ok({ user: userJson(req, req.params.userName) });
    });
    router.post(`/v2/tasks/:id/${path}/:userName`, (req) => {
      const item = resolveTask(req, req.params.id, { write: true, operation: 'updated' });
      if (!req.ctx.directory.userByName(req.params.userName)) throw new ApiFailure(400, `${role}: unknown user ${JSON.stringify(req.params.userName)}`);
      storeOf(req).groups.addTaskUser(item.ref.id, role, req.params.userName);
      return ok({ user: userJson(req, req.params.userName) });
    });
    router.delete(`/v2/tasks/:id/${path}/:userName`, (req) => {
      const item = resolveTask(req, req.params.id, { write: true, operation: 'updated' });
      if (!storeOf(req).groups.removeTaskUser(item.ref.id, role, req.params.userName)) throw notFound();
      return success();
    });
  }
}
