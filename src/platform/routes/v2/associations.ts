import { linkWriter } from '../../auth/owners.js';
import type { PlatformContext } from '../../context.js';
import { ApiFailure } from '../../http/errors.js';
import type { PlatformRequest } from '../../http/request.js';
import { list, ok, success } from '../../http/respond.js';
import type { Router } from '../../http/router.js';
import { associationTypeKey, indicatorAssociationType, type AssociationRef } from '../../store/index.js';
import { bodyObject, includesOf, numericId, paging } from './params.js';
import {
  ITEM_PREFIXES,
  groupBranch,
  indicatorBranch,
  notFound,
  resolveGroup,
  resolveIndicator,
  resolveTask,
  resolveVictim,
  storeOf,
  type ItemPrefix,
  type ResolvedItem,
} from './items.js';
import { groupCollection, indicatorCollection, taskCollection, victimCollection } from './collections.js';
import { Presenter } from './shapes.js';
import { assetTypeOf, victimAssetJson } from './victims.js';

const invalid = (from: string, to: string, why = '') => new ApiFailure(400, `Invalid association, a ${from} cannot be associated with a ${to}${why}`);

/** The word for an item in association messages: its type name (Host, Incident, Task, Victim). */
function typeWord(item: ResolvedItem): string {
  return item.indicator?.type ?? item.group?.type ?? 'Victim';
}

/** Checks a link both ends allow, then makes or removes it. */
function link(req: PlatformRequest, from: ResolvedItem, to: ResolvedItem | { ref: AssociationRef; word: string }, remove: boolean): void {
  const store = storeOf(req);
  const toRef = to.ref;
  const toWord = 'word' in to ? to.word : typeWord(to);
  if (from.ref.kind === toRef.kind && from.ref.id === toRef.id) throw invalid(typeWord(from), toWord, ' (the same item)');
  if (from.ref.kind === 'victim' && (toRef.kind === 'indicator' || toRef.kind === 'victim')) throw invalid('Victim', toWord);
  if (toRef.kind === 'victim' && (from.ref.kind === 'indicator' || from.ref.kind === 'victim')) throw invalid(typeWord(from), 'Victim');
  if (from.ref.kind === 'indicator' && toRef.kind === 'indicator') {
    throw invalid(typeWord(from), toWord, ' directly; use /associations/{type}/indicators/{branch}/{value}');
  }
  const writer = v2Links(req);
  store.associations.checkWrite(from.ref, toRef, writer);
  if (remove) {
    if (!store.associations.dissociate(from.ref, toRef, '', writer)) throw notFound();
    return;
  }
  // a victim joins groups only once it has an asset [DOC]
  const victim = from.ref.kind === 'victim' ? from.ref.id : toRef.kind === 'victim' ? toRef.id : undefined;
  if (victim !== undefined && store.victims.assets(victim).length === 0) {
    throw new ApiFailure(400, 'Invalid association, a Victim must have at least one Victim Asset before it can be associated');
  }
  store.associations.associate(from.ref, toRef, '', writer);
}

/** v2 links both ends within one owner, which the caller must be able to write to. */
const v2Links = (req: PlatformRequest) => linkWriter(req.ctx, req.user, false);

/** GET of one associated item: the item if linked, else 404. */
function linkedOrNotFound(req: PlatformRequest, from: ResolvedItem, to: AssociationRef): void {
  if (!storeOf(req).associations.isAssociated(from.ref, to)) throw notFound();
}

