import type { PlatformContext } from '../../context.js';
import type { PlatformRequest } from '../../http/request.js';
import { created, list, ok, success } from '../../http/respond.js';
import type { Router } from '../../http/router.js';
import { TiInputError, type AttributeRecord, type LabelRecord } from '../../store/index.js';
import { bodyObject, filtersOf, numericId, paging } from './params.js';
import { ITEM_PREFIXES, notFound, storeOf, type ItemPrefix, type ResolvedItem } from './items.js';
import { attributeJson, labelJson, tagJson } from './shapes.js';

/** A label named in a path must exist: v2 item endpoints never create labels. */
export function existingLabel(req: PlatformRequest, name: string): LabelRecord {
  const label = storeOf(req).meta.label(name);
  if (!label) throw new TiInputError('securityLabel', `securityLabel: unknown security label ${JSON.stringify(name)} (labels are created through batch or v3)`);
  return label;
}

function attributeOf(req: PlatformRequest, item: ResolvedItem): AttributeRecord {
  const id = numericId(req.params.attributeId);
  const attr = id === undefined ? undefined : storeOf(req).meta.getAttribute(item.ref, id);
  if (!attr) throw notFound();
  return attr;
}

function registerItemMetadata(router: Router, prefix: ItemPrefix): void {
  const p = prefix.pattern;
  const read = (req: PlatformRequest) => prefix.resolve(req);
  const write = (req: PlatformRequest, operation: string) => prefix.resolve(req, { write: true, operation });

  // ---- attributes ----
  router.get(`${p}/attributes`, (req) => {
    const item = read(req);
    const page = paging(req);
    const all = storeOf(req).meta.attributes(item.ref);
    return list('attribute', all.slice(page.start, page.start + page.limit).map(attributeJson), all.length, page.start);
  });
  router.post(`${p}/attributes`, async (req) => {
    const body = await bodyObject(req);
    const item = write(req, 'saved');
    const attr = storeOf(req).meta.addAttribute(item.ref, { type: body.type, value: body.value, displayed: body.displayed, source: body.source, pinned: body.pinned });
    return created({ attribute: attributeJson(attr) });
  });
  router.get(`${p}/attributes/:attributeId`, (req) => ok({ attribute: attributeJson(attributeOf(req, read(req))) }));
  router.put(`${p}/attributes/:attributeId`, async (req) => {
    const body = await bodyObject(req);
    const item = write(req, 'updated');
    const attr = attributeOf(req, item);
    const updated = storeOf(req).meta.updateAttribute(item.ref, attr.id, { type: body.type, value: body.value, displayed: body.displayed, source: body.source });
    return ok({ attribute: attributeJson(updated!) });
  });
  router.delete(`${p}/attributes/:attributeId`, (req) => {
    const item = write(req, 'deleted');
    storeOf(req).meta.deleteAttribute(item.ref, attributeOf(req, item).id);
    return success();
  });
  router.get(`${p}/attributes/:attributeId/securityLabels`, (req) => {
    const attr = attributeOf(req, read(req));
    const labels = storeOf(req).meta.itemLabels({ kind: 'attribute', id: attr.id }).map(labelJson);
    return list('securityLabel', labels, labels.length, 0);
  });
  router.get(`${p}/attributes/:attributeId/securityLabels/:labelName`, (req) => {
    const attr = attributeOf(req, read(req));
    const label = storeOf(req).meta.label(req.params.labelName);
    if (!label || !storeOf(req).meta.hasLabel({ kind: 'attribute', id: attr.id }, label.id)) throw notFound();
    return ok({ securityLabel: labelJson(label) });
  });
  router.post(`${p}/attributes/:attributeId/securityLabels/:labelName`, (req) => {
    const attr = attributeOf(req, write(req, 'updated'));
    storeOf(req).meta.addLabel({ kind: 'attribute', id: attr.id }, existingLabel(req, req.params.labelName).id);
    return success();
  });
  router.delete(`${p}/attributes/:attributeId/securityLabels/:labelName`, (req) => {
    const attr = attributeOf(req, write(req, 'updated'));
    const label = storeOf(req).meta.label(req.params.labelName);
    if (!label || !storeOf(req).meta.removeLabel({ kind: 'attribute', id: attr.id }, label.id)) throw notFound();
    return success();
  });

  // ---- tags (applying a new name creates the tag in the item's owner) ----
  router.get(`${p}/tags`, (req) => {
    const item = read(req);
    const tags = storeOf(req).meta.itemTags(item.ref).map((t) => tagJson(req.ctx, t));
    return list('tag', tags, tags.length, 0);
  });
  router.get(`${p}/tags/:tagName`, (req) => {
    const item = read(req);
    const store = storeOf(req);
    const id = store.meta.tagId(item.owner.id, req.params.tagName, false);
    if (id === undefined || !store.meta.hasTag(item.ref, id)) throw notFound();
    return ok({ tag: tagJson(req.ctx, store.meta.getTag(item.owner.id, req.params.tagName)!) });
  });
  router.post(`${p}/tags/:tagName`, async (req) => {
    await bodyObject(req);
    const item = write(req, 'updated');
    storeOf(req).meta.addTag(item.ref, item.owner.id, req.params.tagName);
    // ThreatConnect's own clients see 201 for applying a tag or a label
    return success(201);
  });
  router.delete(`${p}/tags/:tagName`, (req) => {
    const item = write(req, 'updated');
    const store = storeOf(req);
    const id = store.meta.tagId(item.owner.id, req.params.tagName, false);
    if (id === undefined || !store.meta.removeTag(item.ref, id)) throw notFound();
    return success();
  });

  // ---- security labels ----
  router.get(`${p}/securityLabels`, (req) => {
    const item = read(req);
    const labels = storeOf(req).meta.itemLabels(item.ref).map(labelJson);
    return list('securityLabel', labels, labels.length, 0);
  });
  router.get(`${p}/securityLabels/:labelName`, (req) => {
    const item = read(req);
    const label = storeOf(req).meta.label(req.params.labelName);
    if (!label || !storeOf(req).meta.hasLabel(item.ref, label.id)) throw notFound();
    return ok({ securityLabel: labelJson(label) });
  });
  router.post(`${p}/securityLabels/:labelName`, async (req) => {
    await bodyObject(req);
    const item = write(req, 'updated');
    storeOf(req).meta.addLabel(item.ref, existingLabel(req, req.params.labelName).id);
    return success(201);
  });
  router.delete(`${p}/securityLabels/:labelName`, (req) => {
    const item = write(req, 'updated');
    const label = storeOf(req).meta.label(req.params.labelName);
    if (!label || !storeOf(req).meta.removeLabel(item.ref, label.id)) throw notFound();
    return success();
  });
}

