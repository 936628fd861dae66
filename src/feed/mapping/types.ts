/** What a mapping produces: the feed framework's item shapes, with security labels and group-to-group links. */
export interface MappedAttribute {
  type: string;
  value: string;
  displayed?: boolean;
}

export interface MappedIndicator {
  kind: 'indicator';
  type: string;
  summary: string;
  rating?: number;
  confidence?: number;
  firstSeen?: string;
  lastSeen?: string;
  tags: string[];
  attributes: MappedAttribute[];
  groupXids: string[];
  securityLabels?: string[];
  active?: boolean;
}

export interface MappedGroup {
  kind: 'group';
  type: string;
  name: string;
  xid: string;
  firstSeen?: string;
  lastSeen?: string;
  tags: string[];
  attributes: MappedAttribute[];
  securityLabels?: string[];
  /** xids of other groups this one is associated to */
  groupXids?: string[];
}

export interface MappedInvalid {
  kind: 'invalid';
  where: string;
  reason: string;
}

export type MappedOutput = MappedIndicator | MappedGroup | MappedInvalid;
