import { AttributeTypeRepo } from './attribute-types.js';
import { AttributeRepo } from './attributes.js';
import { chunks, placeholders, type StoreCore } from './base.js';
import { ATTRIBUTE_TYPES, SECURITY_LABELS } from './catalogue.js';
import { TiInputError } from './errors.js';
import { LabelRepo } from './labels.js';
import { TagRepo } from './tags.js';
import type { ItemKind, ItemRef, LabelInput, MetadataInput } from './types.js';

export { TAG_MAX_LENGTH } from './tags.js';
export type { LabelTarget } from './labels.js';
export type { OwnedAttribute } from './attributes.js';

/**
 * Attributes (and their types), tags and security labels, and the batch write types over them. Each kind lives in
 * its own repository (`attributeTypeRepo`, `attributeRepo`, `tagRepo`, `labelRepo`); this one keeps what spans
 * them (the catalogue, the batch write types, purging an item) and forwards the rest, so callers keep one handle.
 */
export class MetadataRepo {
  readonly attributeTypeRepo: AttributeTypeRepo;
  readonly attributeRepo: AttributeRepo;
  readonly tagRepo: TagRepo;
  readonly labelRepo: LabelRepo;

  constructor(private readonly core: StoreCore) {
    this.attributeTypeRepo = new AttributeTypeRepo(core);
    this.attributeRepo = new AttributeRepo(core, this.attributeTypeRepo);
    this.tagRepo = new TagRepo(core);
    this.labelRepo = new LabelRepo(core);
  }

  /** Seeds attribute types and system labels that are missing (fresh database, or after a reset). */
  ensureCatalogue(): void {
    const now = this.core.nowIso();
    this.core.atomic(() => {
      for (const t of ATTRIBUTE_TYPES) this.createAttributeType(t, true);
      for (const l of SECURITY_LABELS) {
        this.core
          .prep('INSERT OR IGNORE INTO ti_security_labels (name, description, color, date_added) VALUES (?, ?, ?, ?)')
          .run(l.name, l.description, l.color, now);
      }
    });
    this.dropCaches();
  }

  dropCaches(): void {
    this.tagRepo.dropCache();
    this.attributeTypeRepo.dropCache();
    this.labelRepo.dropCache();
  }

  // ---- forwarded to the repositories of each kind ----

  attributeTypes: AttributeTypeRepo['attributeTypes'] = () => this.attributeTypeRepo.attributeTypes();
  attributeType: AttributeTypeRepo['attributeType'] = (name) => this.attributeTypeRepo.attributeType(name);
  createAttributeType: AttributeTypeRepo['createAttributeType'] = (t, ignoreExisting) => this.attributeTypeRepo.createAttributeType(t, ignoreExisting);

  attributes: AttributeRepo['attributes'] = (ref) => this.attributeRepo.attributes(ref);
  getAttribute: AttributeRepo['getAttribute'] = (ref, id) => this.attributeRepo.getAttribute(ref, id);
  validateAttribute: AttributeRepo['validateAttribute'] = (input) => this.attributeRepo.validateAttribute(input);
  addAttribute: AttributeRepo['addAttribute'] = (ref, input) => this.attributeRepo.addAttribute(ref, input);
  updateAttribute: AttributeRepo['updateAttribute'] = (ref, id, patch) => this.attributeRepo.updateAttribute(ref, id, patch);
  deleteAttribute: AttributeRepo['deleteAttribute'] = (ref, id) => this.attributeRepo.deleteAttribute(ref, id);
  attributesFor: AttributeRepo['attributesFor'] = (kind, ids) => this.attributeRepo.attributesFor(kind, ids);
  defaultsFor: AttributeRepo['defaultsFor'] = (kind, ids) => this.attributeRepo.defaultsFor(kind, ids);