function registerItemAssociations(router: Router, prefix: ItemPrefix): void {
  const p = prefix.pattern;
  const isVictim = p.startsWith('/v2/victims');
  const isIndicator = p.startsWith('/v2/indicators');
  const read = (req: PlatformRequest) => prefix.resolve(req);
  const write = (req: PlatformRequest) => prefix.resolve(req, { write: true, operation: 'updated' });
  const single = (req: PlatformRequest) => new Presenter(req.ctx, { inList: false, generic: false, includes: includesOf(req) });
  /** POST links the item to the target, DELETE unlinks them; the target is resolved first for either. */
  const linkRoutes = (path: string, target: (req: PlatformRequest) => Parameters<typeof link>[2]) => {
    for (const [method, remove] of [
      ['post', false],
      ['delete', true],
    ] as const) {
      router[method](path, (req) => {
        link(req, write(req), target(req), remove);
        return success();
      });
    }
  };

  // ---- groups ----
  router.get(`${p}/groups`, (req) => groupCollection(req, { associatedWith: read(req).ref }));
  router.get(`${p}/groups/:tbranch`, (req) => {
    const info = groupBranch(req.params.tbranch);
    return groupCollection(req, { associatedWith: read(req).ref }, info);
  });
  router.get(`${p}/groups/:tbranch/:tid`, (req) => {
    const from = read(req);
    const to = resolveGroup(req, req.params.tbranch, req.params.tid);
    linkedOrNotFound(req, from, to.ref);
    return ok({ [to.groupType!.entity]: single(req).groups([to.group!])[0] });
  });
  linkRoutes(`${p}/groups/:tbranch/:tid`, (req) => resolveGroup(req, req.params.tbranch, req.params.tid));

  // ---- indicators ----
  if (isVictim) {
    // no direct victim-indicator links: these are the indicators sharing a group with the victim
    router.get(`${p}/indicators`, (req) => sharedThroughGroups(req, read(req), 'indicator'));
    router.get(`${p}/victims`, (req) => sharedThroughGroups(req, read(req), 'victim'));
  } else {
    router.get(`${p}/indicators`, (req) => indicatorCollection(req, { associatedWith: read(req).ref }));
    router.get(`${p}/indicators/:tbranch`, (req) => {
      const info = indicatorBranch(req.params.tbranch);
      return indicatorCollection(req, { associatedWith: read(req).ref }, info);
    });
    router.get(`${p}/indicators/:tbranch/:tvalue`, (req) => {
      const from = read(req);
      const to = resolveIndicator(req, req.params.tbranch, req.params.tvalue);
      linkedOrNotFound(req, from, to.ref);
      return ok({ [to.indicatorType!.entity]: single(req).indicators([to.indicator!])[0] });
    });
    if (!isIndicator) {
      router.post(`${p}/indicators/:tbranch/:tvalue`, (req) => {
        link(req, write(req), resolveIndicator(req, req.params.tbranch, req.params.tvalue), false);
        return success();
      });
    }
    router.delete(`${p}/indicators/:tbranch/:tvalue`, (req) => {
      const from = write(req);
      const to = resolveIndicator(req, req.params.tbranch, req.params.tvalue);
      if (isIndicator) {
        // removes every typed link between the two indicators
        const store = storeOf(req);
        let removed = false;
        for (const type of store.associations.typesBetween(from.ref, to.ref)) removed = store.associations.dissociate(from.ref, to.ref, type, v2Links(req)) || removed;
        if (!removed) throw notFound();
      } else {
        link(req, from, to, true);
      }
      return success();
    });
  }

  // ---- victims ----
  if (!isVictim) {
    router.get(`${p}/victims`, (req) => victimCollection(req, { associatedWith: read(req).ref }));
    router.get(`${p}/victims/:tid`, (req) => {
      const from = read(req);
      const to = resolveVictim(req, req.params.tid);
      linkedOrNotFound(req, from, to.ref);
      return ok({ victim: single(req).victims([to.victim!])[0] });
    });
    linkRoutes(`${p}/victims/:tid`, (req) => resolveVictim(req, req.params.tid));

    // ---- victim assets (a victim's own assets are served by the victims family) ----
    const assetsOf = (req: PlatformRequest, type?: string) => {
      const store = storeOf(req);
      return store.associations
        .linked(read(req).ref, 'victimAsset')
        .map((id) => store.victims.getAsset(id)!)
        .filter((a) => a && (!type || a.type === type));
    };
    router.get(`${p}/victimAssets`, (req) => {
      const page = paging(req);
      const all = assetsOf(req).map((a) => victimAssetJson(req, a, false));
      return list('victimAsset', all.slice(page.start, page.start + page.limit), all.length, page.start);
    });
    router.get(`${p}/victimAssets/:assetType`, (req) => {
      const t = assetTypeOf(req.params.assetType);
      const page = paging(req);
      const all = assetsOf(req, t.type).map((a) => victimAssetJson(req, a, true));
      return list(t.entity, all.slice(page.start, page.start + page.limit), all.length, page.start);
    });
    const assetEnd = (req: PlatformRequest) => {
      const t = assetTypeOf(req.params.assetType);
      const id = numericId(req.params.assetId);
      const asset = id === undefined ? undefined : storeOf(req).victims.getAsset(id);
      if (!asset || asset.type !== t.type) throw notFound();
      // the asset's victim must be visible to the caller (its owner is checked again by the association rule)
      resolveVictim(req, String(asset.victimId));
      return { t, asset, end: { ref: { kind: 'victimAsset' as const, id: asset.id }, word: 'Victim Asset' } };
    };
    router.get(`${p}/victimAssets/:assetType/:assetId`, (req) => {
      const from = read(req);
      const { t, asset, end } = assetEnd(req);
      linkedOrNotFound(req, from, end.ref);
      return ok({ [t.entity]: victimAssetJson(req, asset, true) });
    });
    linkRoutes(`${p}/victimAssets/:assetType/:assetId`, (req) => assetEnd(req).end);
  }

  // ---- tasks ----
  router.get(`${p}/tasks`, (req) => taskCollection(req, { associatedWith: read(req).ref }));
  router.get(`${p}/tasks/:tid`, (req) => {
    const from = read(req);
    const to = resolveTask(req, req.params.tid);
    linkedOrNotFound(req, from, to.ref);
    return ok({ task: single(req).groups([to.group!])[0] });
  });
  linkRoutes(`${p}/tasks/:tid`, (req) => resolveTask(req, req.params.tid));
}

