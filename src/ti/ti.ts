import type { TcClient } from '../client/client.js';
import { type Logger, silentLogger } from '../core/logger.js';
import { Collection, IndicatorCollection } from './collection.js';
import { requireGroupType, type TiContext } from './entity.js';
import { Filters, type FilterKind } from './filters.js';
import { makeGroup, type GroupFor, type GroupInput } from './group.js';
import { TiGroupFactories } from './generated/groups.js';
import { makeIndicator, type CustomIndicatorInput, type IndicatorFor, type IndicatorInput } from './indicator.js';
import { IndicatorTypeRegistry, type ResolvedIndicatorType } from './indicator-types.js';
import { SecurityLabel, Tag } from './labels-and-tags.js';
import { Owners } from './owners.js';
import { TiRequester } from './request.js';
import { Task, type TaskInput } from './task.js';
import { V3Groups } from './v3/groups.js';
import { V3Indicators } from './v3/indicators.js';
import { v3MetadataCollections, type V3MetadataCollections } from './v3/metadata-collections.js';
import { securityCollections } from './v3/security.js';
import { victimCollections } from './v3/victims.js';
import { Victim, victimAssetTarget, type VictimInput } from './victim.js';
import type {
  GenericGroupItem,
  GenericIndicatorItem,
  GroupAdditional,
  GroupListItem,
  GroupTypeName,
  IndicatorAdditional,
  IndicatorListItem,
  IndicatorTypeName,
  RegistryValueType,
  SecurityLabelData,
  TagData,
  TaskData,
  VictimAssetType,
  VictimData,
} from './types.js';

export interface ThreatIntelligenceOptions {
  logger?: Logger;
}

/** Owner scoping for collections. */
export interface OwnerOption {
  /** owner name (`owner=`); default: the client's owner, else the user's organization */
  owner?: string;
}

type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * The Threat Intelligence module: typed factories for groups, indicators, tasks, victims, tags, security labels
 * and owners over the v2 API, plus `v3` for TQL queries.
 *
 * ```ts
 * const ti = new ThreatIntelligence(client);
 * const campaign = ti.group('Campaign', { name: 'camp-3', firstSeen: '2019-04-02' });
 * await campaign.create();
 * for await (const g of ti.groups('Adversary').many({ includes: ['tags'] })) console.log(g.name, g.tag);
 * ```
 */
export class ThreatIntelligence extends TiGroupFactories {
  /** Indicator types: the standard ones, plus custom types discovered from `/v2/types/indicatorTypes`. */
  readonly indicatorTypes: IndicatorTypeRegistry;
  /** The v3 API: TQL queries, opt-in fields, next-link paging. */
  readonly v3: {
    indicators: V3Indicators;
    groups: V3Groups;
  } & V3MetadataCollections &
    ReturnType<typeof victimCollections> &
    ReturnType<typeof securityCollections>;
  private readonly ctx: TiContext;

  constructor(
    readonly client: TcClient,
    options: ThreatIntelligenceOptions = {},
  ) {
    super();
    const log = options.logger ?? silentLogger;
    const req = new TiRequester(client, log);
    this.indicatorTypes = new IndicatorTypeRegistry(req);
    this.ctx = { req, types: this.indicatorTypes };
    this.v3 = {
      indicators: new V3Indicators(client, log, '/v3/indicators'),
      groups: new V3Groups(client, log, '/v3/groups'),
      ...v3MetadataCollections(client, log),
      ...victimCollections(client, log),
      ...securityCollections(client, log),
    };
  }

  // ------------------------------------------------------------------------------------------------ groups

  /** A group of the given type: pass `{ id }` to address an existing one, or its fields to create one. */
  override group<T extends GroupTypeName>(type: T, input?: GroupInput<T>): GroupFor<T> {
    return makeGroup(this.ctx, type, input);
  }

  /** Groups of one type (typed items), or of every type (generic items with `type`). */
  groups(options?: OwnerOption): Collection<GenericGroupItem, GroupAdditional, 'group'>;
  groups<T extends GroupTypeName>(type: T, options?: OwnerOption): Collection<GroupListItem<T>, GroupAdditional, 'group'>;
  groups(typeOrOptions?: GroupTypeName | OwnerOption, maybeOptions: OwnerOption = {}): Collection<any, GroupAdditional, 'group'> {
    const [type, options] = typeof typeOrOptions === 'string' ? [typeOrOptions, maybeOptions] : [undefined, typeOrOptions ?? {}];
    if (type === undefined) return new Collection(this.ctx, 'group', async () => ({ path: '/v2/groups', entity: 'group' }), options.owner);
    const info = requireGroupType(type);
    return new Collection(this.ctx, 'group', async () => ({ path: `/v2/groups/${info.branch}`, entity: info.entity }), options.owner);
  }

  // one factory method per group type (ti.adversary(), ti.event(), ...): generated, TiGroupFactories

  // -------------------------------------------------------------------------------------------- indicators

  /**
   * An indicator of a standard type (typed value fields) or of a custom type by name (`values`/`summary`;
   * the type is looked up in `/v2/types/indicatorTypes` on first use).
   */
  indicator<T extends IndicatorTypeName>(type: T, input: IndicatorInput<T>): IndicatorFor<T>;
  indicator(type: string, input: CustomIndicatorInput): IndicatorFor<string>;
  indicator(type: string, input: object): unknown {
    return makeIndicator(this.ctx, type, input);
  }

