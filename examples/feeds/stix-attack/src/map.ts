import { DEFAULT_MAPPING, defineMapping, type FeedOutput, type InvalidRow, type MappingOptions, type SkippedRow } from '../../../../src/feed/index.js';
import { GROUP_TYPES, type StixRecord } from './parse.js';

// #region stix-mapping
/**
 * STIX 2.1 objects to ThreatConnect: each mapped SDO becomes a group of the type GROUP_TYPES names (xid: the STIX
 * id, stable across versions), an indicator whose pattern is one equality becomes that indicator. Relationships
 * arrive as `x_tc_related` and TLP markings as `x_tc_labels` (both resolved by the parser across the bundle).
 */
export function stixMapping(options: MappingOptions = DEFAULT_MAPPING) {
  const common = {
    tags: ['kill_chain_phases[].phase_name', 'labels', 'malware_types', 'tool_types', 'indicator_types'],
    securityLabels: 'x_tc_labels',
    associatedGroups: 'x_tc_related',
  };
  return defineMapping({
    defaultRating: options.defaultRating,
    defaultConfidence: options.defaultConfidence,
    groups: [
      {
        ...common,
        when: { path: 'type', map: GROUP_TYPES },
        type: { path: 'type', map: GROUP_TYPES },
        name: 'name',
        xid: 'id',
        firstSeen: 'first_seen',
        lastSeen: 'last_seen',
        attributes: [
          { type: 'Description', value: 'description' },
          { type: 'External ID', value: 'external_references[?external_id].external_id | [0]' },
          { type: 'Source', value: 'external_references[?external_id && url].url | [0]' },
          { type: 'Reference Link', value: 'external_references[?!external_id && url].url' },
        ],
      },
    ],
    indicators: [
      {
        ...common,
        when: 'x_tc_indicator',
        type: { path: 'x_tc_indicator.type' },
        summary: 'x_tc_indicator.value',
        confidence: 'confidence',
        firstSeen: 'valid_from',
        attributes: [
          { type: 'Title', value: 'name' },
          { type: 'Description', value: 'description' },
          { type: 'External ID', value: 'id' },
          { type: 'Reference Link', value: 'external_references[].url' },
        ],
      },
    ],
  });
}
// #endregion stix-mapping

export function mapStix(records: AsyncIterable<StixRecord | InvalidRow | SkippedRow>, options: MappingOptions = DEFAULT_MAPPING): AsyncGenerator<FeedOutput> {
  return stixMapping(options).mapAll(records);
}
