import type { PlatformContext } from '../../context.js';
import { ApiFailure, notFound } from '../../http/errors.js';
import type { PlatformRequest } from '../../http/request.js';
import { created, list, ok, success } from '../../http/respond.js';
import type { Router } from '../../http/router.js';
import type { GroupRecord } from '../../store/index.js';
import { bodyObject, includesOf, numericId } from './params.js';
import { groupCollection } from './collections.js';
import { groupBranch, resolveGroup, storeOf, writableOwner } from './items.js';
import { Presenter } from './shapes.js';
import { groupPatch, groupReport } from '../../resources/group.js';

export function singleGroup(req: PlatformRequest, record: GroupRecord): Record<string, unknown> {
  return new Presenter(req.ctx, { inList: false, generic: false, includes: includesOf(req) }).groups([record])[0];
}

const ADVERSARY_ASSETS: Record<string, { type: string; field: string; entity: string }> = {
  handles: { type: 'Handle', field: 'handle', entity: 'adversaryHandle' },
  phonenumbers: { type: 'PhoneNumber', field: 'phoneNumber', entity: 'adversaryPhoneNumber' },
  urls: { type: 'URL', field: 'url', entity: 'adversaryUrl' },
};

function adversaryAssetKind(branch: string) {
  const kind = ADVERSARY_ASSETS[branch.toLowerCase()];
  if (!kind) throw notFound();
  return kind;
}