  /** Indicators of one type (typed items, custom types by name too), or of every type (items with `summary`). */
  indicators(options?: OwnerOption): IndicatorCollection<GenericIndicatorItem, IndicatorAdditional>;
  indicators<T extends string>(type: T, options?: OwnerOption): IndicatorCollection<IndicatorListItem<T>, IndicatorAdditional>;
  indicators(typeOrOptions?: string | OwnerOption, maybeOptions: OwnerOption = {}): IndicatorCollection<any, IndicatorAdditional> {
    const [type, options] = typeof typeOrOptions === 'string' ? [typeOrOptions, maybeOptions] : [undefined, typeOrOptions ?? {}];
    if (type === undefined) return new IndicatorCollection(this.ctx, 'indicator', async () => ({ path: '/v2/indicators', entity: 'indicator' }), options.owner);
    const types = this.indicatorTypes;
    return new IndicatorCollection(
      this.ctx,
      'indicator',
      async () => {
        const info = await types.resolve(type);
        return { path: `/v2/indicators/${info.branch}`, entity: info.entity };
      },
      options.owner,
    );
  }

  address(ip: string, input: Without<IndicatorInput<'Address'>, 'ip' | 'summary'> = {}) {
    return this.indicator('Address', { ...input, ip });
  }
  emailAddress(address: string, input: Without<IndicatorInput<'EmailAddress'>, 'address' | 'summary'> = {}) {
    return this.indicator('EmailAddress', { ...input, address });
  }
  /** A File by any of its hashes: `{ md5, sha1, sha256 }`, or one hash string. */
  file(hashes: string | { md5?: string; sha1?: string; sha256?: string }, input: Without<IndicatorInput<'File'>, 'md5' | 'sha1' | 'sha256' | 'summary'> = {}) {
    return this.indicator('File', typeof hashes === 'string' ? { ...input, summary: hashes } : { ...input, ...hashes });
  }
  host(hostName: string, input: Without<IndicatorInput<'Host'>, 'hostName' | 'summary'> = {}) {
    return this.indicator('Host', { ...input, hostName });
  }
  url(text: string, input: Without<IndicatorInput<'URL'>, 'text' | 'summary'> = {}) {
    return this.indicator('URL', { ...input, text });
  }
  asn(asNumber: string, input: Without<IndicatorInput<'ASN'>, 'asNumber' | 'summary'> = {}) {
    return this.indicator('ASN', { ...input, asNumber });
  }
  cidr(block: string, input: Without<IndicatorInput<'CIDR'>, 'block' | 'summary'> = {}) {
    return this.indicator('CIDR', { ...input, block });
  }
  mutex(mutex: string, input: Without<IndicatorInput<'Mutex'>, 'mutex' | 'summary'> = {}) {
    return this.indicator('Mutex', { ...input, mutex });
  }
  registryKey(
    key: { keyName: string; valueName: string; valueType: RegistryValueType },
    input: Without<IndicatorInput<'Registry Key'>, 'keyName' | 'valueName' | 'valueType' | 'summary'> = {},
  ) {
    return this.indicator('Registry Key', { ...input, ...key });
  }
  userAgent(userAgentString: string, input: Without<IndicatorInput<'User Agent'>, 'userAgentString' | 'summary'> = {}) {
    return this.indicator('User Agent', { ...input, userAgentString });
  }
  emailSubject(subject: string, input: Without<IndicatorInput<'Email Subject'>, 'subject' | 'summary'> = {}) {
    return this.indicator('Email Subject', { ...input, subject });
  }
  hashtag(hashtag: string, input: Without<IndicatorInput<'Hashtag'>, 'hashtag' | 'summary'> = {}) {
    return this.indicator('Hashtag', { ...input, hashtag });
  }

  /** Every indicator type the platform knows, custom ones included (looked up once). */
  async listIndicatorTypes(refresh = false): Promise<ResolvedIndicatorType[]> {
    return this.indicatorTypes.list(refresh);
  }

  // ------------------------------------------------------------------------------ tasks, victims, the rest

  task(input?: TaskInput): Task {
    return new Task(this.ctx, input);
  }

  tasks(options: OwnerOption = {}): Collection<TaskData, unknown, 'task'> {
    return new Collection(this.ctx, 'task', async () => ({ path: '/v2/tasks', entity: 'task' }), options.owner);
  }

  victim(input?: VictimInput): Victim {
    return new Victim(this.ctx, input);
  }

  victims(options: OwnerOption = {}): Collection<VictimData, unknown, 'victim'> {
    return new Collection(this.ctx, 'victim', async () => ({ path: '/v2/victims', entity: 'victim' }), options.owner);
  }

  /** A victim asset as an association target: `group.addAssociation(ti.victimAsset('emailAddresses', 7))`. */
  victimAsset(type: VictimAssetType, id: number) {
    return victimAssetTarget(type, id);
  }

  /** A tag by name, with pivots to what carries it. */
  tag(name: string, options: OwnerOption = {}): Tag {
    return new Tag(this.ctx, name, options.owner);
  }

  tags(options: OwnerOption = {}): Collection<TagData, unknown, 'tag'> {
    return new Collection(this.ctx, 'tag', async () => ({ path: '/v2/tags', entity: 'tag' }), options.owner);
  }

  securityLabel(name: string, options: OwnerOption = {}): SecurityLabel {
    return new SecurityLabel(this.ctx, name, options.owner);
  }

  securityLabels(options: OwnerOption = {}): Collection<SecurityLabelData, unknown, 'securityLabel'> {
    return new Collection(this.ctx, 'securityLabel', async () => ({ path: '/v2/securityLabels', entity: 'securityLabel' }), options.owner);
  }

  /** Owners, the user's organization, its members and metrics. */
  owners(): Owners {
    return new Owners(this.ctx);
  }

  /** A filter set for a collection kind; collections also hand out typed sets with `.filters()`. */
  filters<K extends FilterKind>(kind: K): Filters<K> {
    return new Filters(kind);
  }
}
