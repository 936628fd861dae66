import { type FeedGroup, type FeedOutput, type InvalidRow, DEFAULT_MAPPING, type MappingOptions, attribute, boundedInt, cleanTags, feedDate, indicatorOrInvalid, mapRecords, slug, splitTags } from '../../../../src/feed/index.js';
import { hashField } from '../../../../src/model/index.js';
import type { ThreatFoxRecord } from './parse.js';

export const SOURCE_NAMES = ['abuse.ch', 'abusech', 'ThreatFox'];

const THREAT_TAGS: Record<string, string> = {
  botnet_cc: 'Botnet C2',
  payload_delivery: 'Payload Delivery',
  payload: 'Payload',
  cc_skimming: 'Card Skimming',
};

/** ThreatFox IOC types and the ThreatConnect indicator type each becomes. */
export const IOC_TYPES: Record<string, string> = {
  'ip:port': 'Address',
  domain: 'Host',
  url: 'URL',
  md5_hash: 'File',
  sha1_hash: 'File',
  sha256_hash: 'File',
};

const EXPECTED_HASH: Record<string, string> = { md5_hash: 'md5', sha1_hash: 'sha1', sha256_hash: 'sha256' };

export function malwareXid(malware: string): string {
  return `threatfox:malware:${slug(malware)}`;
}

function isKnownFamily(r: ThreatFoxRecord): boolean {
  return !!r.malwarePrintable && r.malware !== 'unknown' && !/^unknown( malware)?$/i.test(r.malwarePrintable);
}

function malwareGroup(r: ThreatFoxRecord): FeedGroup {
  const attributes = [attribute('Source', `https://threatfox.abuse.ch/browse/malware/${r.malware || slug(r.malwarePrintable)}/`)];
  if (r.malwareAliases.length) attributes.push(attribute('Description', `Also known as ${r.malwareAliases.join(', ')}.`));
  return { kind: 'group', type: 'Malware', name: r.malwarePrintable, xid: malwareXid(r.malware || r.malwarePrintable), tags: [], attributes };
}

/** Splits `1.2.3.4:443` or `[2001:db8::1]:443` into address and port; undefined when there is no port. */
export function splitIpPort(value: string): { ip: string; port: string } | undefined {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(value.trim());
  if (!m || Number(m[2]) > 65535) return undefined;
  return { ip: m[1], port: m[2] };
}

/**
 * Maps ThreatFox IOCs: ip:port → Address (the port goes into the description), domain → Host, url → URL, the
 * three hash types → File. Confidence comes from the IOC's `confidence_level`; ThreatFox has no rating, so the
 * configured default applies. Known malware families become Malware groups associated to their IOCs.
 */
export function mapThreatFox(records: AsyncIterable<ThreatFoxRecord | InvalidRow>, options: MappingOptions = DEFAULT_MAPPING): AsyncGenerator<FeedOutput> {
  const groups = new Set<string>();
  return mapRecords(records, (r: ThreatFoxRecord): FeedOutput | FeedOutput[] => {
    const type = IOC_TYPES[r.type];
    if (!type) {
      return { kind: 'invalid', where: r.where, reason: `ioc_type: unsupported IOC type ${JSON.stringify(r.type)} (value ${JSON.stringify(r.value)})` };
    }
    let value = r.value;
    let port: string | undefined;
    if (r.type === 'ip:port') {
      const parts = splitIpPort(r.value);
      if (!parts) return { kind: 'invalid', where: r.where, reason: `ioc_value: ${JSON.stringify(r.value)} is not an ip:port pair` };
      ({ ip: value, port } = parts);
    } else if (type === 'File' && hashField(value.trim()) !== EXPECTED_HASH[r.type]) {
      return { kind: 'invalid', where: r.where, reason: `ioc_value: ${JSON.stringify(r.value)} is not a valid ${r.type}` };
    }
    const family = isKnownFamily(r) ? r.malwarePrintable : undefined;
    const threat = THREAT_TAGS[r.threatType] ?? (r.threatType || undefined);
    const description = [
      `${threat ?? 'Malicious'} indicator${family ? ` of ${family}` : ''}`,
      port ? `port ${port}` : undefined,
      r.reporter && r.reporter !== 'anonymous' ? `reported by ${r.reporter}` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    const xid = family ? malwareXid(r.malware || family) : undefined;
    const indicator = indicatorOrInvalid(r.where, {
      type,
      value,
      rating: options.defaultRating,
      confidence: boundedInt(r.confidence, 0, 100) ?? options.defaultConfidence,
      firstSeen: feedDate(r.firstSeen),
      lastSeen: feedDate(r.lastSeen),
      tags: cleanTags([...splitTags(r.tags), threat, r.compromised ? 'Compromised' : undefined], SOURCE_NAMES),
      attributes: [
        attribute('Description', `${description}.${r.reference ? ` Reference: ${r.reference}` : ''}`),
        attribute('Source', r.id ? `https://threatfox.abuse.ch/ioc/${r.id}/` : 'https://threatfox.abuse.ch/'),
      ],
      groupXids: xid ? [xid] : [],
    });
    if (indicator.kind === 'invalid' || !xid || groups.has(xid)) return indicator;
    groups.add(xid);
    return [malwareGroup(r), indicator];
  });
}
