import type { GroupTypeInfo, IndicatorTypeInfo } from '../../../model/index.js';
import type { PlatformRequest } from '../../http/request.js';
import { list, type PlatformResponse } from '../../http/respond.js';
import type { AssociationRef } from '../../store/index.js';
import { filtersOf, includesOf, paging } from './params.js';
import { storeOf } from './items.js';
import { Presenter } from './shapes.js';

/** What a collection is restricted to: an owner, the items linked to one item, a tag or a label. */
export interface Scope {
  ownerId?: number;
  associatedWith?: AssociationRef;
  associationType?: string;
  tagId?: number;
  labelId?: number;
}

/** Paging, filters and includes come from the request; the scope from the route. */
function common(req: PlatformRequest, allowNot = false) {
  const { conditions, any } = filtersOf(req, allowNot);
  const page = paging(req);
  return { page, query: { conditions, anyCondition: any, start: page.start, limit: page.limit, withTotal: page.withTotal } };
}

/** Indicators: generic (`indicator[]` with summary) or of one type (`<entity>[]` with value fields). */
export function indicatorCollection(req: PlatformRequest, scope: Scope, info?: IndicatorTypeInfo): PlatformResponse {
  const { page, query } = common(req);
  const result = storeOf(req).indicators.list({ ...scope, ...query, type: info?.name, modifiedSince: req.query.get('modifiedSince') ?? undefined });
  const presenter = new Presenter(req.ctx, { inList: true, generic: !info, includes: includesOf(req) });
  return list(info ? info.entity : 'indicator', presenter.indicators(result.items), result.total ?? 0, page.start);
}

/** Groups (tasks excluded): generic `group[]` or typed. */
export function groupCollection(req: PlatformRequest, scope: Scope, info?: GroupTypeInfo): PlatformResponse {
  const { page, query } = common(req);
  const result = storeOf(req).groups.list({ ...scope, ...query, type: info?.name });
  const presenter = new Presenter(req.ctx, { inList: true, generic: !info, includes: includesOf(req) });
  return list(info ? info.entity : 'group', presenter.groups(result.items), result.total ?? 0, page.start);
}

export function taskCollection(req: PlatformRequest, scope: Scope): PlatformResponse {
  const { page, query } = common(req, true);
  const result = storeOf(req).groups.list({ ...scope, ...query, type: 'Task' });
  const presenter = new Presenter(req.ctx, { inList: true, generic: false, includes: includesOf(req) });
  return list('task', presenter.groups(result.items), result.total ?? 0, page.start);
}

export function victimCollection(req: PlatformRequest, scope: Scope): PlatformResponse {
  const { page, query } = common(req);
  const result = storeOf(req).victims.list({ ...scope, ...query });
  const presenter = new Presenter(req.ctx, { inList: true, generic: false, includes: includesOf(req) });
  return list('victim', presenter.victims(result.items), result.total ?? 0, page.start);
}
