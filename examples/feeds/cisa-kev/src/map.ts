import { type FeedOutput, type InvalidRow, attribute, cleanTags, feedDate, mapRecords } from '../../../../src/feed/index.js';
import type { KevRecord } from './parse.js';

export const SOURCE_NAMES = ['CISA', 'KEV', 'CISA KEV', 'Known Exploited Vulnerabilities'];

const CVE = /^CVE-\d{4}-\d{4,}$/;

export function vulnerabilityXid(cveId: string): string {
  return `cisa-kev:${cveId}`;
}

function describe(r: KevRecord): string {
  const lines = [r.name ? `${r.name}.` : undefined, r.description, ''];
  const affects = r.product.toLowerCase().startsWith(r.vendor.toLowerCase()) ? r.product : `${r.vendor} ${r.product}`.trim();
  if (affects) lines.push(`Affects: ${affects}.`);
  if (r.requiredAction) lines.push(`Required action${r.dueDate ? ` (due ${r.dueDate})` : ''}: ${r.requiredAction}`);
  if (r.ransomware) lines.push(`Known use in ransomware campaigns: ${r.ransomware}.`);
  if (r.cwes.length) lines.push(`Weaknesses: ${r.cwes.join(', ')}.`);
  if (r.notes) lines.push(`Notes: ${r.notes}`);
  return lines.filter((l) => l !== undefined).join('\n').trim();
}

/**
 * Maps catalog entries to Vulnerability groups named by CVE id. Groups carry no rating or confidence in
 * ThreatConnect, so there is nothing to default; the vendor, product, weaknesses and ransomware use become tags.
 */
export function mapKev(records: AsyncIterable<KevRecord | InvalidRow>): AsyncGenerator<FeedOutput> {
  return mapRecords(records, (r: KevRecord): FeedOutput => {
    const cve = r.cveId.toUpperCase();
    if (!CVE.test(cve)) return { kind: 'invalid', where: r.where, reason: `cveID: ${JSON.stringify(r.cveId)} is not a CVE id like CVE-2024-12345` };
    const firstSeen = feedDate(r.dateAdded);
    return {
      kind: 'group',
      type: 'Vulnerability',
      name: cve,
      xid: vulnerabilityXid(cve),
      ...(firstSeen ? { firstSeen } : {}),
      tags: cleanTags([r.vendor, r.product, ...r.cwes, r.ransomware === 'Known' ? 'Ransomware' : undefined], SOURCE_NAMES),
      attributes: [
        attribute('Description', describe(r)),
        attribute('Source', `https://nvd.nist.gov/vuln/detail/${cve}`),
      ],
    };
  });
}
