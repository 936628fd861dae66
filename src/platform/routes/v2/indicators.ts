import type { PlatformContext } from '../../context.js';
import { ApiFailure, notFound } from '../../http/errors.js';
import type { PlatformRequest } from '../../http/request.js';
import { created, json, list, ok, success, type PlatformResponse } from '../../http/respond.js';
import type { Router } from '../../http/router.js';
import type { IndicatorTypeInfo } from '../../../model/index.js';
import type { IndicatorRecord } from '../../store/index.js';
import { indicatorPatch, occurrenceJson, requireIdentity } from '../../resources/indicator.js';
import { bodyObject, includesOf, numericId, paging } from './params.js';
import { indicatorCollection } from './collections.js';
import { indicatorBranch, resolveIndicator, storeOf, writableOwner } from './items.js';
import { Presenter } from './shapes.js';

/** One indicator as a single item of its type. */
export function singleIndicator(req: PlatformRequest, record: IndicatorRecord): Record<string, unknown> {
  return new Presenter(req.ctx, { inList: false, generic: false, includes: includesOf(req) }).indicators([record])[0];
}

function deletedList(req: PlatformRequest, info?: IndicatorTypeInfo): PlatformResponse {
  const owner = req.owner();
  const page = paging(req);
  const result = storeOf(req).indicators.listDeleted({
    ownerId: owner.id,
    type: info?.name,
    deletedSince: req.query.get('deletedSince') ?? undefined,
    ...page,
  });
  const items = result.items.map((d) => ({ ownerName: owner.name, type: d.type, dateAdded: d.dateAdded, summary: d.summary, deletedDate: d.deletedAt }));
  return list('indicator', items, result.total ?? 0, page.start);
}

