import { TcConfigError } from '../core/errors.js';
import { encodeSegment } from '../client/url.js';
import { Collection, IndicatorCollection } from './collection.js';
import { requireGroupType, requireText, type TiContext } from './entity.js';
import { pickEntity } from './wire.js';
import type {
  GenericGroupItem,
  GenericIndicatorItem,
  GroupAdditional,
  GroupListItem,
  GroupTypeName,
  IndicatorAdditional,
  IndicatorListItem,
  SecurityLabelData,
  TagData,
  TaskData,
  VictimData,
} from './types.js';

/**
 * What tags and security labels share: pivots to the groups, indicators, victims and tasks that carry them,
 * each a collection with `many()`, includes and filters.
 */
abstract class Pivot {
  protected constructor(
    protected readonly ctx: TiContext,
    readonly name: string,
    protected readonly base: string,
    readonly owner?: string,
  ) {
    requireText('name', name);
  }

  protected get path(): string {
    return `${this.base}/${encodeSegment(this.name)}`;
  }

  /** Groups carrying it: all types (generic items), or one type. */
  groups(): Collection<GenericGroupItem, GroupAdditional, 'group'>;
  groups<T extends GroupTypeName>(type: T): Collection<GroupListItem<T>, GroupAdditional, 'group'>;
  groups(type?: GroupTypeName): Collection<any, GroupAdditional, 'group'> {
    const path = this.path;
    if (type === undefined) return new Collection(this.ctx, 'group', async () => ({ path: `${path}/groups`, entity: 'group' }), this.owner);
    const info = requireGroupType(type);
    return new Collection(this.ctx, 'group', async () => ({ path: `${path}/groups/${info.branch}`, entity: info.entity }), this.owner);
  }

  /** Indicators carrying it: all types (generic items), or one type (custom types by name too). */
  indicators(): IndicatorCollection<GenericIndicatorItem, IndicatorAdditional>;
  indicators<T extends string>(type: T): IndicatorCollection<IndicatorListItem<T>, IndicatorAdditional>;
  indicators(type?: string): IndicatorCollection<any, IndicatorAdditional> {
    const path = this.path;
    const types = this.ctx.types;
    if (type === undefined) return new IndicatorCollection(this.ctx, 'indicator', async () => ({ path: `${path}/indicators`, entity: 'indicator' }), this.owner);
    return new IndicatorCollection(this.ctx, 'indicator', async () => {
      const info = await types.resolve(type);
      return { path: `${path}/indicators/${info.branch}`, entity: info.entity };
    }, this.owner);
  }

  victims(): Collection<VictimData, unknown, 'victim'> {
    const path = this.path;
    return new Collection(this.ctx, 'victim', async () => ({ path: `${path}/victims`, entity: 'victim' }), this.owner);
  }

  tasks(): Collection<TaskData, unknown, 'task'> {
    const path = this.path;
    return new Collection(this.ctx, 'task', async () => ({ path: `${path}/tasks`, entity: 'task' }), this.owner);
  }
}

/** A tag by name: read, create, rename or describe, delete everywhere, and pivot to what carries it. */
export class Tag extends Pivot {
  constructor(ctx: TiContext, name: string, owner?: string) {
    super(ctx, name, '/v2/tags', owner);
    if (name.length > 128) throw new TcConfigError('name', name, 'a tag has at most 128 characters');
  }

  async get(): Promise<TagData> {
    return pickEntity(await this.ctx.req.data<Record<string, unknown>>('GET', this.path, this.ctx.req.ownerQuery(this.owner)), 'tag');
  }

  /** Creates the tag on its own (tags are also created implicitly when first applied). */
  async create(description?: string): Promise<TagData> {
    const body: Record<string, unknown> = { name: this.name };
    if (description !== undefined) body.description = description;
    return pickEntity(await this.ctx.req.data<Record<string, unknown>>('POST', '/v2/tags', this.ctx.req.ownerQuery(this.owner), body), 'tag');
  }

  /** Renames and/or describes the tag. */
  async update(changes: { name?: string; description?: string }): Promise<TagData> {
    if (changes.name !== undefined) requireText('name', changes.name);
    const body = { name: changes.name ?? this.name, ...(changes.description !== undefined ? { description: changes.description } : {}) };
    return pickEntity(await this.ctx.req.data<Record<string, unknown>>('PUT', this.path, this.ctx.req.ownerQuery(this.owner), body), 'tag');
  }

  /** Deletes the tag, removing it from every group, indicator and victim. */
  async delete(): Promise<void> {
    await this.ctx.req.data('DELETE', this.path, this.ctx.req.ownerQuery(this.owner));
  }
}

/** A security label by name: read, delete everywhere, and pivot to what carries it. */
export class SecurityLabel extends Pivot {
  constructor(ctx: TiContext, name: string, owner?: string) {
    super(ctx, name, '/v2/securityLabels', owner);
  }

  async get(): Promise<SecurityLabelData> {
    return pickEntity(await this.ctx.req.data<Record<string, unknown>>('GET', this.path, this.ctx.req.ownerQuery(this.owner)), 'securityLabel');
  }

  /** Deletes the label, removing it from every group, indicator and victim. */
  async delete(): Promise<void> {
    await this.ctx.req.data('DELETE', this.path, this.ctx.req.ownerQuery(this.owner));
  }
}
