import { type FeedOutput, type FieldContext, type InvalidRow, DEFAULT_MAPPING, type MappingOptions, defineMapping, reject, slug, splitTags } from '../../../../src/feed/index.js';
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

/** Splits `1.2.3.4:443` or `[2001:db8::1]:443` into address and port; undefined when there is no port. */
export function splitIpPort(value: string): { ip: string; port: string } | undefined {
  const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(value.trim());
  if (!m || Number(m[2]) > 65535) return undefined;
  return { ip: m[1], port: m[2] };
}

const threat = (r: ThreatFoxRecord): string | undefined => THREAT_TAGS[r.threatType] ?? (r.threatType || undefined);
const family = (r: ThreatFoxRecord): string | undefined => (isKnownFamily(r) ? r.malwarePrintable : undefined);
const familyXid = (r: ThreatFoxRecord): string | undefined => (isKnownFamily(r) ? malwareXid(r.malware || r.malwarePrintable) : undefined);

/** The value as ThreatConnect takes it: the address of an `ip:port`; a hash checked against its IOC type. */
function iocValue(value: string, r: ThreatFoxRecord) {
  if (r.type === 'ip:port') return splitIpPort(value)?.ip ?? reject(`${JSON.stringify(value)} is not an ip:port pair`);
  if (EXPECTED_HASH[r.type] && hashField(value.trim()) !== EXPECTED_HASH[r.type]) return reject(`${JSON.stringify(value)} is not a valid ${r.type}`);
  return value;
}

function describe(r: ThreatFoxRecord): string {
  const port = r.type === 'ip:port' ? splitIpPort(r.value)?.port : undefined;
  const f = family(r);
  const description = [
    `${threat(r) ?? 'Malicious'} indicator${f ? ` of ${f}` : ''}`,
    port ? `port ${port}` : undefined,
    r.reporter && r.reporter !== 'anonymous' ? `reported by ${r.reporter}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return `${description}.${r.reference ? ` Reference: ${r.reference}` : ''}`;
}

// #region threatfox-mapping
/**
 * ThreatFox IOCs: ip:port → Address (the port goes into the description), domain → Host, url → URL, the three
 * hash types → File. Confidence comes from the IOC's `confidence_level`; ThreatFox has no rating, so the
 * configured default applies. Known malware families become Malware groups associated to their IOCs.
 */
export function threatfoxMapping(options: MappingOptions = DEFAULT_MAPPING) {
  const record = (fn: (r: ThreatFoxRecord) => unknown) => ({ fn: (_: unknown, c: FieldContext) => fn(c.record as ThreatFoxRecord) });
  return defineMapping({
    excludeTags: SOURCE_NAMES,
    defaultRating: options.defaultRating,
    defaultConfidence: options.defaultConfidence,
    groupsNeedIndicators: true,
    groups: [
      {
        type: 'Malware',
        when: record(isKnownFamily),
        name: 'malwarePrintable',
        xid: record(familyXid),
        attributes: [
          { type: 'Source', value: record((r) => `https://threatfox.abuse.ch/browse/malware/${r.malware || slug(r.malwarePrintable)}/`) },
          { type: 'Description', value: { path: 'malwareAliases', fn: (a: string[]) => (a.length ? `Also known as ${a.join(', ')}.` : undefined) } },
        ],
      },
    ],
    indicators: [
      {
        type: { path: 'type', fn: (t: string) => IOC_TYPES[t] ?? reject(`unsupported IOC type ${JSON.stringify(t)}`) },
        summary: { path: 'value', fn: (v: string, c) => iocValue(v, c.record as ThreatFoxRecord) },
        confidence: 'confidence',
        firstSeen: 'firstSeen',
        lastSeen: 'lastSeen',
        tags: [{ path: 'tags', fn: splitTags }, record(threat), { path: 'compromised', map: { true: 'Compromised' } }],
        attributes: [
          { type: 'Description', value: record(describe) },
          { type: 'Source', value: { path: 'id', fn: (id: string) => (id ? `https://threatfox.abuse.ch/ioc/${id}/` : 'https://threatfox.abuse.ch/') } },
        ],
        associatedGroups: record(familyXid),
      },
    ],
  });
}
// #endregion threatfox-mapping

export function mapThreatFox(records: AsyncIterable<ThreatFoxRecord | InvalidRow>, options: MappingOptions = DEFAULT_MAPPING): AsyncGenerator<FeedOutput> {
  return threatfoxMapping(options).mapAll(mapped(records));
}

async function* mapped(records: AsyncIterable<ThreatFoxRecord | InvalidRow>): AsyncGenerator<{ record: ThreatFoxRecord; where: string } | InvalidRow> {
  for await (const r of records) yield 'kind' in r ? r : { record: r, where: r.where };
}
