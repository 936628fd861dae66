import { TcConfigError } from '../core/errors.js';
import { encodeSegment } from '../client/url.js';
import type { IndicatorTypeInfo } from '../model/index.js';
import type { IndicatorValidator } from '../indicators/index.js';
import { groupTypeOf, indicatorTypeOf, type ApiFilterName, type PostFilterField, type ResourceSpec } from './resources.js';
import { postFilter, type PostFilter, type PostOperator } from './post-filters.js';

/** How several filter objects combine: AND intersects with the results so far, OR joins them. */
export type FilterSetOperator = 'AND' | 'OR';

/** One request an API filter stands for. */
export interface RequestPlan {
  filter: ApiFilterName | 'owner';
  description: string;
  path: string;
  entity: string;
  /** whether `owner=` is sent (results are still checked against the owner either way) */
  ownerAllowed: boolean;
  /** false for endpoints that return one item */
  paginated: boolean;
  /** type name stamped on items of typed endpoints, which do not carry one */
  itemType?: string;
  /** the container's own collection (owner-only filter): the only request `modifiedSince` goes on */
  base: boolean;
}

/**
 * One filter object of a container: API filters (each one request per owner; their results are joined, OR),
 * post filters (run client-side on those results; all must match, AND), owners, and how the object combines
 * with the ones before it.
 */
export class FilterObject {
  private readonly plans: RequestPlan[] = [];
  private readonly posts: PostFilter[] = [];
  private readonly ownerNames: string[] = [];
  private setOperator: FilterSetOperator;

  constructor(
    readonly resource: ResourceSpec,
    readonly indicatorType: IndicatorTypeInfo | undefined,
    private readonly validator: IndicatorValidator,
    operator: FilterSetOperator = 'AND',
  ) {
    this.setOperator = checkSetOperator(operator);
  }

  /** Owners whose data this object reads; each API filter is requested once per owner. Default: the client's owner. */
  owner(...names: Array<string | string[]>): this {
    for (const name of names.flat()) {
      if (typeof name !== 'string' || !name.trim()) throw new TcConfigError('owner', name, 'must be a non-empty owner name');
      if (!this.ownerNames.includes(name)) this.ownerNames.push(name);
    }
    return this;
  }

  /** AND (default) intersects this object's results with the objects before it; OR joins them. Ignored on the first. */
  operator(op: FilterSetOperator): this {
    this.setOperator = checkSetOperator(op);
    return this;
  }

  adversaryId(id: number): this {
    return this.groupPivot('adversaryId', 'Adversary', id);
  }
  campaignId(id: number): this {
    return this.groupPivot('campaignId', 'Campaign', id);
  }
  documentId(id: number): this {
    return this.groupPivot('documentId', 'Document', id);
  }
  emailId(id: number): this {
    return this.groupPivot('emailId', 'Email', id);
  }
  incidentId(id: number): this {
    return this.groupPivot('incidentId', 'Incident', id);
  }
  signatureId(id: number): this {
    return this.groupPivot('signatureId', 'Signature', id);
  }
  threatId(id: number): this {
    return this.groupPivot('threatId', 'Threat', id);
  }

  /** Items associated with the group of any type (`groupId('Intrusion Set', 12)`). */
  groupId(type: string, id: number): this {
    const info = groupTypeOf('groupId.type', type);
    return this.groupPivot('groupId', info.name, id);
  }

  /** The one item with this id (typed groups, tasks, victims, owners, batch jobs). */
  id(id: number): this {
    this.allow('id', id);
    const n = checkId('id', id);
    const r = this.resource;
    this.plans.push({
      filter: 'id',
      description: `api filter by id ${n}`,
      path: `${r.path}/${n}`,
      entity: r.entity,
      ownerAllowed: r.kind !== 'batchJobs',
      paginated: false,
      itemType: r.groupType?.name,
      base: false,
    });
    return this;
  }

  /**
   * On indicator containers: that indicator. On others: the items associated with it (owners: who holds it).
   * The type is detected from the value unless given.
   */
  indicator(value: string, type?: string): this {
    this.allow('indicator', value);
    const resolved = this.validator.resolve(value, { type, field: 'filter.indicator' });
    const info = indicatorTypeOf('filter.indicator.type', resolved.type);
    const r = this.resource;
    const segment = encodeSegment(info.name === 'File' ? resolved.values.find(Boolean) ?? resolved.summary : resolved.summary);
    const path = `/v2/indicators/${info.branch}/${segment}`;
    const description = `api filter by indicator ${JSON.stringify(resolved.summary)}`;
    if (r.kind === 'indicators') {
      if (this.indicatorType && this.indicatorType.name !== info.name) {
        throw new TcConfigError('filter.indicator', value, `is a ${info.name}, but this filter is restricted to ${this.indicatorType.name}`);
      }
      this.plans.push({ filter: 'indicator', description, path, entity: info.entity, ownerAllowed: true, paginated: false, itemType: info.name, base: false });
      return this;
    }
    const target = this.target();
    this.plans.push({ filter: 'indicator', description, path: path + target.suffix, entity: target.entity, ownerAllowed: r.kind !== 'owners', paginated: true, itemType: target.itemType, base: false });
    return this;
  }

  /** Items carrying this security label. */
  securityLabel(name: string): this {
    this.allow('securityLabel', name);
    checkText('securityLabel', name);
    return this.pivot('securityLabel', `api filter by security label ${JSON.stringify(name)}`, `/v2/securityLabels/${encodeSegment(name)}`, true);
  }

  /** Items carrying this tag. */
  tag(name: string): this {
    this.allow('tag', name);
    checkText('tag', name);
    return this.pivot('tag', `api filter by tag ${JSON.stringify(name)}`, `/v2/tags/${encodeSegment(name)}`, true);
  }

