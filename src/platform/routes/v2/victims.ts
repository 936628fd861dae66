import type { PlatformContext } from '../../context.js';
import type { PlatformRequest } from '../../http/request.js';
import { created, list, ok, success } from '../../http/respond.js';
import type { Router } from '../../http/router.js';
import { VICTIM_ASSET_TYPES, victimAssetType, type VictimAssetRecord, type VictimInput } from '../../store/index.js';
import { bodyObject, includesOf, numericId } from './params.js';
import { victimCollection } from './collections.js';
import { notFound } from '../../http/errors.js';
import { resolveVictim, storeOf, writableOwner } from './items.js';
import { Presenter } from './shapes.js';

function victimFields(body: Record<string, any>): VictimInput {
  const out: Record<string, unknown> = {};
  for (const k of ['name', 'description', 'org', 'suborg', 'workLocation', 'nationality']) if (body[k] !== undefined) out[k] = body[k];
  return out as VictimInput;
}

/** Typed asset items carry their own fields; the generic asset list shows `name`. */
export function victimAssetJson(req: PlatformRequest, a: VictimAssetRecord, typed: boolean): Record<string, unknown> {
  const t = victimAssetType(a.type)!;
  const out: Record<string, unknown> = { id: a.id };
  if (!typed) out.name = a.value;
  out.type = a.type;
  out.webLink = `${req.ctx.origin}/auth/victim/victim.xhtml?victim=${a.victimId}`;
  if (typed) {
    out[t.valueField] = a.value;
    if (t.detailField && a.detail !== null) out[t.detailField] = a.detail;
  }
  return out;
}

export function assetTypeOf(branch: string) {
  const t = VICTIM_ASSET_TYPES.find((v) => v.branch.toLowerCase() === branch.toLowerCase());
  if (!t) throw notFound();
  return t;
}

export function register(router: Router, _ctx: PlatformContext): void {
  const single = (req: PlatformRequest, id: number) =>
    new Presenter(req.ctx, { inList: false, generic: false, includes: includesOf(req) }).victims([storeOf(req).victims.get(id)!])[0];

  router.get('/v2/victims', (req) => victimCollection(req, { ownerId: req.owner().id }));

  router.get('/v2/victims/:id', (req) => ok({ victim: single(req, resolveVictim(req, req.params.id).ref.id) }));

  router.post('/v2/victims', async (req) => {
    const body = await bodyObject(req);
    const owner = writableOwner(req, 'Victim', 'saved');
    const victim = storeOf(req).victims.create(owner.id, victimFields(body));
    return created({ victim: single(req, victim.id) });
  });

  router.put('/v2/victims/:id', async (req) => {
    const body = await bodyObject(req);
    const item = resolveVictim(req, req.params.id, { write: true, operation: 'updated' });
    storeOf(req).victims.update(item.ref.id, victimFields(body));
    return ok({ victim: single(req, item.ref.id) });
  });

  router.delete('/v2/victims/:id', (req) => {
    const item = resolveVictim(req, req.params.id, { write: true, operation: 'deleted' });
    storeOf(req).victims.delete(item.ref.id);
    return success();
  });

  // ---- victim assets ----

  router.get('/v2/victims/:id/victimAssets', (req) => {
    const item = resolveVictim(req, req.params.id);
    const rows = storeOf(req).victims.assets(item.ref.id).map((a) => victimAssetJson(req, a, false));
    return list('victimAsset', rows, rows.length, 0);
  });
  router.get('/v2/victims/:id/victimAssets/:assetType', (req) => {
    const t = assetTypeOf(req.params.assetType);
    const item = resolveVictim(req, req.params.id);
    const rows = storeOf(req).victims.assets(item.ref.id, t.type).map((a) => victimAssetJson(req, a, true));
    return list(t.entity, rows, rows.length, 0);
  });
  router.post('/v2/victims/:id/victimAssets/:assetType', async (req) => {
    const t = assetTypeOf(req.params.assetType);
    const body = await bodyObject(req);
    const item = resolveVictim(req, req.params.id, { write: true, operation: 'saved' });
    const asset = storeOf(req).victims.addAsset(item.ref.id, t.type, body);
    return created({ [t.entity]: victimAssetJson(req, asset, true) });
  });
  const oneAsset = (req: PlatformRequest, operation?: string) => {
    const t = assetTypeOf(req.params.assetType);
    const item = resolveVictim(req, req.params.id, operation ? { write: true, operation } : {});
    const assetId = numericId(req.params.assetId);
    const asset = assetId === undefined ? undefined : storeOf(req).victims.getAsset(assetId);
    if (!asset || asset.victimId !== item.ref.id || asset.type !== t.type) throw notFound();
    return { t, asset };
  };
  router.get('/v2/victims/:id/victimAssets/:assetType/:assetId', (req) => {
    const { t, asset } = oneAsset(req);
    return ok({ [t.entity]: victimAssetJson(req, asset, true) });
  });
  router.put('/v2/victims/:id/victimAssets/:assetType/:assetId', async (req) => {
    const body = await bodyObject(req);
    const { t, asset } = oneAsset(req, 'updated');
    const updated = storeOf(req).victims.updateAsset(asset.id, body);
    return ok({ [t.entity]: victimAssetJson(req, updated!, true) });
  });
  router.delete('/v2/victims/:id/victimAssets/:assetType/:assetId', (req) => {
    const { asset } = oneAsset(req, 'deleted');
    storeOf(req).victims.deleteAsset(asset.id);
    return success();
  });
}
