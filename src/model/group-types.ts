/**
 * The group types: names, v2 branches and entities, and their type-specific fields. Shared by the SDK and the
 * local platform.
 */
export interface GroupTypeInfo {
  name: string;
  branch: string;
  entity: string;
  /** writable type-specific fields beyond name and the common dates */
  fields: string[];
  /** fields required on create (besides name) */
  required: string[];
  /** date fields a create may leave out: the platform then sets them to the current time (Event, Incident) */
  nowIfMissing?: string[];
  /** required fields a batch job may leave out (a Report's fileName: required by v2, optional in batch) */
  optionalInBatch?: string[];
  /** allowed `status` values, when the type has a status */
  statuses?: readonly string[];
}

export const EVENT_STATUSES = [
  'Needs Review',
  'False Positive',
  'No Further Action',
  'Escalated',
  'Completed',
  'In Progress',
  'New',
  'Reopened',
] as const;

export const INCIDENT_STATUSES = [
  'New',
  'Open',
  'Stalled',
  'Containment Achieved',
  'Restoration Achieved',
  'Incident Reported',
  'Closed',
  'Rejected',
  'Deleted',
] as const;

export const DOCUMENT_STATUSES = ['Success', 'Awaiting Upload', 'In Progress', 'Failed', 'None'] as const;

export const SIGNATURE_FILE_TYPES = [
  'Bro',
  'ClamAV',
  'CybOX',
  'Iris Search Hash',
  'KQL',
  'OpenIOC',
  'Regex',
  'SPL',
  'Sigma',
  'Snort',
  'Suricata',
  'TQL Query',
  'YARA',
] as const;

export const TASK_STATUSES = ['Not Started', 'In Progress', 'Completed', 'Waiting on Someone', 'Deferred'] as const;

/** Dates every group type may carry (batch and v2). */
export const COMMON_GROUP_DATES = ['firstSeen', 'lastSeen', 'externalDateAdded', 'externalDateExpires', 'externalLastModified'] as const;

const g = (name: string, branch: string, entity: string, fields: string[] = [], required: string[] = [], statuses?: readonly string[]): GroupTypeInfo => ({
  name,
  branch,
  entity,
  fields,
  required,
  statuses,
});

export const GROUP_TYPES: readonly GroupTypeInfo[] = [
  g('Adversary', 'adversaries', 'adversary'),
  g('Attack Pattern', 'attackPatterns', 'attackPattern'),
  g('Campaign', 'campaigns', 'campaign', ['firstSeen']),
  g('Course of Action', 'coursesOfAction', 'courseOfAction'),
  g('Document', 'documents', 'document', ['fileName', 'malware', 'password', 'insights', 'aiProvider', 'aiLastRetrievalDate'], ['fileName']),
  g('Email', 'emails', 'email', ['subject', 'header', 'body', 'to', 'from'], ['subject', 'header', 'body']),
  // the API takes an Event or Incident without eventDate and dates it now
  { ...g('Event', 'events', 'event', ['eventDate', 'status', 'eventType', 'insights', 'aiProvider', 'aiLastRetrievalDate'], [], EVENT_STATUSES), nowIfMissing: ['eventDate'] },
  { ...g('Incident', 'incidents', 'incident', ['eventDate', 'status'], [], INCIDENT_STATUSES), nowIfMissing: ['eventDate'] },
  g('Intrusion Set', 'intrusionSets', 'intrusionSet'),
  g('Malware', 'malware', 'malware'),
  { ...g('Report', 'reports', 'report', ['fileName', 'publishDate', 'insights', 'aiProvider', 'aiLastRetrievalDate'], ['fileName']), optionalInBatch: ['fileName'] },
  g('Signature', 'signatures', 'signature', ['fileName', 'fileType', 'fileText'], ['fileName', 'fileType', 'fileText']),
  g('Tactic', 'tactics', 'tactic'),
  g('Threat', 'threats', 'threat'),
  g('Tool', 'tools', 'tool'),
  g('Vulnerability', 'vulnerabilities', 'vulnerability'),
];

const byKey = new Map<string, GroupTypeInfo>();
for (const info of GROUP_TYPES) {
  for (const key of [info.name, info.branch, info.entity, info.name.replace(/\s+/g, '')]) byKey.set(key.toLowerCase(), info);
}

/** Finds a group type by name, branch or entity, case-insensitively. */
export function groupType(key: string): GroupTypeInfo | undefined {
  return byKey.get(key.trim().toLowerCase());
}
