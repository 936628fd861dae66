/**
 * Wire shapes of the ThreatConnect v2 threat-intelligence API, as the TI module returns them. Single items carry
 * `owner{}`, list items `ownerName` (reference §3.6); typed collections use the type's value fields, generic ones
 * `type` plus `summary` (indicators) or `name` (groups).
 */
import type { REGISTRY_VALUE_TYPES, TASK_STATUSES, EVENT_STATUSES, INCIDENT_STATUSES, SIGNATURE_FILE_TYPES } from '../model/index.js';

/** A date accepted on input: an ISO-8601 string (`2017-07-13`, `2017-07-13T13:36:53-04:00`) or a Date. */
export type DateInput = string | Date;

export type OwnerType = 'Organization' | 'Community' | 'Source';

export interface OwnerData {
  id: number;
  name: string;
  type: OwnerType;
}

/** `owner{}` on single items (GET/POST/PUT answers). */
export interface SingleOwned {
  owner: OwnerData;
}
/** `ownerName` on list items. */
export interface ListOwned {
  ownerName: string;
}

export interface UserData {
  userName: string;
  firstName?: string;
  lastName?: string;
  pseudonym?: string;
}

export interface AttributeData {
  id: number;
  type: string;
  value: string;
  dateAdded: string;
  lastModified: string;
  displayed?: boolean;
  source?: string;
}

export interface TagData {
  name: string;
  description?: string;
  webLink?: string;
}

export interface SecurityLabelData {
  name: string;
  description?: string;
  color?: string;
  dateAdded?: string;
}

/** What `includes` can ask for on `get()` and `many()`. */
export type Include = 'additional' | 'attributes' | 'tags' | 'labels';

/** The keys an include embeds in every returned item. */
export type Included<I extends Include, Additional> = ('tags' extends I ? { tag: TagData[] } : unknown) &
  ('attributes' extends I ? { attribute: AttributeData[] } : unknown) &
  ('labels' extends I ? { securityLabel: SecurityLabelData[] } : unknown) &
  ('additional' extends I ? Additional : unknown);

// ---------------------------------------------------------------------------------------------------- groups

// the group type names, inputs and answers per type are generated from the schema (src/model/schema/group.ts)
export type { GroupTypeName, GroupWireFields } from './generated/groups.js';
import type { GroupTypeName, GroupWireFields } from './generated/groups.js';

export type EventStatus = (typeof EVENT_STATUSES)[number];
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type SignatureFileType = (typeof SIGNATURE_FILE_TYPES)[number];
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type DocumentStatus = 'Success' | 'Awaiting Upload' | 'In Progress' | 'Failed' | 'None';

export interface GroupCommon {
  id: number;
  name: string;
  dateAdded: string;
  lastModified?: string;
  webLink: string;
  firstSeen?: string;
  lastSeen?: string;
}

/** `includes=additional` on groups. */
export interface GroupAdditional {
  xid?: string;
  createdBy?: UserData;
  communityOrSource?: boolean;
  additionalOwners?: OwnerData[];
}

/** A group as returned by a single GET/POST/PUT. */
export type GroupData<T extends GroupTypeName = GroupTypeName> = GroupCommon & SingleOwned & GroupWireFields[T];
/** An item of a typed group collection (`/v2/groups/{branch}`). */
export type GroupListItem<T extends GroupTypeName = GroupTypeName> = GroupCommon & ListOwned & GroupWireFields[T];
/** An item of the generic group collection (`/v2/groups`) or of an association list. */
export type GenericGroupItem = GroupCommon & ListOwned & { type: GroupTypeName };

// ------------------------------------------------------------------------------------------------ indicators

export type IndicatorTypeName =
  | 'Address'
  | 'EmailAddress'
  | 'File'
  | 'Host'
  | 'URL'
  | 'ASN'
  | 'CIDR'
  | 'Mutex'
  | 'Registry Key'
  | 'User Agent'
  | 'Email Subject'
  | 'Hashtag';

export type RegistryValueType = (typeof REGISTRY_VALUE_TYPES)[number];

/** Value fields of each indicator type as the API returns them (custom labels keep their spaces). */
export interface IndicatorWireFields {
  Address: { ip: string };
  EmailAddress: { address: string };
  File: { md5?: string; sha1?: string; sha256?: string; size?: number };
  /** v2 sends dnsActive/whoisActive as the strings "true"/"false" */
  Host: { hostName: string; dnsActive?: string; whoisActive?: string };
  URL: { text: string };
  ASN: { 'AS Number': string };
  CIDR: { Block: string };
  Mutex: { Mutex: string };
  'Registry Key': { 'Key Name': string; 'Value Name': string; 'Value Type': RegistryValueType };
  'User Agent': { 'User Agent String': string };
  'Email Subject': { Subject: string };
  Hashtag: { Hashtag: string };
}

