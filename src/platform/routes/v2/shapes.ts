import type { PlatformContext } from '../../context.js';
import type { Owner } from '../../auth/users.js';
import { indicatorViews, type IndicatorView } from '../../resources/indicator.js';
import { groupLegacyLink, groupTypeFields } from '../../resources/group.js';
import {
  tiStore,
  type AttributeRecord,
  type GroupRecord,
  type IndicatorRecord,
  type ItemKind,
  type LabelRecord,
  type TagRecord,
  type VictimRecord,
} from '../../store/index.js';
import type { Includes } from './params.js';

/**
 * How items look on the v2 wire. Collections carry `ownerName`, single items `owner{}`; generic collections carry
 * `type` and `summary`/`name`, typed ones the type's value fields.
 */
export interface ShapeOptions {
  /** item of a collection (ownerName) rather than a single item (owner{}) */
  inList: boolean;
  /** generic collection (/v2/indicators, /v2/groups, association lists): type + summary */
  generic: boolean;
  includes: Includes;
}

type Json = Record<string, unknown>;

const plusEncode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');

function ownerFields(ctx: PlatformContext, ownerId: number, inList: boolean, cache: Map<number, Owner>): Json {
  let owner = cache.get(ownerId);
  if (!owner) {
    owner = ctx.directory.ownerById(ownerId) ?? { id: ownerId, name: 'Unknown', type: 'Organization' };
    cache.set(ownerId, owner);
  }
  return inList ? { ownerName: owner.name } : { owner: { id: owner.id, name: owner.name, type: owner.type } };
}

export const v2Bool = (b: boolean | null): string => (b ? 'true' : 'false');

/** Builds wire items for a page of records of one kind, fetching embedded metadata in one query per kind. */
export class Presenter {
  private readonly owners = new Map<number, Owner>();

  constructor(
    private readonly ctx: PlatformContext,
    private readonly options: ShapeOptions,
  ) {}

  private get store() {
    return tiStore(this.ctx);
  }

  private embed(kind: ItemKind, ids: number[]): (id: number, target: Json) => void {
    const inc = this.options.includes;
    const attrs = inc.attributes ? this.store.meta.attributesFor(kind, ids) : undefined;
    const tags = inc.tags ? this.store.meta.tagsFor(kind, ids) : undefined;
    const labels = inc.labels ? this.store.meta.labelsFor(kind, ids) : undefined;
    return (id, target) => {
      if (attrs) target.attribute = (attrs.get(id) ?? []).map(attributeJson);
      if (tags) target.tag = (tags.get(id) ?? []).map((t) => tagJson(this.ctx, t));
      if (labels) target.securityLabel = (labels.get(id) ?? []).map(labelJson);
    };
  }

  indicators(records: IndicatorRecord[]): Json[] {
    const embed = this.embed('indicator', records.map((r) => r.id));
    return indicatorViews(this.ctx, this.store, records).map((v) => {
      const item = this.indicator(v);
      embed(v.rec.id, item);
      return item;
    });
  }

  /** v2's envelope over the shared view: owner key by list/single, value fields or summary, string booleans. */
  private indicator(v: IndicatorView): Json {
    const { inList, generic, includes } = this.options;
    const r = v.rec;
    const out: Json = { id: r.id, ...ownerFields(this.ctx, r.ownerId, inList, this.owners) };
    if (generic || v.info?.custom) out.type = r.type;
    out.dateAdded = r.dateAdded;
    out.lastModified = r.lastModified;
    if (r.rating !== null) out.rating = r.rating;
    if (r.confidence !== null) out.confidence = r.confidence;
    if (r.rating !== null) out.threatAssessRating = r.rating;
    if (r.confidence !== null) out.threatAssessConfidence = r.confidence;
    out.threatAssessScore = v.threatAssessScore;
    out.webLink = v.legacyLink;
    if (v.description !== undefined) out.description = v.description;
    if (v.source !== undefined) out.source = v.source;
    if (generic) out.summary = r.summary;
    else Object.assign(out, v.values);
    if (r.type === 'Host') {
      out.dnsActive = v2Bool(r.dnsActive);
      out.whoisActive = v2Bool(r.whoisActive);
    }
    if (r.type === 'File' && r.size !== null) out.size = r.size;
    if (includes.additional) {
      out.observationCount = r.observationCount;
      if (r.lastObserved) out.lastObserved = r.lastObserved;
      out.falsePositiveCount = r.falsePositiveCount;
      if (r.falsePositiveLastReported) out.falsePositiveLastReported = r.falsePositiveLastReported;
      out.privateFlag = r.privateFlag;
      out.active = r.active;
      out.activeLocked = r.activeLocked;
      if (r.firstSeen) out.firstSeen = r.firstSeen;
      if (r.lastSeen) out.lastSeen = r.lastSeen;
    }
    return out;
  }