  tagId: TagRepo['tagId'] = (ownerId, name, create) => this.tagRepo.tagId(ownerId, name, create);
  checkTagName: TagRepo['checkTagName'] = (name) => this.tagRepo.checkTagName(name);
  getTag: TagRepo['getTag'] = (ownerId, name) => this.tagRepo.getTag(ownerId, name);
  listTags: TagRepo['listTags'] = (q) => this.tagRepo.listTags(q);
  createTag: TagRepo['createTag'] = (ownerId, name, description) => this.tagRepo.createTag(ownerId, name, description);
  updateTag: TagRepo['updateTag'] = (ownerId, name, patch) => this.tagRepo.updateTag(ownerId, name, patch);
  deleteTag: TagRepo['deleteTag'] = (tagId) => this.tagRepo.deleteTag(tagId);
  itemTags: TagRepo['itemTags'] = (ref) => this.tagRepo.itemTags(ref);
  addTag: TagRepo['addTag'] = (ref, ownerId, name) => this.tagRepo.addTag(ref, ownerId, name);
  removeTag: TagRepo['removeTag'] = (ref, tagId) => this.tagRepo.removeTag(ref, tagId);
  hasTag: TagRepo['hasTag'] = (ref, tagId) => this.tagRepo.hasTag(ref, tagId);
  tagsFor: TagRepo['tagsFor'] = (kind, ids) => this.tagRepo.tagsFor(kind, ids);

  label: LabelRepo['label'] = (name) => this.labelRepo.label(name);
  labelById: LabelRepo['labelById'] = (id) => this.labelRepo.labelById(id);
  listLabels: LabelRepo['listLabels'] = (q) => this.labelRepo.listLabels(q);
  ensureLabel: LabelRepo['ensureLabel'] = (input, allowCreate) => this.labelRepo.ensureLabel(input, allowCreate);
  createLabel: LabelRepo['createLabel'] = (input) => this.labelRepo.createLabel(input);
  restoreLabel: LabelRepo['restoreLabel'] = (input) => this.labelRepo.restoreLabel(input);
  deleteLabel: LabelRepo['deleteLabel'] = (id) => this.labelRepo.deleteLabel(id);
  itemLabels: LabelRepo['itemLabels'] = (target) => this.labelRepo.itemLabels(target);
  addLabel: LabelRepo['addLabel'] = (target, labelId) => this.labelRepo.addLabel(target, labelId);
  removeLabel: LabelRepo['removeLabel'] = (target, labelId) => this.labelRepo.removeLabel(target, labelId);
  hasLabel: LabelRepo['hasLabel'] = (target, labelId) => this.labelRepo.hasLabel(target, labelId);
  labelsFor: LabelRepo['labelsFor'] = (kind, ids) => this.labelRepo.labelsFor(kind, ids);

  /** Ids of the items of a kind carrying any of the tags (`tag`) or security labels (`label`) given. */
  itemsWith(kind: ItemKind, link: 'tag' | 'label', ids: number[]): Set<number> {
    const [table, column] = link === 'tag' ? ['ti_item_tags', 'tag_id'] : ['ti_item_labels', 'label_id'];
    const out = new Set<number>();
    for (const part of chunks(ids)) {
      const rows = this.core
        .prep(`SELECT DISTINCT item_id FROM ${table} WHERE item_kind = ? AND ${column} IN (${placeholders(part.length)})`)
        .all(kind, ...part) as Array<{ item_id: number }>;
      for (const r of rows) out.add(r.item_id);
    }
    return out;
  }

  // ---- batch write types ----