export function register(router: Router, _ctx: PlatformContext): void {
  router.get('/v2/indicators', (req) => indicatorCollection(req, { ownerId: req.owner().id }));
  router.get('/v2/indicators/deleted', (req) => deletedList(req));
  router.get('/v2/indicators/:branch/deleted', (req) => deletedList(req, indicatorBranch(req.params.branch)));
  router.get('/v2/indicators/:branch', (req) => indicatorCollection(req, { ownerId: req.owner().id }, indicatorBranch(req.params.branch)));

  router.get('/v2/indicators/:branch/:value', (req) => {
    const item = resolveIndicator(req, req.params.branch, req.params.value);
    return ok({ [item.indicatorType!.entity]: singleIndicator(req, item.indicator!) });
  });

  // v2 is silent on POSTing an indicator that exists; like v3, the platform updates it and answers 201 (choice).
  router.post('/v2/indicators/:branch', async (req) => {
    const info = indicatorBranch(req.params.branch);
    const body = await bodyObject(req);
    const owner = writableOwner(req, 'Indicator', 'saved');
    const store = storeOf(req);
    const result = store.indicators.upsert(owner.id, { ...requireIdentity(info, body), ...indicatorPatch(body) });
    return created({ [info.entity]: singleIndicator(req, store.indicators.get(result.id)!) });
  });

  router.put('/v2/indicators/:branch/:value', async (req) => {
    const body = await bodyObject(req);
    const item = resolveIndicator(req, req.params.branch, req.params.value, { write: true, operation: 'updated' });
    const updated = storeOf(req).indicators.update(item.ref.id, indicatorPatch(body));
    return ok({ [item.indicatorType!.entity]: singleIndicator(req, updated!) });
  });

  router.delete('/v2/indicators/:branch/:value', (req) => {
    const item = resolveIndicator(req, req.params.branch, req.params.value, { write: true, operation: 'deleted' });
    storeOf(req).indicators.delete(item.ref.id);
    return success();
  });

  // Owners (of the caller's) holding the same indicator; `itemId` with includes=additional.
  router.get('/v2/indicators/:branch/:value/owners', (req) => {
    const info = indicatorBranch(req.params.branch);
    const store = storeOf(req);
    const mine = new Map(req.ctx.directory.memberships(req.user!.id).map((m) => [m.owner.id, m.owner]));
    const additional = includesOf(req).additional;
    const owners = store.indicators
      .owners(info.name, req.params.value)
      .filter((id) => mine.has(id))
      .map((id) => {
        const o = mine.get(id)!;
        const out: Record<string, unknown> = { id: o.id, name: o.name, type: o.type };
        if (additional) out.itemId = String(store.indicators.find(id, info.name, req.params.value)?.id ?? '');
        return out;
      });
    if (owners.length === 0) throw notFound();
    return list('owner', owners, owners.length, 0);
  });

  // ---- observations and false positives (reporting them needs only read access) ----

  router.post('/v2/indicators/:branch/:value/falsePositive', (req) => {
    const item = resolveIndicator(req, req.params.branch, req.params.value);
    return ok({ falsePositive: storeOf(req).indicators.addFalsePositive(item.ref.id, req.user!.id) });
  });

  router.post('/v2/indicators/:branch/:value/observations', async (req) => {
    const body = await bodyObject(req);
    const item = resolveIndicator(req, req.params.branch, req.params.value);
    storeOf(req).indicators.addObservation(item.ref.id, req.user!.id, body.count ?? 1, body.dateObserved);
    return success();
  });

  router.get('/v2/indicators/:branch/:value/observations', (req) => {
    const item = resolveIndicator(req, req.params.branch, req.params.value);
    const rows = storeOf(req).indicators.observations(item.ref.id);
    return list('observation', rows, rows.length, 0);
  });

  router.get('/v2/indicators/:branch/:value/observationCount', (req) => {
    const item = resolveIndicator(req, req.params.branch, req.params.value);
    const c = storeOf(req).indicators.observationCount(item.ref.id, req.user!.id);
    const out: Record<string, unknown> = { count: c.count, yourCount: c.yourCount };
    if (c.lastObserved) out.lastObserved = c.lastObserved;
    if (c.yourLastObserved) out.yourLastObserved = c.yourLastObserved;
    return ok({ observationCount: out });
  });

  router.get('/v2/indicators/observed', (req) => {
    const owner = req.owner();
    const day = req.query.get('dateObserved') ?? undefined;
    if (day !== undefined && !/^\d{4}-\d{2}-\d{2}/.test(day)) throw new ApiFailure(400, `dateObserved: ${JSON.stringify(day)} is not a date such as 2022-04-05`);
    const rows = storeOf(req).indicators.observed(owner.id, day?.slice(0, 10));
    const items = rows.map(({ record, users }) => ({
      summary: record.summary,
      type: record.type,
      observationCount: users.reduce((n, u) => n + u.count, 0),
      lastObserved: users.reduce((m, u) => (u.last > m ? u.last : m), ''),
      userObservedList: users.map((u) => ({
        userName: (u.userId !== null && req.ctx.directory.userById(u.userId)?.userName) || 'unknown',
        userLastObservedDate: u.last,
        count: u.count,
      })),
    }));
    return list('indicator', items, items.length, 0);
  });

  // ---- file occurrences ----

  router.get('/v2/indicators/files/:value/fileOccurrences', (req) => {
    const item = resolveIndicator(req, 'files', req.params.value);
    const rows = storeOf(req).indicators.occurrences(item.ref.id).map(occurrenceJson);
    return list('fileOccurrence', rows, rows.length, 0);
  });
  router.post('/v2/indicators/files/:value/fileOccurrences', async (req) => {
    const body = await bodyObject(req);
    const item = resolveIndicator(req, 'files', req.params.value, { write: true, operation: 'saved' });
    return created({ fileOccurrence: occurrenceJson(storeOf(req).indicators.addOccurrence(item.ref.id, body)) });
  });
  router.get('/v2/indicators/files/:value/fileOccurrences/:occurrenceId', (req) => {
    const item = resolveIndicator(req, 'files', req.params.value);
    const id = numericId(req.params.occurrenceId);
    const found = id === undefined ? undefined : storeOf(req).indicators.occurrence(item.ref.id, id);
    if (!found) throw notFound();
    return ok({ fileOccurrence: occurrenceJson(found) });
  });
  router.put('/v2/indicators/files/:value/fileOccurrences/:occurrenceId', async (req) => {
    const body = await bodyObject(req);
    const item = resolveIndicator(req, 'files', req.params.value, { write: true, operation: 'updated' });
    const id = numericId(req.params.occurrenceId);
    const updated = id === undefined ? undefined : storeOf(req).indicators.updateOccurrence(item.ref.id, id, body);
    if (!updated) throw notFound();
    return ok({ fileOccurrence: occurrenceJson(updated) });
  });
  router.delete('/v2/indicators/files/:value/fileOccurrences/:occurrenceId', (req) => {
    const item = resolveIndicator(req, 'files', req.params.value, { write: true, operation: 'deleted' });
    const id = numericId(req.params.occurrenceId);
    if (id === undefined || !storeOf(req).indicators.deleteOccurrence(item.ref.id, id)) throw notFound();
    return success();
  });

  // ---- DNS resolutions (empty lists when none were recorded) ----

  router.get('/v2/indicators/:branch/:value/dnsResolutions', (req) => {
    const item = resolveIndicator(req, req.params.branch, req.params.value);
    const store = storeOf(req);
    const presenter = new Presenter(req.ctx, { inList: true, generic: false, includes: includesOf(req) });
    if (item.indicator!.type === 'Host') {
      const rows = store.indicators.dnsResolutions(item.ref.id).map((r) => ({
        resolutionDate: r.resolutionDate,
        addresses: r.addresses.map((ip) => {
          const known = store.indicators.find(item.owner.id, 'Address', ip);
          return known ? presenter.indicators([known])[0] : { ip };
        }),
      }));
      return list('dnsResolution', rows, rows.length, 0);
    }
    if (item.indicator!.type === 'Address') {
      const hosts = store.indicators.hostsResolvingTo(item.owner.id, item.indicator!.summary);
      const generic = new Presenter(req.ctx, { inList: true, generic: true, includes: includesOf(req) });
      return list('indicator', generic.indicators(hosts), hosts.length, 0);
    }
    throw notFound();
  });

  // ---- bulk reports (no status/data envelope, as the API serves them) ----

  router.get('/v2/indicators/bulk', (req) => {
    const owner = req.owner();
    const now = req.ctx.nowIso();
    return json({ bulkStatus: { name: owner.name, csvEnabled: true, jsonEnabled: true, nextRun: now, lastRun: now, status: 'Complete' } });
  });

  router.get('/v2/indicators/bulk/json', (req) => {
    const owner = req.owner();
    const presenter = new Presenter(req.ctx, { inList: true, generic: true, includes: { additional: false, attributes: true, tags: true, labels: false } });
    const items: Array<Record<string, unknown>> = [];
    for (const page of allIndicators(req, owner.id)) items.push(...presenter.indicators(page));
    return json({ indicator: items });
  });

  router.get('/v2/indicators/bulk/csv', (req) => {
    const owner = req.owner();
    const lines = ['Type,Value,Rating,Confidence'];
    const cell = (v: unknown) => {
      const s = v === null || v === undefined ? 'null' : String(v);
      return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    for (const page of allIndicators(req, owner.id)) {
      for (const r of page) lines.push([r.type, r.summary, r.rating, r.confidence].map(cell).join(','));
    }
    return { status: 200, raw: `${lines.join('\n')}\n`, headers: { 'Content-Type': 'text/csv' } };
  });
}

function* allIndicators(req: PlatformRequest, ownerId: number): Generator<IndicatorRecord[]> {
  const store = storeOf(req);
  for (let start = 0; ; start += 10_000) {
    const { items } = store.indicators.list({ ownerId, start, limit: 10_000 });
    if (items.length) yield items;
    if (items.length < 10_000) return;
  }
}
