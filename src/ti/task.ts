import { TcConfigError } from '../core/errors.js';
import { TASK_STATUSES } from '../model/index.js';
import { encodeSegment } from '../client/url.js';
import { isoDate } from '../core/dates.js';
import { IdEntity, requireText, type TiContext } from './entity.js';
import type { Paged, PageOptions } from './request.js';
import { pickEntity } from './wire.js';
import type { DateInput, TaskData, TaskStatus, UserData } from './types.js';

export interface TaskInput {
  id?: number;
  /** owner name (`owner=`) */
  owner?: string;
  name?: string;
  status?: TaskStatus;
  description?: string;
  dueDate?: DateInput;
  reminderDate?: DateInput;
  escalationDate?: DateInput;
  /** user names to assign */
  assignees?: string[];
  /** user names to escalate to */
  escalatees?: string[];
}

const DATES = ['dueDate', 'reminderDate', 'escalationDate'] as const;

/** A task (`/v2/tasks/{id}`): CRUD, metadata, associations, assignees and escalatees. */
export class Task extends IdEntity<TaskData, unknown, Omit<TaskInput, 'id' | 'owner'>> {
  readonly fields: TaskInput;

  constructor(ctx: TiContext, input: TaskInput = {}) {
    super(ctx, input.owner, input.id);
    this.fields = { ...input };
    taskBody(this.fields);
  }

  protected collectionPath(): string {
    return '/v2/tasks';
  }
  protected entityKey(): string {
    return 'task';
  }
  protected describe(): string {
    return 'the task';
  }
  protected body(): Record<string, unknown> {
    return taskBody(this.fields);
  }
  protected checkCreate(body: Record<string, unknown>): void {
    if (!body.name) throw new TcConfigError('name', this.fields.name, 'is required to create a Task');
  }

  assignees(options?: PageOptions): Paged<UserData> {
    return this.paged('/assignees', 'user', options);
  }
  async assignee(userName: string): Promise<UserData> {
    return pickEntity(await this.person('GET', '/assignees', userName), 'user');
  }
  async addAssignee(userName: string): Promise<void> {
    await this.person('POST', '/assignees', userName);
  }
  async deleteAssignee(userName: string): Promise<void> {
    await this.person('DELETE', '/assignees', userName);
  }

  escalatees(options?: PageOptions): Paged<UserData> {
    return this.paged('/escalatees', 'user', options);
  }
  async escalatee(userName: string): Promise<UserData> {
    return pickEntity(await this.person('GET', '/escalatees', userName), 'user');
  }
  async addEscalatee(userName: string): Promise<void> {
    await this.person('POST', '/escalatees', userName);
  }
  async deleteEscalatee(userName: string): Promise<void> {
    await this.person('DELETE', '/escalatees', userName);
  }

  /** One assignee or escalatee by user name: read it, add it (empty body) or remove it. */
  private person(method: 'GET' | 'POST' | 'DELETE', list: string, userName: string): Promise<Record<string, unknown> | undefined> {
    const path = `${list}/${encodeSegment(requireText('userName', userName))}`;
    return this.call(method, path, method === 'POST' ? {} : undefined);
  }
}


function taskBody(input: TaskInput): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (input.name !== undefined) body.name = requireText('name', input.name);
  if (input.description !== undefined) body.description = input.description;
  if (input.status !== undefined) {
    if (!(TASK_STATUSES as readonly string[]).includes(input.status)) {
      throw new TcConfigError('status', input.status, `must be one of ${TASK_STATUSES.join(', ')}`);
    }
    body.status = input.status;
  }
  for (const field of DATES) if (input[field] !== undefined) body[field] = isoDate(field, input[field] as DateInput);
  if (input.assignees !== undefined) body.assignee = userList('assignees', input.assignees);
  if (input.escalatees !== undefined) body.escalatee = userList('escalatees', input.escalatees);
  return body;
}

function userList(field: string, names: unknown): Array<{ userName: string }> {
  if (!Array.isArray(names)) throw new TcConfigError(field, names, 'must be a list of user names');
  return names.map((n) => ({ userName: requireText(field, n) }));
}
