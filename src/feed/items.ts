/**
 * What a feed parser hands on: descriptions of indicators and groups in ThreatConnect's data model, already
 * normalised, independent of how they are submitted (Batch) or compared between runs (deltas).
 */

export interface FeedAttribute {
  type: string;
  value: string;
  /** marks the Description/Source attribute copied into the item's `description`/`source` */
  displayed?: boolean;
}

export interface FeedIndicator {
  kind: 'indicator';
  /** standard indicator type name: Address, Host, URL, File, ... */
  type: string;
  /** normalised summary (the identity of the indicator within an owner) */
  summary: string;
  rating?: number;
  confidence?: number;
  firstSeen?: string;
  lastSeen?: string;
  tags: string[];
  attributes: FeedAttribute[];
  /** xids of groups (in the same feed) this indicator is associated to */
  groupXids: string[];
  /** false marks an indicator the feed itself lists as inactive */
  active?: boolean;
  /** security label names (e.g. `TLP:GREEN`); labels the owner does not have yet are created by the batch */
  securityLabels?: string[];
}

export interface FeedGroup {
  kind: 'group';
  /** group type name: Malware, Vulnerability, ... */
  type: string;
  name: string;
  /** stable per feed, so a later run updates the same group */
  xid: string;
  firstSeen?: string;
  lastSeen?: string;
  tags: string[];
  attributes: FeedAttribute[];
  securityLabels?: string[];
  /** xids of other groups (in the same feed) this group is associated to */
  groupXids?: string[];
}

export type FeedItem = FeedIndicator | FeedGroup;

/** A row the feed app could not turn into data; reported, never fatal. */
export interface InvalidRow {
  kind: 'invalid';
  /** 1-based line (text formats) or the record's position/id (JSON formats) */
  where: string;
  reason: string;
}

/** A well-formed row the app's settings leave out (e.g. below a minimum score); counted, not submitted. */
export interface SkippedRow {
  kind: 'skipped';
  where: string;
  reason: string;
}

export type FeedOutput = FeedItem | InvalidRow | SkippedRow;

/** Identity of an item within one owner: what a later run compares against. */
export function itemKey(item: FeedItem): string {
  return item.kind === 'indicator' ? `${item.type}\t${item.summary}` : `group:${item.type}\t${item.xid}`;
}

/** The display type used in counts: the indicator or group type name. */
export function itemType(item: FeedItem): string {
  return item.type;
}
