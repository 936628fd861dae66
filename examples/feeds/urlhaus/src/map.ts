import { type FeedOutput, type InvalidRow, DEFAULT_MAPPING, type MappingOptions, attribute, cleanTags, feedDate, indicatorOrInvalid, mapRecords, splitTags } from '../../../../src/feed/index.js';
import type { UrlhausRecord } from './parse.js';

export const SOURCE_NAMES = ['abuse.ch', 'abusech', 'URLhaus'];

const THREATS: Record<string, string> = { malware_download: 'Malware Download' };

/** `malware_download` → `Malware Download`; unknown threat names are title-cased the same way. */
export function threatTag(threat: string): string | undefined {
  const t = threat.trim();
  if (!t) return undefined;
  return THREATS[t] ?? t.split(/[_\s]+/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

/**
 * Maps URLhaus rows to URL indicators. URLhaus gives no rating or confidence (configured defaults apply) and no
 * malware family field: families appear among its tags, which are kept as tags.
 */
export function mapUrlhaus(records: AsyncIterable<UrlhausRecord | InvalidRow>, options: MappingOptions = DEFAULT_MAPPING): AsyncGenerator<FeedOutput> {
  return mapRecords(records, (r: UrlhausRecord) => {
    const threat = threatTag(r.threat);
    const lastOnline = feedDate(r.lastOnline);
    const parts = [
      `${threat ?? 'Malicious'} URL`,
      r.status ? `status ${r.status}${lastOnline ? ` (last online ${lastOnline})` : ''}` : undefined,
      r.reporter ? `reported by ${r.reporter}` : undefined,
    ].filter(Boolean);
    const link = r.link.trim() || (r.id ? `https://urlhaus.abuse.ch/url/${r.id.trim()}/` : '');
    return indicatorOrInvalid(`line ${r.line}`, {
      type: 'URL',
      value: r.url,
      rating: options.defaultRating,
      confidence: options.defaultConfidence,
      firstSeen: feedDate(r.dateAdded),
      lastSeen: lastOnline,
      tags: cleanTags([...splitTags(r.tags), threat], SOURCE_NAMES),
      attributes: [attribute('Description', `${parts.join(', ')}.`), ...(link ? [attribute('Source', link)] : [])],
    });
  });
}