export function register(router: Router, _ctx: PlatformContext): void {
  router.get('/v2/groups', (req) => groupCollection(req, { ownerId: req.owner().id }));
  router.get('/v2/groups/:branch', (req) => groupCollection(req, { ownerId: req.owner().id }, groupBranch(req.params.branch)));

  router.get('/v2/groups/:branch/:id', (req) => {
    const item = resolveGroup(req, req.params.branch, req.params.id);
    return ok({ [item.groupType!.entity]: singleGroup(req, item.group!) });
  });

  router.post('/v2/groups/:branch', async (req) => {
    const info = groupBranch(req.params.branch);
    const body = await bodyObject(req);
    const owner = writableOwner(req, 'Group', 'saved');
    const record = storeOf(req).groups.create(owner.id, { ...groupPatch(body), type: info.name, createdBy: req.user!.id });
    return created({ [info.entity]: singleGroup(req, record) });
  });

  router.put('/v2/groups/:branch/:id', async (req) => {
    const body = await bodyObject(req);
    const item = resolveGroup(req, req.params.branch, req.params.id, { write: true, operation: 'updated' });
    const record = storeOf(req).groups.update(item.ref.id, groupPatch(body));
    return ok({ [item.groupType!.entity]: singleGroup(req, record!) });
  });

  router.delete('/v2/groups/:branch/:id', (req) => {
    const item = resolveGroup(req, req.params.branch, req.params.id, { write: true, operation: 'deleted' });
    storeOf(req).groups.delete(item.ref.id);
    return success();
  });

  // Publishing shares a group with communities; the local platform has no sharing, so it only acknowledges.
  router.post('/v2/groups/:branch/:id/publish', async (req) => {
    await bodyObject(req);
    resolveGroup(req, req.params.branch, req.params.id, { write: true, operation: 'published' });
    return success();
  });

  router.get('/v2/groups/:branch/:id/pdf', async (req) => {
    const item = resolveGroup(req, req.params.branch, req.params.id);
    if (item.group!.type === 'Document' || item.group!.type === 'Email') throw notFound();
    return { status: 200, raw: await groupReport(req.ctx, storeOf(req), item.group!), headers: { 'Content-Type': 'application/pdf' } };
  });

  // ---- document and report files ----

  for (const branch of ['documents', 'reports']) {
    const upload = (method: 'POST' | 'PUT') => async (req: PlatformRequest) => {
      const item = resolveGroup(req, branch, req.params.id, { write: true, operation: 'uploaded' });
      const bytes = await req.body();
      const store = storeOf(req);
      // a second POST without updateIfExists is refused, as the platform does (tcex then retries with PUT)
      if (method === 'POST' && !req.flag('updateIfExists') && store.groups.hasFile(item.ref.id)) {
        throw new ApiFailure(401, `The requested ${item.group!.type} was not uploaded - access was denied (a file exists; use PUT or updateIfExists=true)`);
      }
      store.groups.putFile(item.ref.id, bytes);
      return success();
    };
    router.post(`/v2/groups/${branch}/:id/upload`, upload('POST'));
    router.put(`/v2/groups/${branch}/:id/upload`, upload('PUT'));
    router.get(`/v2/groups/${branch}/:id/download`, (req) => {
      const item = resolveGroup(req, branch, req.params.id);
      const bytes = storeOf(req).groups.file(item.ref.id);
      if (!bytes) throw notFound();
      const name = String(item.group!.fields.fileName ?? `${item.ref.id}.bin`).replace(/"/g, '');
      return { status: 200, raw: bytes, headers: { 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename="${name}"` } };
    });
  }

  router.get('/v2/groups/signatures/:id/download', (req) => {
    const item = resolveGroup(req, 'signatures', req.params.id);
    return { status: 200, raw: String(item.group!.fields.fileText ?? ''), headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
  });

  // ---- adversary assets ----

  const assetJson = (req: PlatformRequest, a: { id: number; type: string; value: string }, typed: boolean) => {
    const kind = Object.values(ADVERSARY_ASSETS).find((k) => k.type === a.type)!;
    const out: Record<string, unknown> = { id: a.id, type: a.type, webLink: `${req.ctx.origin}/auth/adversary/adversary.xhtml?adversary=${req.params.id}` };
    if (typed) out[kind.field] = a.value;
    else out.name = a.value;
    return out;
  };

  router.get('/v2/groups/adversaries/:id/adversaryAssets', (req) => {
    const item = resolveGroup(req, 'adversaries', req.params.id);
    const rows = storeOf(req).groups.adversaryAssets(item.ref.id).map((a) => assetJson(req, a, false));
    return list('bucketAsset', rows, rows.length, 0);
  });
  router.get('/v2/groups/adversaries/:id/adversaryAssets/:assetType', (req) => {
    const kind = adversaryAssetKind(req.params.assetType);
    const item = resolveGroup(req, 'adversaries', req.params.id);
    const rows = storeOf(req).groups.adversaryAssets(item.ref.id, kind.type).map((a) => assetJson(req, a, true));
    return list(kind.entity, rows, rows.length, 0);
  });
  router.post('/v2/groups/adversaries/:id/adversaryAssets/:assetType', async (req) => {
    const kind = adversaryAssetKind(req.params.assetType);
    const body = await bodyObject(req);
    const item = resolveGroup(req, 'adversaries', req.params.id, { write: true, operation: 'saved' });
    const asset = storeOf(req).groups.addAdversaryAsset(item.ref.id, kind.type, kind.field, body[kind.field]);
    return created({ [kind.entity]: assetJson(req, asset, true) });
  });
  const oneAsset = (req: PlatformRequest, write?: string) => {
    const kind = adversaryAssetKind(req.params.assetType);
    const item = resolveGroup(req, 'adversaries', req.params.id, write ? { write: true, operation: write } : {});
    const assetId = numericId(req.params.assetId);
    const asset = assetId === undefined ? undefined : storeOf(req).groups.adversaryAsset(item.ref.id, assetId);
    if (!asset || asset.type !== kind.type) throw notFound();
    return { kind, item, asset };
  };
  router.get('/v2/groups/adversaries/:id/adversaryAssets/:assetType/:assetId', (req) => {
    const { kind, asset } = oneAsset(req);
    return ok({ [kind.entity]: assetJson(req, asset, true) });
  });
  router.put('/v2/groups/adversaries/:id/adversaryAssets/:assetType/:assetId', async (req) => {
    const body = await bodyObject(req);
    const { kind, item, asset } = oneAsset(req, 'updated');
    const updated = storeOf(req).groups.updateAdversaryAsset(item.ref.id, asset.id, kind.field, body[kind.field]);
    return ok({ [kind.entity]: assetJson(req, updated!, true) });
  });
  router.delete('/v2/groups/adversaries/:id/adversaryAssets/:assetType/:assetId', (req) => {
    const { item, asset } = oneAsset(req, 'deleted');
    storeOf(req).groups.deleteAdversaryAsset(item.ref.id, asset.id);
    return success();
  });
}