  groups(records: GroupRecord[]): Json[] {
    const ids = records.map((r) => r.id);
    const embed = this.embed('group', ids);
    return records.map((r) => {
      const item = r.type === 'Task' ? this.task(r) : this.group(r);
      embed(r.id, item);
      return item;
    });
  }

  private group(r: GroupRecord): Json {
    const { inList, generic, includes } = this.options;
    const out: Json = { id: r.id, name: r.name };
    if (generic) out.type = r.type;
    Object.assign(out, ownerFields(this.ctx, r.ownerId, inList, this.owners));
    out.dateAdded = r.dateAdded;
    out.lastModified = r.lastModified;
    out.webLink = groupLegacyLink(this.ctx, r);
    if (!generic) {
      for (const [k, v] of Object.entries(groupTypeFields(r))) {
        // an Incident's status is documented as an includeAdditional field
        if (k === 'status' && r.type === 'Incident' && !includes.additional) continue;
        out[k] = v;
      }
    }
    if (includes.additional) {
      if (r.xid) out.xid = r.xid;
      if (r.type === 'Incident' && r.fields.status !== undefined) out.status = r.fields.status;
      const creator = r.createdBy ? this.ctx.directory.userById(r.createdBy) : undefined;
      if (creator) out.createdBy = { userName: creator.userName, firstName: creator.firstName, lastName: creator.lastName };
    }
    return out;
  }

  private task(r: GroupRecord): Json {
    const { inList } = this.options;
    const f = r.fields;
    const overdue = typeof f.dueDate === 'string' && f.dueDate < this.ctx.nowIso() && f.status !== 'Completed';
    const users = (role: 'assignee' | 'escalatee') =>
      this.store.groups.taskUsers(r.id, role).map((name) => {
        const u = this.ctx.directory.userByName(name);
        return { userName: name, firstName: u?.firstName ?? '', lastName: u?.lastName ?? '' };
      });
    const out: Json = { id: r.id, name: r.name, ...ownerFields(this.ctx, r.ownerId, inList, this.owners) };
    out.dateAdded = r.dateAdded;
    out.lastModified = r.lastModified;
    out.webLink = `${this.ctx.origin}/auth/workflow/task.xhtml?task=${r.id}`;
    out.status = f.status ?? 'Not Started';
    out.escalated = f.escalated === true;
    out.reminded = f.reminded === true;
    out.overdue = overdue;
    for (const k of ['dueDate', 'reminderDate', 'escalationDate'] as const) if (f[k] !== undefined) out[k] = f[k];
    const defaults = this.store.meta.defaultsFor('group', [r.id]).get(r.id);
    if (defaults?.description !== undefined) out.description = defaults.description;
    out.assignee = users('assignee');
    out.escalatee = users('escalatee');
    if (this.options.includes.additional && r.xid) out.xid = r.xid;
    return out;
  }

  victims(records: VictimRecord[]): Json[] {
    const embed = this.embed('victim', records.map((r) => r.id));
    return records.map((r) => {
      const out: Json = { id: r.id, name: r.name, ...ownerFields(this.ctx, r.ownerId, this.options.inList, this.owners) };
      for (const k of ['description', 'org', 'suborg', 'workLocation', 'nationality'] as const) if (r[k] !== null) out[k] = r[k];
      out.webLink = `${this.ctx.origin}/auth/victim/victim.xhtml?victim=${r.id}`;
      embed(r.id, out);
      return out;
    });
  }
}

export function attributeJson(a: AttributeRecord): Json {
  const out: Json = { id: a.id, type: a.type, dateAdded: a.dateAdded, lastModified: a.lastModified, displayed: a.displayed, value: a.value };
  if (a.source !== null) out.source = a.source;
  return out;
}

export function tagJson(ctx: PlatformContext, t: TagRecord, detailed = false): Json {
  const owner = ctx.directory.ownerById(t.ownerId);
  const out: Json = { name: t.name };
  if (detailed && t.description) out.description = t.description;
  out.webLink = `${ctx.origin}/auth/tags/tag.xhtml?tag=${plusEncode(t.name)}&owner=${plusEncode(owner?.name ?? '')}`;
  return out;
}

export function labelJson(l: LabelRecord): Json {
  const out: Json = { name: l.name };
  if (l.description !== null) out.description = l.description;
  if (l.color !== null) out.color = l.color;
  out.dateAdded = l.dateAdded;
  return out;
}