/** Items linked to the victim's groups (the docs' indirect victim → indicator / victim pivots). */
function sharedThroughGroups(req: PlatformRequest, victim: ResolvedItem, kind: 'indicator' | 'victim') {
  const store = storeOf(req);
  const ids = new Set<number>();
  for (const groupId of store.associations.linked(victim.ref, 'group')) {
    for (const id of store.associations.linked({ kind: 'group', id: groupId }, kind)) if (!(kind === 'victim' && id === victim.ref.id)) ids.add(id);
  }
  const page = paging(req);
  const sorted = [...ids].sort((a, b) => a - b);
  const slice = sorted.slice(page.start, page.start + page.limit);
  const presenter = new Presenter(req.ctx, { inList: true, generic: true, includes: includesOf(req) });
  if (kind === 'indicator') return list('indicator', presenter.indicators(slice.map((id) => store.indicators.get(id)!)), sorted.length, page.start);
  return list('victim', presenter.victims(slice.map((id) => store.victims.get(id)!)), sorted.length, page.start);
}

/** Typed indicator-to-indicator links: `/v2/indicators/{b}/{v}/associations/{type}/indicators[/{b}[/{v}]]`. */
function registerIndicatorAssociations(router: Router): void {
  const base = '/v2/indicators/:branch/:value/associations/:assocType/indicators';
  const from = (req: PlatformRequest, write = false) =>
    resolveIndicator(req, req.params.branch, req.params.value, write ? { write: true, operation: 'updated' } : {});
  const typeKey = (req: PlatformRequest) => associationTypeKey(req.params.assocType);

  router.get(base, (req) => indicatorCollection(req, { associatedWith: from(req).ref, associationType: typeKey(req) }));
  router.get(`${base}/:tbranch`, (req) => {
    const info = indicatorBranch(req.params.tbranch);
    return indicatorCollection(req, { associatedWith: from(req).ref, associationType: typeKey(req) }, info);
  });
  router.get(`${base}/:tbranch/:tvalue`, (req) => {
    const a = from(req);
    const b = resolveIndicator(req, req.params.tbranch, req.params.tvalue);
    if (!storeOf(req).associations.isAssociated(a.ref, b.ref, typeKey(req))) throw notFound();
    return ok({ [b.indicatorType!.entity]: new Presenter(req.ctx, { inList: false, generic: false, includes: includesOf(req) }).indicators([b.indicator!])[0] });
  });
  router.post(`${base}/:tbranch/:tvalue`, async (req) => {
    await bodyObject(req);
    const a = from(req, true);
    const b = resolveIndicator(req, req.params.tbranch, req.params.tvalue);
    const builtIn = indicatorAssociationType(req.params.assocType);
    const [ta, tb] = [a.indicator!.type, b.indicator!.type];
    if (builtIn && !builtIn.pairs.some(([x, y]) => (x === ta && y === tb) || (x === tb && y === ta))) {
      throw invalid(ta, tb, ` through ${builtIn.name}`);
    }
    if (a.ref.id === b.ref.id) throw invalid(ta, tb, ' (the same item)');
    storeOf(req).associations.associate(a.ref, b.ref, typeKey(req), v2Links(req));
    return success();
  });
  router.delete(`${base}/:tbranch/:tvalue`, (req) => {
    const a = from(req, true);
    const b = resolveIndicator(req, req.params.tbranch, req.params.tvalue);
    if (!storeOf(req).associations.dissociate(a.ref, b.ref, typeKey(req), v2Links(req))) throw notFound();
    return success();
  });
}

