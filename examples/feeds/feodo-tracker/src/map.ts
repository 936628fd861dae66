import { type FeedGroup, type FeedOutput, type InvalidRow, DEFAULT_MAPPING, type MappingOptions, attribute, cleanTags, feedDate, indicatorOrInvalid, mapRecords, slug } from '../../../../src/feed/index.js';
import type { FeodoRecord } from './parse.js';

export const SOURCE_NAMES = ['abuse.ch', 'abusech', 'Feodo Tracker', 'feodotracker', 'Feodo'];

export function malwareXid(name: string): string {
  return `feodo-tracker:malware:${slug(name)}`;
}

function malwareGroup(name: string): FeedGroup {
  return {
    kind: 'group',
    type: 'Malware',
    name,
    xid: malwareXid(name),
    tags: ['Botnet'],
    attributes: [attribute('Source', 'https://feodotracker.abuse.ch/browse/')],
  };
}

/**
 * Maps blocklist rows to Address indicators (the C2 servers) and Malware groups (their families). The list
 * carries no rating or confidence, so both come from the configured defaults.
 */
export function mapFeodo(records: AsyncIterable<FeodoRecord | InvalidRow>, options: MappingOptions = DEFAULT_MAPPING): AsyncGenerator<FeedOutput> {
  const groups = new Set<string>();
  return mapRecords(records, (r: FeodoRecord) => {
    const family = r.malware.trim();
    const port = /^\d{1,5}$/.test(r.port) && Number(r.port) <= 65535 ? r.port : undefined;
    const lastOnline = feedDate(r.lastOnline);
    const details = [
      `${family || 'Unknown malware'} botnet command-and-control server`,
      port ? `listening on port ${port}` : undefined,
      r.status ? `status ${r.status}${lastOnline ? ` (last online ${lastOnline.slice(0, 10)})` : ''}` : undefined,
    ].filter(Boolean);
    const indicator = indicatorOrInvalid(`line ${r.line}`, {
      type: 'Address',
      value: r.ip,
      rating: options.defaultRating,
      confidence: options.defaultConfidence,
      firstSeen: feedDate(r.firstSeen),
      lastSeen: lastOnline,
      tags: cleanTags([family, 'Botnet C2'], SOURCE_NAMES),
      attributes: [
        attribute('Description', `${details.join(', ')}.`),
        attribute('Source', `https://feodotracker.abuse.ch/browse/host/${r.ip.trim()}/`),
      ],
      groupXids: family ? [malwareXid(family)] : [],
    });
    if (indicator.kind === 'invalid' || !family || groups.has(family)) return indicator;
    groups.add(family);
    return [malwareGroup(family), indicator];
  });
}
