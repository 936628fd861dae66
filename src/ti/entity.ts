import { TcConfigError } from '../core/errors.js';
import { encodeSegment, type Query } from '../client/url.js';
import { groupType } from '../model/index.js';
import type { IndicatorTypeRegistry } from './indicator-types.js';
import { Paged, type PageOptions, type TiRequester } from './request.js';
import { pickEntity } from './wire.js';
import type {
  AttributeData,
  GenericGroupItem,
  GenericIndicatorItem,
  GroupListItem,
  GroupTypeName,
  Include,
  Included,
  IndicatorListItem,
  SecurityLabelData,
  TagData,
  TaskData,
  VictimAssetData,
  VictimAssetType,
  VictimData,
} from './types.js';

/** What every TI object shares: requests, the default owner and the indicator-type catalogue. */
export interface TiContext {
  req: TiRequester;
  types: IndicatorTypeRegistry;
}

/** Anything that can be the other end of an association: a group, indicator, victim, task or victim asset. */
export interface AssociationTarget {
  /** the target's path below `/v2/`, e.g. `groups/adversaries/12` or `indicators/hosts/example.com` */
  targetPath(): Promise<string>;
}

export interface AttributeOptions {
  /** where the value came from */
  source?: string;
  /** for Description and Source: make this the item's displayed description/source */
  displayed?: boolean;
}

const INCLUDES: readonly Include[] = ['additional', 'attributes', 'tags', 'labels'];

/** `includes=` for the given names, each checked; repeated parameters, as the Python client sends them. */
export function includeQuery(includes: readonly Include[] | undefined): Query {
  if (!includes?.length) return {};
  for (const name of includes) {
    if (!INCLUDES.includes(name)) throw new TcConfigError('includes', name, `must be one of ${INCLUDES.join(', ')}`);
  }
  return { includes: [...new Set(includes)] };
}

/** Resolves a group type name (or branch) to its catalogue entry, or throws naming the value. */
export function requireGroupType(type: string) {
  const info = groupType(type);
  if (!info) throw new TcConfigError('groupType', type, 'is not a group type (Adversary, Campaign, Document, ...)');
  return info;
}

/**
 * Metadata and associations, the same for groups, indicators, tasks and victims: attributes (with their
 * security labels), tags, security labels, and associations in every direction the API allows.
 */
export abstract class TiEntity implements AssociationTarget {
  protected constructor(
    protected readonly ctx: TiContext,
    /** owner name sent as `owner=`; the client's default owner (or the user's organization) when unset */
    readonly ownerName?: string,
  ) {}

  /** The item's own path, e.g. `/v2/groups/adversaries/12`; throws if the item cannot be addressed yet. */
  abstract itemPath(): Promise<string>;

