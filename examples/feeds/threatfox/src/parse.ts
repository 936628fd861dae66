import { csvRows, streamJson, type ByteSource, type InvalidRow, sniff } from '../../../../src/feed/index.js';

/** One ThreatFox IOC, from the JSON export (`export/json/recent/`) or a CSV export (`export/csv/.../full/`). */
export interface ThreatFoxRecord {
  where: string;
  id: string;
  value: string;
  /** `ip:port`, `domain`, `url`, `md5_hash`, `sha1_hash`, `sha256_hash` */
  type: string;
  threatType: string;
  /** Malpedia-style id, e.g. `win.cobalt_strike` */
  malware: string;
  malwareAliases: string[];
  malwarePrintable: string;
  firstSeen: string;
  lastSeen: string;
  confidence: string;
  reference: string;
  tags: string;
  reporter: string;
  compromised: boolean;
}

export const THREATFOX_CSV_COLUMNS = [
  'first_seen_utc',
  'ioc_id',
  'ioc_value',
  'ioc_type',
  'threat_type',
  'fk_malware',
  'malware_alias',
  'malware_printable',
  'last_seen_utc',
  'confidence_level',
  'reference',
  'tags',
  'anonymous',
  'reporter',
] as const;

// the exports write missing values as null (JSON) or "None" (CSV)
function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = String(value).trim();
  return s === 'None' ? '' : s;
}

function aliases(value: unknown): string[] {
  return text(value)
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
}

async function* parseJson(source: ByteSource): AsyncGenerator<ThreatFoxRecord | InvalidRow> {
  // the export is {"<id>": [ioc]}; the API answers {"query_status": "ok", "data": [ioc]}: both sit at depth two
  for await (const { path, value } of streamJson(source, ['*', '*'])) {
    const where = `IOC ${path[0] === 'data' ? `#${path[1]}` : path[0]}`;
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      yield { kind: 'invalid', where, reason: 'expected an object describing one IOC' };
      continue;
    }
    const v = value as Record<string, unknown>;
    yield {
      where,
      id: text(v.id ?? (path[0] === 'data' ? '' : path[0])),
      value: text(v.ioc_value ?? v.ioc),
      type: text(v.ioc_type),
      threatType: text(v.threat_type),
      malware: text(v.malware),
      malwareAliases: aliases(v.malware_alias),
      malwarePrintable: text(v.malware_printable),
      firstSeen: text(v.first_seen_utc ?? v.first_seen),
      lastSeen: text(v.last_seen_utc ?? v.last_seen),
      confidence: text(v.confidence_level),
      reference: text(v.reference),
      tags: Array.isArray(v.tags) ? v.tags.map(text).join(',') : text(v.tags),
      reporter: text(v.reporter),
      compromised: v.is_compromised === true,
    };
  }
}

async function* parseCsv(source: ByteSource): AsyncGenerator<ThreatFoxRecord | InvalidRow> {
  for await (const row of csvRows(source, THREATFOX_CSV_COLUMNS, (f) => f[0] === THREATFOX_CSV_COLUMNS[0])) {
    if ('kind' in row) {
      yield row;
      continue;
    }
    const [firstSeen, id, value, type, threatType, malware, alias, printable, lastSeen, confidence, reference, tags, , reporter] = row.fields.map(text);
    yield {
      where: `line ${row.line}`,
      id,
      value,
      type,
      threatType,
      malware,
      malwareAliases: aliases(alias),
      malwarePrintable: printable,
      firstSeen,
      lastSeen,
      confidence,
      reference,
      tags,
      reporter,
      compromised: false,
    };
  }
}

/** Streams IOCs from either export format, told apart by the first character (`{` is JSON). */
export async function* parseThreatFox(source: ByteSource): AsyncGenerator<ThreatFoxRecord | InvalidRow> {
  const sniffed = await sniff(source);
  yield* sniffed.first === '{' || sniffed.first === '[' ? parseJson(sniffed.source) : parseCsv(sniffed.source);
}