export function register(router: Router, _ctx: PlatformContext): void {
  for (const prefix of ITEM_PREFIXES) registerItemMetadata(router, prefix);

  // ---- tags of an owner ----
  router.get('/v2/tags', (req) => {
    const owner = req.owner();
    const { conditions, any } = filtersOf(req);
    const page = paging(req);
    const result = storeOf(req).meta.listTags({ ownerId: owner.id, conditions, anyCondition: any, ...page });
    const detailed = req.flag('detailed');
    return list('tag', result.items.map((t) => tagJson(req.ctx, t, detailed)), result.total ?? 0, page.start);
  });
  router.get('/v2/tags/:tagName', (req) => {
    const tag = storeOf(req).meta.getTag(req.owner().id, req.params.tagName);
    if (!tag) throw notFound();
    return ok({ tag: tagJson(req.ctx, tag, true) });
  });
  router.post('/v2/tags', async (req) => {
    const body = await bodyObject(req);
    const owner = req.owner(undefined, { write: true, entity: 'Tag', operation: 'saved' });
    const tag = storeOf(req).meta.createTag(owner.id, body.name, body.description);
    return created({ tag: tagJson(req.ctx, tag, true) });
  });
  router.put('/v2/tags/:tagName', async (req) => {
    const body = await bodyObject(req);
    const owner = req.owner(undefined, { write: true, entity: 'Tag', operation: 'updated' });
    const tag = storeOf(req).meta.updateTag(owner.id, req.params.tagName, { name: body.name, description: body.description });
    if (!tag) throw notFound();
    return ok({ tag: tagJson(req.ctx, tag, true) });
  });
  router.delete('/v2/tags/:tagName', (req) => {
    const owner = req.owner(undefined, { write: true, entity: 'Tag', operation: 'deleted' });
    const id = storeOf(req).meta.tagId(owner.id, req.params.tagName, false);
    if (id === undefined) throw notFound();
    storeOf(req).meta.deleteTag(id);
    return success();
  });

  // ---- security labels (system-wide; created through batch or v3) ----
  router.get('/v2/securityLabels', (req) => {
    const { conditions, any } = filtersOf(req);
    const page = paging(req);
    const result = storeOf(req).meta.listLabels({ conditions, anyCondition: any, ...page });
    return list('securityLabel', result.items.map(labelJson), result.total ?? 0, page.start);
  });
  router.get('/v2/securityLabels/:labelName', (req) => {
    const label = storeOf(req).meta.label(req.params.labelName);
    if (!label) throw notFound();
    return ok({ securityLabel: labelJson(label) });
  });
  router.delete('/v2/securityLabels/:labelName', (req) => {
    req.owner(null, { write: true, entity: 'Security Label', operation: 'deleted' });
    const label = storeOf(req).meta.label(req.params.labelName);
    if (!label) throw notFound();
    storeOf(req).meta.deleteLabel(label.id);
    return success();
  });
}