const FILE_ACTIONS = new Set(['archive', 'drop', 'traffic', 'mutex', 'registrykey', 'useragent', 'dnsquery']);

/**
 * File actions (the "behavior graph"): `/v2/indicators/files/{hash}/actions/{action}/indicators[/{b}/{v}]`, kept as
 * typed links `fileAction:<action>` from the File to the indicator.
 */
function registerFileActions(router: Router): void {
  const base = '/v2/indicators/files/:value/actions/:action/indicators';
  const actionType = (req: PlatformRequest) => {
    const action = req.params.action.toLowerCase();
    if (!FILE_ACTIONS.has(action)) throw notFound();
    return `fileAction:${action}`;
  };
  const file = (req: PlatformRequest, write = false) => resolveIndicator(req, 'files', req.params.value, write ? { write: true, operation: 'updated' } : {});
  router.get(base, (req) => indicatorCollection(req, { associatedWith: file(req).ref, associationType: actionType(req) }));
  router.get(`${base}/:tbranch`, (req) => {
    const info = indicatorBranch(req.params.tbranch);
    return indicatorCollection(req, { associatedWith: file(req).ref, associationType: actionType(req) }, info);
  });
  router.post(`${base}/:tbranch/:tvalue`, (req) => {
    const type = actionType(req);
    const a = file(req, true);
    const b = resolveIndicator(req, req.params.tbranch, req.params.tvalue);
    storeOf(req).associations.associate(a.ref, b.ref, type, v2Links(req));
    return success();
  });
  router.delete(`${base}/:tbranch/:tvalue`, (req) => {
    const type = actionType(req);
    const a = file(req, true);
    const b = resolveIndicator(req, req.params.tbranch, req.params.tvalue);
    if (!storeOf(req).associations.dissociate(a.ref, b.ref, type, v2Links(req))) throw notFound();
    return success();
  });
}

export function register(router: Router, _ctx: PlatformContext): void {
  for (const prefix of ITEM_PREFIXES) registerItemAssociations(router, prefix);
  registerIndicatorAssociations(router);
  registerFileActions(router);
}
