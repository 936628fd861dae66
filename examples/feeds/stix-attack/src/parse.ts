import { streamJson, type ByteSource, type InvalidRow, type SkippedRow } from '../../../../src/feed/index.js';
import { normaliseIndicator } from '../../../../src/model/index.js';

/** The STIX types this app maps, and the ThreatConnect group type of each (indicators are handled apart). */
export const GROUP_TYPES: Record<string, string> = {
  'attack-pattern': 'Attack Pattern',
  campaign: 'Campaign',
  'course-of-action': 'Course of Action',
  'intrusion-set': 'Intrusion Set',
  malware: 'Malware',
  tool: 'Tool',
  vulnerability: 'Vulnerability',
};

/** The four TLP 1.0 marking definitions STIX 2.1 fixes by id (a bundle need not carry them). */
const TLP_BY_ID: Record<string, string> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'TLP:WHITE',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'TLP:GREEN',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'TLP:AMBER',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'TLP:RED',
};

/** A STIX object the mapping reads: the object itself plus what the bundle says about it elsewhere. */
export interface StixRecord {
  where: string;
  record: Record<string, unknown> & {
    /** security label names from its marking definitions (TLP) */
    x_tc_labels: string[];
    /** ids of the mapped groups its relationships point to (or from) */
    x_tc_related: string[];
    /** indicators: the ThreatConnect type and value its pattern compares to */
    x_tc_indicator?: { type: string; value: string };
  };
}

/** Object paths of STIX patterns and the indicator type a value compared to each becomes. */
const PATTERN_TYPES: Record<string, string> = {
  'ipv4-addr:value': 'Address',
  'ipv6-addr:value': 'Address',
  'domain-name:value': 'Host',
  'url:value': 'URL',
  'email-addr:value': 'EmailAddress',
  'file:hashes.MD5': 'File',
  'file:hashes.SHA-1': 'File',
  'file:hashes.SHA1': 'File',
  'file:hashes.SHA-256': 'File',
  'file:hashes.SHA256': 'File',
};

/**
 * The indicator a STIX pattern names when it is one equality, `[ipv4-addr:value = '198.51.100.7']` or
 * `[file:hashes.'SHA-256' = '…']`; undefined for anything else (AND/OR, other operators, observation windows).
 */