export interface IndicatorCommon {
  id: number;
  dateAdded: string;
  lastModified: string;
  webLink: string;
  rating?: number;
  confidence?: number;
  threatAssessRating?: number;
  threatAssessConfidence?: number;
  threatAssessScore?: number;
  calScore?: number;
  calIndicatorStatus?: string;
  description?: string;
  source?: string;
}

/** `includes=additional` on indicators. */
export interface IndicatorAdditional {
  observationCount?: number;
  lastObserved?: string;
  falsePositiveCount?: number;
  falsePositiveLastReported?: string;
  privateFlag?: boolean;
  active?: boolean;
  activeLocked?: boolean;
  communityOrSource?: boolean;
  additionalOwners?: OwnerData[];
}

/** Fields of a custom indicator type, keyed by its value labels. */
export type CustomIndicatorFields = { type?: string } & Record<string, unknown>;

type WireFieldsOf<T extends string> = T extends IndicatorTypeName ? IndicatorWireFields[T] : CustomIndicatorFields;

/** An indicator as returned by a single GET/POST/PUT. */
export type IndicatorData<T extends string = IndicatorTypeName> = IndicatorCommon & SingleOwned & WireFieldsOf<T>;
/** An item of a typed indicator collection (`/v2/indicators/{branch}`). */
export type IndicatorListItem<T extends string = IndicatorTypeName> = IndicatorCommon & ListOwned & WireFieldsOf<T>;
/** An item of the generic indicator collection (`/v2/indicators`), a tag pivot or an association list. */
export type GenericIndicatorItem = IndicatorCommon & ListOwned & { type: string; summary: string };

// ------------------------------------------------------------------------------------- tasks, victims, misc

export interface TaskData {
  id: number;
  name: string;
  dateAdded: string;
  lastModified?: string;
  webLink: string;
  status?: TaskStatus;
  escalated?: boolean;
  reminded?: boolean;
  overdue?: boolean;
  dueDate?: string;
  reminderDate?: string;
  escalationDate?: string;
  description?: string;
  assignee?: UserData[];
  escalatee?: UserData[];
  owner?: OwnerData;
  ownerName?: string;
}

export interface VictimData {
  id: number;
  name: string;
  description?: string;
  org?: string;
  suborg?: string;
  workLocation?: string;
  nationality?: string;
  webLink: string;
  owner?: OwnerData;
  ownerName?: string;
}

/** Victim asset kinds, by their path name. */
export interface VictimAssetFields {
  emailAddresses: { address: string; addressType?: string };
  networkAccounts: { account: string; network?: string };
  phoneNumbers: { phoneType: string };
  socialNetworks: { account: string; network?: string };
  webSites: { webSite: string };
}
export type VictimAssetType = keyof VictimAssetFields;

export interface VictimAssetData {
  id: number;
  name?: string;
  type: 'EmailAddress' | 'NetworkAccount' | 'Phone' | 'SocialNetwork' | 'WebSite' | string;
  webLink?: string;
  [field: string]: unknown;
}

/** Adversary asset kinds, by their path name. */
export interface AdversaryAssetFields {
  handles: { handle: string };
  phoneNumbers: { phoneNumber: string };
  urls: { url: string };
}
export type AdversaryAssetType = keyof AdversaryAssetFields;

export interface AdversaryAssetData {
  id: number;
  name?: string;
  type: 'Handle' | 'PhoneNumber' | 'URL' | string;
  webLink?: string;
  [field: string]: unknown;
}

export interface FileOccurrenceData {
  id: number;
  fileName?: string;
  path?: string;
  date?: string;
}

export interface ObservationData {
  count: number;
  dateObserved: string;
}

export interface ObservationCountData {
  count: number;
  lastObserved?: string;
  yourCount?: number;
  yourLastObserved?: string;
}

export interface FalsePositiveData {
  count: number;
  lastReported: string;
}

export interface DnsResolutionData {
  resolutionDate: string;
  addresses: Array<{ id?: number; ip: string; ownerName?: string; [field: string]: unknown }>;
}

export interface OwnerMetricData {
  metricDate: string;
  totalIndicator?: number;
  totalGroup?: number;
  [metric: string]: unknown;
}

export interface IndicatorTypeData {
  name: string;
  custom: string;
  parsable: string;
  apiBranch: string;
  apiEntity: string;
  casePreference?: string;
  value1Label?: string;
  value1Type?: string;
  value2Label?: string;
  value2Type?: string;
  value3Label?: string;
  value3Type?: string;
}

export interface DeletedIndicatorData {
  ownerName: string;
  type: string;
  dateAdded: string;
  summary: string;
}