  async targetPath(): Promise<string> {
    return (await this.itemPath()).replace(/^\/v2\//, '');
  }

  protected query(extra: Query = {}): Query {
    return this.ctx.req.ownerQuery(this.ownerName, extra);
  }

  protected paged<T>(suffix: string, entity: string, options: PageOptions = {}, extra: Query = {}): Paged<T> {
    return new Paged<T>(async function* (this: TiEntity) {
      const path = `${await this.itemPath()}${suffix}`;
      yield* this.ctx.req.list<T>(path, entity, this.query(extra), options);
    }.bind(this));
  }

  protected async call<T>(method: string, suffix: string, body?: Record<string, unknown>, extra: Query = {}): Promise<T> {
    return this.ctx.req.data<T>(method, `${await this.itemPath()}${suffix}`, this.query(extra), body);
  }

  // ------------------------------------------------------------------------------------------- attributes

  /** The item's attributes. */
  attributes(options?: PageOptions): Paged<AttributeData> {
    return this.paged('/attributes', 'attribute', options);
  }

  async attribute(id: number): Promise<AttributeData> {
    return (await this.call<{ attribute: AttributeData }>('GET', `/attributes/${positiveId('attributeId', id)}`)).attribute;
  }

  /** Adds an attribute; the type must exist in the platform's attribute-type catalogue. */
  async addAttribute(type: string, value: string, options: AttributeOptions = {}): Promise<AttributeData> {
    requireText('attribute.type', type);
    requireText('attribute.value', value);
    const body: Record<string, unknown> = { type, value };
    if (options.source !== undefined) body.source = options.source;
    if (options.displayed !== undefined) body.displayed = options.displayed;
    return (await this.call<{ attribute: AttributeData }>('POST', '/attributes', body)).attribute;
  }

  /** Changes an attribute's value (the type cannot change). */
  async updateAttribute(id: number, value: string, options: AttributeOptions = {}): Promise<AttributeData> {
    requireText('attribute.value', value);
    const body: Record<string, unknown> = { value };
    if (options.source !== undefined) body.source = options.source;
    if (options.displayed !== undefined) body.displayed = options.displayed;
    return (await this.call<{ attribute: AttributeData }>('PUT', `/attributes/${positiveId('attributeId', id)}`, body)).attribute;
  }

  async deleteAttribute(id: number): Promise<void> {
    await this.call('DELETE', `/attributes/${positiveId('attributeId', id)}`);
  }

  /** Security labels of one attribute. */
  attributeLabels(id: number, options?: PageOptions): Paged<SecurityLabelData> {
    return this.paged(`/attributes/${positiveId('attributeId', id)}/securityLabels`, 'securityLabel', options);
  }

  async addAttributeLabel(id: number, label: string): Promise<void> {
    await this.call('POST', `/attributes/${positiveId('attributeId', id)}/securityLabels/${encodeSegment(requireText('label', label))}`, {});
  }

  async deleteAttributeLabel(id: number, label: string): Promise<void> {
    await this.call('DELETE', `/attributes/${positiveId('attributeId', id)}/securityLabels/${encodeSegment(requireText('label', label))}`);
  }

  // ------------------------------------------------------------------------------------------------- tags

  tags(options?: PageOptions): Paged<TagData> {
    return this.paged('/tags', 'tag', options);
  }

  /** Applies a tag (created on the fly if new; at most 128 characters). */
  async addTag(name: string): Promise<void> {
    await this.call('POST', `/tags/${encodeSegment(tagName(name))}`, {});
  }

  async deleteTag(name: string): Promise<void> {
    await this.call('DELETE', `/tags/${encodeSegment(tagName(name))}`);
  }

  // -------------------------------------------------------------------------------------- security labels

  labels(options?: PageOptions): Paged<SecurityLabelData> {
    return this.paged('/securityLabels', 'securityLabel', options);
  }

  /** Applies an existing security label (v2 does not create labels). */
  async addLabel(name: string): Promise<void> {
    await this.call('POST', `/securityLabels/${encodeSegment(requireText('label', name))}`, {});
  }

  async deleteLabel(name: string): Promise<void> {
    await this.call('DELETE', `/securityLabels/${encodeSegment(requireText('label', name))}`);
  }

  // --------------------------------------------------------------------------------------- associations

  /** Associated groups: all of them (generic items with `type`), or one type (typed items). */
  groupAssociations(options?: PageOptions): Paged<GenericGroupItem>;
  groupAssociations<T extends GroupTypeName>(type: T, options?: PageOptions): Paged<GroupListItem<T>>;
  groupAssociations(typeOrOptions?: GroupTypeName | PageOptions, options?: PageOptions): Paged<any> {
    if (typeof typeOrOptions === 'string') {
      const info = requireGroupType(typeOrOptions);
      return this.paged(`/groups/${info.branch}`, info.entity, options);
    }
    return this.paged('/groups', 'group', typeOrOptions);
  }

  /** Associated indicators: all of them (generic items with `type` and `summary`), or one type. */
  indicatorAssociations(options?: PageOptions): Paged<GenericIndicatorItem>;
  indicatorAssociations<T extends string>(type: T, options?: PageOptions): Paged<IndicatorListItem<T>>;
  indicatorAssociations(typeOrOptions?: string | PageOptions, options?: PageOptions): Paged<any> {
    if (typeof typeOrOptions === 'string') {
      const type = typeOrOptions;
      return new Paged<any>(async function* (this: TiEntity) {
        const info = await this.ctx.types.resolve(type);
        yield* this.paged(`/indicators/${info.branch}`, info.entity, options);
      }.bind(this));
    }
    return this.paged('/indicators', 'indicator', typeOrOptions);
  }

  victimAssociations(options?: PageOptions): Paged<VictimData> {
    return this.paged('/victims', 'victim', options);
  }

  /** Associated victim assets, all or of one kind. */
  victimAssetAssociations(type?: VictimAssetType, options?: PageOptions): Paged<VictimAssetData> {
    return this.paged(type ? `/victimAssets/${type}` : '/victimAssets', 'victimAsset', options);
  }

  taskAssociations(options?: PageOptions): Paged<TaskData> {
    return this.paged('/tasks', 'task', options);
  }

  /** Associates this item with another (symmetric: visible from both sides). */
  async addAssociation(target: AssociationTarget): Promise<void> {
    await this.call('POST', `/${await target.targetPath()}`, {});
  }

  async deleteAssociation(target: AssociationTarget): Promise<void> {
    await this.call('DELETE', `/${await target.targetPath()}`);
  }
}

/** Options for `get()` on any TI item. */
export interface GetOptions<I extends Include> {
  /** embed more in the answer: `additional` fields, `attributes`, `tags`, security `labels` */
  includes?: readonly I[];
}

/**
 * An item with a numeric id under a collection path (groups, tasks, victims): create remembers the id, get takes
 * includes, update merges changes into the fields and sends them, delete removes the item.
 */
export abstract class IdEntity<Data extends { id: number }, Additional, Changes extends object> extends TiEntity {
  id: number | undefined;
  /** the fields given to the factory and to `update()`, merged */
  abstract readonly fields: object;

