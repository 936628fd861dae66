import { defineMapping, reject, type FeedOutput, type InvalidRow } from '../../../../src/feed/index.js';
import type { KevEntry } from './parse.js';

export const SOURCE_NAMES = ['CISA', 'KEV', 'CISA KEV', 'Known Exploited Vulnerabilities'];

const CVE = /^CVE-\d{4}-\d{4,}$/;

export function vulnerabilityXid(cveId: string): string {
  return `cisa-kev:${cveId}`;
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : v === null || v === undefined ? '' : String(v).trim());

/** The CVE id in capitals, or the refusal naming the value (the entry becomes an invalid row). */
function cveId(value: unknown) {
  const cve = str(value).toUpperCase();
  return CVE.test(cve) ? cve : reject(`${JSON.stringify(value ?? null)} is not a CVE id like CVE-2024-12345`);
}

function describe(r: Record<string, unknown>): string {
  const [vendor, product, name, description, action, due, ransomware, notes] = [
    r.vendorProject, r.product, r.vulnerabilityName, r.shortDescription, r.requiredAction, r.dueDate, r.knownRansomwareCampaignUse, r.notes,
  ].map(str);
  const cwes = Array.isArray(r.cwes) ? r.cwes.map(str).filter(Boolean) : [];
  const lines = [name ? `${name}.` : undefined, description, ''];
  const affects = product.toLowerCase().startsWith(vendor.toLowerCase()) ? product : `${vendor} ${product}`.trim();
  if (affects) lines.push(`Affects: ${affects}.`);
  if (action) lines.push(`Required action${due ? ` (due ${due})` : ''}: ${action}`);
  if (ransomware) lines.push(`Known use in ransomware campaigns: ${ransomware}.`);
  if (cwes.length) lines.push(`Weaknesses: ${cwes.join(', ')}.`);
  if (notes) lines.push(`Notes: ${notes}`);
  return lines.filter((l) => l !== undefined).join('\n').trim();
}

// #region kev-mapping
/**
 * Catalog entries to Vulnerability groups named by CVE id. Groups carry no rating or confidence in
 * ThreatConnect, so there is nothing to default; the vendor, product, weaknesses and ransomware use become tags.
 */
export const kevMapping = defineMapping({
  excludeTags: SOURCE_NAMES,
  groups: [
    {
      type: 'Vulnerability',
      name: { path: 'cveID', fn: cveId },
      xid: { path: 'cveID', fn: (id) => vulnerabilityXid(String(cveId(id))) },
      firstSeen: 'dateAdded',
      tags: ['vendorProject', 'product', 'cwes', { path: 'knownRansomwareCampaignUse', map: { Known: 'Ransomware' } }],
      attributes: [
        { type: 'Description', value: { fn: (_, { record }) => describe(record as Record<string, unknown>) } },
        { type: 'Source', value: { path: 'cveID', fn: (id) => `https://nvd.nist.gov/vuln/detail/${String(cveId(id))}` } },
      ],
    },
  ],
});
// #endregion kev-mapping

export function mapKev(entries: AsyncIterable<KevEntry | InvalidRow>): AsyncGenerator<FeedOutput> {
  return kevMapping.mapAll(entries);
}