  /** Items associated with this task. */
  taskId(id: number): this {
    this.allow('taskId', id);
    const n = checkId('taskId', id);
    return this.pivot('taskId', `api filter by task id ${n}`, `/v2/tasks/${n}`, true);
  }

  /** Items associated with this victim. */
  victimId(id: number): this {
    this.allow('victimId', id);
    const n = checkId('victimId', id);
    return this.pivot('victimId', `api filter by victim id ${n}`, `/v2/victims/${n}`, this.resource.kind === 'tasks');
  }

  /**
   * A client-side filter on the results of this object's requests: `postFilter('rating', 3, 'GE')`. Numbers for
   * confidence/rating/threat assess fields, dates for dateAdded/lastModified, text for name/type/fileType/tag/attribute.
   */
  postFilter(field: PostFilterField, value: unknown, operator: PostOperator | Lowercase<PostOperator> = 'EQ'): this {
    if (!this.resource.postFilters.includes(field)) {
      throw new TcConfigError(`postFilter.${field}`, value, `is not a post filter of ${this.resource.name}; use one of ${this.resource.postFilters.join(', ') || '(none)'}`);
    }
    this.posts.push(postFilter(field, value, operator));
    return this;
  }

  get owners(): readonly string[] {
    return this.ownerNames;
  }

  get setOp(): FilterSetOperator {
    return this.setOperator;
  }

  get requests(): readonly RequestPlan[] {
    return this.plans;
  }

  get postFilters(): readonly PostFilter[] {
    return this.posts;
  }

  get apiFilterNames(): string[] {
    return [...new Set(this.plans.map((p) => p.filter))].sort();
  }

  get postFilterNames(): string[] {
    return [...new Set(this.posts.map((p) => p.field))].sort();
  }

  /** The request for the container itself, used when the object has no API filter (an owner-only filter). */
  baseRequest(): RequestPlan {
    const r = this.resource;
    const t = this.indicatorType;
    return {
      filter: 'owner',
      description: `${t ? `${t.name} ` : ''}owner filter`,
      path: t ? `/v2/indicators/${t.branch}` : r.path,
      entity: t ? t.entity : r.entity,
      ownerAllowed: r.kind !== 'batchJobs',
      paginated: true,
      itemType: t?.name ?? r.groupType?.name,
      base: true,
    };
  }

  /** A readable summary, like printing a legacy filter object. */
  toString(): string {
    const lines = [
      `Filter Object (${this.resource.name}${this.indicatorType ? `, ${this.indicatorType.name}` : ''})`,
      `  Operator          ${this.setOperator}`,
      `  Request Objects   ${this.plans.length}`,
      `  Owners            ${this.ownerNames.join(', ') || '(default)'}`,
      ...this.plans.map((p) => `  Filter            ${p.description}`),
      ...this.posts.map((p) => `  Post Filter       ${p.description}`),
      `  API Filters       ${this.resource.apiFilters.join(', ') || '(none)'}`,
      `  Post Filters      ${this.resource.postFilters.join(', ') || '(none)'}`,
    ];
    return lines.join('\n');
  }

  private groupPivot(name: ApiFilterName, type: string, id: number): this {
    this.allow(name, id);
    const n = checkId(name, id);
    const info = groupTypeOf(`${name}.type`, type);
    return this.pivot(name, `api filter by ${info.name.toLowerCase()} id ${n}`, `/v2/groups/${info.branch}/${n}`, this.resource.kind === 'tasks');
  }

  private pivot(name: ApiFilterName, description: string, prefix: string, ownerAllowed: boolean): this {
    const target = this.target();
    this.plans.push({ filter: name, description, path: prefix + target.suffix, entity: target.entity, ownerAllowed, paginated: true, itemType: target.itemType, base: false });
    return this;
  }

  /** The path suffix and data key for "items of this container associated with X". */
  private target(): { suffix: string; entity: string; itemType?: string } {
    const r = this.resource;
    const t = this.indicatorType;
    switch (r.kind) {
      case 'indicators':
        return t ? { suffix: `/indicators/${t.branch}`, entity: t.entity, itemType: t.name } : { suffix: '/indicators', entity: 'indicator' };
      case 'groups':
        return r.groupType
          ? { suffix: `/groups/${r.groupType.branch}`, entity: r.groupType.entity, itemType: r.groupType.name }
          : { suffix: '/groups', entity: 'group' };
      case 'tasks':
        return { suffix: '/tasks', entity: 'task' };
      case 'victims':
        return { suffix: '/victims', entity: 'victim' };
      case 'owners':
        return { suffix: '/owners', entity: 'owner' };
      default:
        throw new TcConfigError('filter', r.name, 'has no associations to filter by');
    }
  }

  private allow(name: ApiFilterName, value: unknown): void {
    if (!this.resource.apiFilters.includes(name)) {
      throw new TcConfigError(`filter.${name}`, value, `is not an API filter of ${this.resource.name}; use one of ${this.resource.apiFilters.join(', ')}`);
    }
  }
}

function checkSetOperator(op: unknown): FilterSetOperator {
  const v = String(op ?? '').toUpperCase();
  if (v !== 'AND' && v !== 'OR') throw new TcConfigError('operator', op, 'must be AND or OR');
  return v;
}

function checkId(field: string, id: unknown): number {
  const n = typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) throw new TcConfigError(field, id, 'must be a positive integer id');
  return n;
}

function checkText(field: string, value: unknown): void {
  if (typeof value !== 'string' || !value.trim()) throw new TcConfigError(field, value, 'must be a non-empty string');
}