export function simplePattern(pattern: unknown): { type: string; value: string } | undefined {
  if (typeof pattern !== 'string') return undefined;
  const m = /^\[\s*([a-z0-9-]+):([a-z_]+(?:\.(?:'[^']+'|[A-Za-z0-9_-]+))?)\s*=\s*'((?:[^'\\]|\\.)*)'\s*\]$/.exec(pattern.trim());
  if (!m) return undefined;
  const type = PATTERN_TYPES[`${m[1]}:${m[2].replace(/'/g, '')}`];
  return type ? { type, value: m[3].replace(/\\(.)/g, '$1') } : undefined;
}

type StixObject = Record<string, any> & { id: string; type: string };

/** The TLP label a marking definition stands for (TLP 1.0 `definition_type: tlp`, or the TLP 2.0 extension). */
export function tlpLabel(marking: StixObject | undefined, id: string): string | undefined {
  if (TLP_BY_ID[id]) return TLP_BY_ID[id];
  if (!marking) return undefined;
  if (marking.definition_type === 'tlp' && typeof marking.definition?.tlp === 'string') return `TLP:${marking.definition.tlp.toUpperCase()}`;
  for (const ext of Object.values<any>(marking.extensions ?? {})) {
    if (typeof ext?.tlp_2_0 === 'string') return `TLP:${ext.tlp_2_0.toUpperCase()}`;
  }
  return undefined;
}

/** Why an object is left out, or undefined when it is mapped. Revoked and deprecated objects leave the feed. */
function leftOut(o: StixObject): string | undefined {
  if (o.revoked === true) return `revoked ${o.type}`;
  if (o.x_mitre_deprecated === true) return `deprecated ${o.type}`;
  if (o.type === 'indicator') {
    if (o.pattern_type !== undefined && o.pattern_type !== 'stix') return `indicator pattern type ${o.pattern_type}`;
    return simplePattern(o.pattern) ? undefined : 'indicator pattern is not a simple equality';
  }
  return GROUP_TYPES[o.type] ? undefined : `not mapped: ${o.type}`;
}

/**
 * Reads a STIX 2.1 bundle (`{"type": "bundle", "objects": [...]}`) and hands on each object to map, with its
 * TLP labels and the ids it is related to. Relationships and markings may come anywhere in a bundle, so the
 * objects are held until the bundle has been read: memory grows with the bundle (ATT&CK for ICS, 1,826 objects
 * and 3.5 MB, is far from a concern; TAXII pages are written to one bundle first).
 */
export async function* parseStix(source: ByteSource): AsyncGenerator<StixRecord | InvalidRow | SkippedRow> {
  const objects: StixObject[] = [];
  for await (const { path, value } of streamJson(source, ['objects', '*'])) {
    const where = `objects[${path[1]}]`;
    const o = value as StixObject;
    if (!o || typeof o !== 'object' || typeof o.type !== 'string' || typeof o.id !== 'string') {
      yield { kind: 'invalid', where, reason: 'expected a STIX object with a type and an id' };
      continue;
    }
    objects.push(o);
  }
  const byId = new Map(objects.map((o) => [o.id, o]));
  const mapped = (id: string) => {
    const o = byId.get(id);
    return o !== undefined && leftOut(o) === undefined;
  };
  const related = new Map<string, Set<string>>();
  const link = (from: string, to: string) => (related.get(from) ?? related.set(from, new Set()).get(from)!).add(to);
  for (const [i, o] of objects.entries()) {
    if (o.type !== 'relationship') continue;
    const where = `objects[${i}] (${o.id})`;
    if (o.revoked === true || o.x_mitre_deprecated === true) {
      yield { kind: 'skipped', where, reason: 'revoked or deprecated relationship' };
    } else if (!mapped(o.source_ref) || !mapped(o.target_ref)) {
      yield { kind: 'skipped', where, reason: 'relationship to an object that is not mapped (revoked, deprecated, another type or not in the bundle)' };
    } else if (o.source_ref.startsWith('indicator--') && o.target_ref.startsWith('indicator--')) {
      yield { kind: 'skipped', where, reason: 'relationship between two indicators' };
    } else if (o.target_ref.startsWith('indicator--')) {
      // ThreatConnect associations have no direction: an indicator carries its groups
      link(o.target_ref, o.source_ref);
    } else {
      link(o.source_ref, o.target_ref);
    }
  }
  for (const [i, o] of objects.entries()) {
    if (o.type === 'relationship' || o.type === 'marking-definition' || o.type === 'identity') continue;
    const where = `objects[${i}] (${o.id})`;
    const reason = leftOut(o);
    if (reason) {
      yield { kind: 'skipped', where, reason };
      continue;
    }
    const labels = new Set<string>();
    for (const ref of Array.isArray(o.object_marking_refs) ? o.object_marking_refs : []) {
      const label = tlpLabel(byId.get(ref), ref);
      if (label) labels.add(label);
    }
    const record: StixRecord['record'] = { ...o, x_tc_labels: [...labels], x_tc_related: [...(related.get(o.id) ?? [])] };
    if (o.type === 'indicator') record.x_tc_indicator = simplePattern(o.pattern);
    yield { where, record };
  }
}

/**
 * The items a bundle says are gone (revoked or deprecated objects), as state keys (`group:<type>\t<xid>`,
 * `<indicator type>\t<summary>`): what a partial read (TAXII `added_after`) removes.
 */
export async function stixRemovals(source: ByteSource): Promise<string[]> {
  const keys: string[] = [];
  for await (const { value } of streamJson(source, ['objects', '*'])) {
    const o = value as StixObject;
    if (!o || (o.revoked !== true && o.x_mitre_deprecated !== true)) continue;
    if (GROUP_TYPES[o.type]) keys.push(`group:${GROUP_TYPES[o.type]}\t${o.id}`);
    const indicator = o.type === 'indicator' ? simplePattern(o.pattern) : undefined;
    const summary = indicator ? normaliseIndicator(indicator.type, [indicator.value]) : undefined;
    if (indicator && summary?.ok) keys.push(`${indicator.type}\t${summary.summary}`);
  }
  return keys;
}
