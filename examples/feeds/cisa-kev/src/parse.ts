import { streamJson, type ByteSource, type InvalidRow } from '../../../../src/feed/index.js';

/** One entry of CISA's Known Exploited Vulnerabilities catalog. */
export interface KevRecord {
  where: string;
  cveId: string;
  vendor: string;
  product: string;
  name: string;
  dateAdded: string;
  description: string;
  requiredAction: string;
  dueDate: string;
  ransomware: string;
  notes: string;
  cwes: string[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : v === null || v === undefined ? '' : String(v).trim());

/** Streams `vulnerabilities[]` of the catalog JSON, one entry at a time. */
export async function* parseKev(source: ByteSource): AsyncGenerator<KevRecord | InvalidRow> {
  for await (const { path, value } of streamJson(source, ['vulnerabilities', '*'])) {
    const where = `vulnerabilities[${path[1]}]`;
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      yield { kind: 'invalid', where, reason: 'expected an object describing one vulnerability' };
      continue;
    }
    const v = value as Record<string, unknown>;
    yield {
      where,
      cveId: str(v.cveID),
      vendor: str(v.vendorProject),
      product: str(v.product),
      name: str(v.vulnerabilityName),
      dateAdded: str(v.dateAdded),
      description: str(v.shortDescription),
      requiredAction: str(v.requiredAction),
      dueDate: str(v.dueDate),
      ransomware: str(v.knownRansomwareCampaignUse),
      notes: str(v.notes),
      cwes: Array.isArray(v.cwes) ? v.cwes.map(str).filter(Boolean) : [],
    };
  }
}