  protected constructor(ctx: TiContext, owner: string | undefined, id: number | undefined) {
    super(ctx, owner);
    if (id !== undefined) positiveId('id', id);
    this.id = id;
  }

  /** `/v2/groups/adversaries`, `/v2/tasks` */
  protected abstract collectionPath(): string;
  /** the `data` key of single answers */
  protected abstract entityKey(): string;
  /** what the item is called in messages */
  protected abstract describe(): string;
  /** the JSON body for the current fields, validated */
  protected abstract body(): Record<string, unknown>;
  /** throws TcConfigError naming what creating needs and the body lacks */
  protected abstract checkCreate(body: Record<string, unknown>): void;

  /** throws when an update would send nothing */
  protected checkUpdate(body: Record<string, unknown>, changes: Changes): void {
    if (Object.keys(body).length === 0) throw new TcConfigError('update', changes, 'needs at least one field to change');
  }

  async itemPath(): Promise<string> {
    if (this.id === undefined) throw new TcConfigError('id', undefined, `${this.describe()} has no id yet; create() it or pass { id }`);
    return `${this.collectionPath()}/${this.id}`;
  }

  /** Creates the item and remembers its id. */
  async create(): Promise<Data> {
    const body = this.body();
    this.checkCreate(body);
    const data = await this.ctx.req.data<Record<string, unknown>>('POST', this.collectionPath(), this.query(), body);
    const created = pickEntity<Data>(data, this.entityKey());
    this.id = created.id;
    return created;
  }

  /** Reads the item; `includes` embeds attributes, tags, labels or the additional fields. */
  async get<I extends Include = never>(options: GetOptions<I> = {}): Promise<Data & Included<I, Additional>> {
    const data = await this.ctx.req.data<Record<string, unknown>>('GET', await this.itemPath(), this.query(includeQuery(options.includes)));
    return pickEntity(data, this.entityKey());
  }

  /** Sends the merged fields (`PUT`); `changes` are merged in first. */
  async update(changes: Changes = {} as Changes): Promise<Data> {
    Object.assign(this.fields, changes);
    const body = this.body();
    this.checkUpdate(body, changes);
    const data = await this.ctx.req.data<Record<string, unknown>>('PUT', await this.itemPath(), this.query(), body);
    return pickEntity(data, this.entityKey());
  }

  async delete(): Promise<void> {
    await this.ctx.req.data('DELETE', await this.itemPath(), this.query());
  }
}

export function positiveId(field: string, id: unknown): number {
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1) throw new TcConfigError(field, id, 'must be a positive integer id');
  return id;
}

export function requireText(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new TcConfigError(field, value, 'must be a non-empty string');
  return value;
}

function tagName(name: string): string {
  requireText('tag', name);
  if (name.length > 128) throw new TcConfigError('tag', name, 'must be at most 128 characters');
  return name;
}