  /**
   * Writes an item's attributes, tags and labels the way a batch job's write types say:
   * attributes Append (add all), Replace (drop every existing one first), Singleton (drop existing ones of the
   * incoming types first), Static (leave attributes alone); tags and labels Append or Replace (default Replace,
   * as the batch API defaults). Everything is checked before the first write.
   */
  applyMetadata(ref: ItemRef, ownerId: number, meta: MetadataInput): void {
    const attributes = meta.attributeWriteType === 'Static' ? [] : (meta.attributes ?? []);
    // with onRefused a refused entry is reported and left out; without it, it throws before anything is written
    const keep = <T, R>(items: T[], check: (item: T) => R): R[] => {
      if (!meta.onRefused) return items.map(check);
      const out: R[] = [];
      for (const item of items) {
        try {
          out.push(check(item));
        } catch (err) {
          if (!(err instanceof TiInputError)) throw err;
          meta.onRefused(err);
        }
      }
      return out;
    };
    const label = (l: string | LabelInput) => this.ensureLabel(l, meta.allowNewLabels ?? false);
    const checked = keep(attributes, (a) => ({ input: a, valid: this.validateAttribute(a) }));
    const tagNames = meta.tags && keep(meta.tags, (t) => this.checkTagName(t));
    const labels = meta.securityLabels && keep(meta.securityLabels, label);
    const attrLabels = checked.map((c) => keep(c.input.securityLabels ?? [], label));
    // an item inserted just now has nothing to replace: skip the lookups (the batch Create hot path)
    const fresh = this.core.takeFresh(ref.kind, ref.id);
    const displayedTypes = new Set<string>();
    this.core.atomic(() => {
      if (fresh) {
        // nothing to remove
      } else if (meta.attributes !== undefined && meta.attributeWriteType === 'Replace') {
        this.attributeRepo.purgeAttributes(ref);
      } else if (meta.attributeWriteType === 'Singleton' && checked.length) {
        for (const type of new Set(checked.map((c) => c.valid.type.name))) {
          this.core
            .prep("DELETE FROM ti_item_labels WHERE item_kind = 'attribute' AND item_id IN (SELECT id FROM ti_attributes WHERE item_kind = ? AND item_id = ? AND type = ?)")
            .run(ref.kind, ref.id, type);
          this.core.prep('DELETE FROM ti_attributes WHERE item_kind = ? AND item_id = ? AND type = ?').run(ref.kind, ref.id, type);
        }
      }
      checked.forEach((c, i) => {
        const noneDisplayed = fresh && !displayedTypes.has(c.valid.type.name);
        if (c.valid.displayed) displayedTypes.add(c.valid.type.name);
        const added = this.attributeRepo.insertAttribute(ref, c.valid, c.input, noneDisplayed);
        for (const l of attrLabels[i]) this.addLabel({ kind: 'attribute', id: added.id }, l.id);
      });
      if (tagNames) {
        const ids = tagNames.map((n) => this.tagId(ownerId, n) as number);
        if (!fresh && (meta.tagWriteType ?? 'Replace') === 'Replace') {
          const keep = new Set(ids);
          for (const t of this.itemTags(ref)) if (!keep.has(t.id)) this.removeTag(ref, t.id);
        }
        for (const id of ids) this.core.prep('INSERT OR IGNORE INTO ti_item_tags (item_kind, item_id, tag_id) VALUES (?, ?, ?)').run(ref.kind, ref.id, id);
      }
      if (labels) {
        if (!fresh && (meta.securityLabelWriteType ?? 'Replace') === 'Replace') {
          const keep = new Set(labels.map((l) => l.id));
          for (const l of this.itemLabels(ref)) if (!keep.has(l.id)) this.removeLabel(ref, l.id);
        }
        for (const l of labels) this.addLabel(ref, l.id);
      }
    });
  }

  /** Removes everything hung on an item (its deletion is under way, in the caller's transaction). */
  purge(ref: ItemRef): void {
    this.attributeRepo.purgeAttributes(ref);
    this.core.prep('DELETE FROM ti_item_tags WHERE item_kind = ? AND item_id = ?').run(ref.kind, ref.id);
    this.core.prep('DELETE FROM ti_item_labels WHERE item_kind = ? AND item_id = ?').run(ref.kind, ref.id);
  }
}
