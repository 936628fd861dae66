import type { PlatformContext } from '../../context.js';
import type { PlatformRequest } from '../../http/request.js';
import { ok } from '../../http/respond.js';
import type { Router } from '../../http/router.js';
import { notFound } from '../../http/errors.js';
import { groupBranch, indicatorBranch, resolveGroup, resolveIndicator, resolveTask, resolveVictim, storeOf, type ResolvedItem } from './items.js';
import { groupCollection, indicatorCollection, taskCollection, victimCollection, type Scope } from './collections.js';
import { includesOf } from './params.js';
import { Presenter } from './shapes.js';

/**
 * Items carrying a tag (`/v2/tags/{name}/...`, owner-scoped like tags) or a security label
 * (`/v2/securityLabels/{name}/...`, in the owner named by `owner=`).
 */
interface PivotKind {
  base: string;
  scope(req: PlatformRequest): Scope;
  carries(req: PlatformRequest, item: ResolvedItem): boolean;
}

const TAG: PivotKind = {
  base: '/v2/tags/:tagName',
  scope(req) {
    const owner = req.owner();
    const tagId = storeOf(req).meta.tagId(owner.id, req.params.tagName, false);
    if (tagId === undefined) throw notFound();
    return { ownerId: owner.id, tagId };
  },
  carries(req, item) {
    const tagId = storeOf(req).meta.tagId(item.owner.id, req.params.tagName, false);
    return tagId !== undefined && storeOf(req).meta.hasTag(item.ref, tagId);
  },
};

const LABEL: PivotKind = {
  base: '/v2/securityLabels/:labelName',
  scope(req) {
    const label = storeOf(req).meta.label(req.params.labelName);
    if (!label) throw notFound();
    return { ownerId: req.owner().id, labelId: label.id };
  },
  carries(req, item) {
    const label = storeOf(req).meta.label(req.params.labelName);
    return label !== undefined && storeOf(req).meta.hasLabel(item.ref, label.id);
  },
};

function registerPivot(router: Router, kind: PivotKind): void {
  const b = kind.base;
  const single = (req: PlatformRequest) => new Presenter(req.ctx, { inList: false, generic: false, includes: includesOf(req) });
  const carried = (req: PlatformRequest, item: ResolvedItem) => {
    if (!kind.carries(req, item)) throw notFound();
    return item;
  };

  router.get(`${b}/groups`, (req) => groupCollection(req, kind.scope(req)));
  router.get(`${b}/groups/:branch`, (req) => groupCollection(req, kind.scope(req), groupBranch(req.params.branch)));
  router.get(`${b}/groups/:branch/:id`, (req) => {
    const item = carried(req, resolveGroup(req, req.params.branch, req.params.id));
    return ok({ [item.groupType!.entity]: single(req).groups([item.group!])[0] });
  });
  router.get(`${b}/indicators`, (req) => indicatorCollection(req, kind.scope(req)));
  router.get(`${b}/indicators/:branch`, (req) => indicatorCollection(req, kind.scope(req), indicatorBranch(req.params.branch)));
  router.get(`${b}/indicators/:branch/:value`, (req) => {
    const item = carried(req, resolveIndicator(req, req.params.branch, req.params.value));
    return ok({ [item.indicatorType!.entity]: single(req).indicators([item.indicator!])[0] });
  });
  router.get(`${b}/tasks`, (req) => taskCollection(req, kind.scope(req)));
  router.get(`${b}/tasks/:id`, (req) => ok({ task: single(req).groups([carried(req, resolveTask(req, req.params.id)).group!])[0] }));
  router.get(`${b}/victims`, (req) => victimCollection(req, kind.scope(req)));
  router.get(`${b}/victims/:id`, (req) => ok({ victim: single(req).victims([carried(req, resolveVictim(req, req.params.id)).victim!])[0] }));
}

export function register(router: Router, _ctx: PlatformContext): void {
  registerPivot(router, TAG);
  registerPivot(router, LABEL);
}
