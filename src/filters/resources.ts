import { TcConfigError } from '../core/errors.js';
import { groupType, indicatorType, GROUP_TYPES, type GroupTypeInfo, type IndicatorTypeInfo } from '../model/index.js';

/**
 * The containers the legacy SDK's filters work on, with the API filters and post filters each one takes
 * (legacy-sdk-behaviour §2.3). The legacy SDK left `documentId` off generic indicators and `signatureId` off typed
 * indicators although the docs list both and the API serves them; both are available here.
 */
export type ResourceKind = 'indicators' | 'groups' | 'tasks' | 'victims' | 'owners' | 'batchJobs';

export const API_FILTERS = [
  'adversaryId',
  'campaignId',
  'documentId',
  'emailId',
  'incidentId',
  'signatureId',
  'threatId',
  'groupId',
  'id',
  'indicator',
  'securityLabel',
  'tag',
  'taskId',
  'victimId',
] as const;
export type ApiFilterName = (typeof API_FILTERS)[number];

export const POST_FILTERS = [
  'attribute',
  'confidence',
  'dateAdded',
  'lastModified',
  'rating',
  'tag',
  'threatAssessConfidence',
  'threatAssessRating',
  'type',
  'name',
  'fileType',
] as const;
export type PostFilterField = (typeof POST_FILTERS)[number];

const GROUP_PIVOTS: ApiFilterName[] = ['adversaryId', 'campaignId', 'documentId', 'emailId', 'incidentId', 'signatureId', 'threatId', 'groupId'];
const INDICATOR_POST: PostFilterField[] = ['attribute', 'confidence', 'dateAdded', 'lastModified', 'rating', 'tag', 'threatAssessConfidence', 'threatAssessRating', 'type'];

/** A resolved container: where its items live, what they are called, and which filters it takes. */
export interface ResourceSpec {
  kind: ResourceKind;
  /** display name: `indicators`, `adversaries`, `groups`, `tasks` */
  name: string;
  /** base collection path */
  path: string;
  /** response data key of the collection */
  entity: string;
  groupType?: GroupTypeInfo;
  apiFilters: readonly ApiFilterName[];
  postFilters: readonly PostFilterField[];
  /** whether results of a request are checked against the owner it was made for (not owners, victims, batch) */
  ownerScoped: boolean;
}

/** Finds a container by name: indicators, groups, a group type or branch (adversaries, Incident), tasks, ... */
export function resourceSpec(name: string): ResourceSpec {
  const key = String(name ?? '').trim();
  switch (key.toLowerCase()) {
    case 'indicators':
      return {
        kind: 'indicators', name: 'indicators', path: '/v2/indicators', entity: 'indicator',
        apiFilters: [...GROUP_PIVOTS, 'indicator', 'securityLabel', 'tag', 'taskId', 'victimId'],
        postFilters: INDICATOR_POST, ownerScoped: true,
      };
    case 'groups':
      return {
        kind: 'groups', name: 'groups', path: '/v2/groups', entity: 'group',
        apiFilters: [...GROUP_PIVOTS, 'indicator', 'securityLabel', 'tag', 'taskId', 'victimId'],
        postFilters: ['name', 'dateAdded', 'type'], ownerScoped: true,
      };
    case 'tasks':
      return {
        kind: 'tasks', name: 'tasks', path: '/v2/tasks', entity: 'task',
        apiFilters: [...GROUP_PIVOTS, 'id', 'indicator', 'securityLabel', 'tag', 'victimId'],
        postFilters: ['attribute', 'name', 'dateAdded'], ownerScoped: true,
      };
    case 'victims':
      return {
        kind: 'victims', name: 'victims', path: '/v2/victims', entity: 'victim',
        apiFilters: [...GROUP_PIVOTS, 'id', 'indicator', 'securityLabel', 'tag', 'taskId'],
        postFilters: ['attribute', 'dateAdded', 'name', 'type'], ownerScoped: false,
      };
    case 'owners':
      return { kind: 'owners', name: 'owners', path: '/v2/owners', entity: 'owner', apiFilters: ['id', 'indicator'], postFilters: ['name', 'type'], ownerScoped: false };
    case 'batchjobs':
    case 'batch':
      return { kind: 'batchJobs', name: 'batchJobs', path: '/v2/batch', entity: 'batchStatus', apiFilters: ['id'], postFilters: [], ownerScoped: false };
  }
  const info = groupType(key);
  if (info) {
    return {
      kind: 'groups', name: info.branch, path: `/v2/groups/${info.branch}`, entity: info.entity, groupType: info,
      apiFilters: [...GROUP_PIVOTS, 'id', 'indicator', 'securityLabel', 'tag', 'taskId', 'victimId'],
      postFilters: ['name', 'dateAdded', 'fileType'], ownerScoped: true,
    };
  }
  const names = ['indicators', 'groups', ...GROUP_TYPES.map((g) => g.branch), 'tasks', 'victims', 'owners', 'batchJobs'];
  throw new TcConfigError('resource', name, `is not a filterable container; use one of ${names.join(', ')}`);
}

/** A standard indicator type by name, branch or entity, or a clear error. */
export function indicatorTypeOf(field: string, name: string): IndicatorTypeInfo {
  const info = indicatorType(String(name ?? ''));
  if (!info) throw new TcConfigError(field, name, 'is not an indicator type (Address, EmailAddress, File, Host, URL, ASN, CIDR, ...)');
  return info;
}

/** A group type by name, branch or entity, or a clear error. */
export function groupTypeOf(field: string, name: string): GroupTypeInfo {
  const info = groupType(String(name ?? ''));
  if (!info) throw new TcConfigError(field, name, `is not a group type (${GROUP_TYPES.map((g) => g.name).join(', ')})`);
  return info;
}
