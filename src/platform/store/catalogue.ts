/** What a fresh platform knows before anyone writes: attribute types and the system security labels. */

export interface AttributeTypeSeed {
  name: string;
  description: string;
  maxSize: number;
  allowMarkdown?: boolean;
  errorMessage?: string;
  validationRule?: { name: string; type: string; text: string };
}

const long = 65_500;

export const ATTRIBUTE_TYPES: readonly AttributeTypeSeed[] = [
  { name: 'Description', description: 'A description of the item.', maxSize: long, allowMarkdown: true },
  { name: 'Source', description: 'Where the information came from.', maxSize: long },
  { name: 'Additional Analysis and Context', description: 'Analysis and context beyond the description.', maxSize: long, allowMarkdown: true },
  { name: 'External ID', description: 'The identifier of the item in another system.', maxSize: 500 },
  { name: 'First Seen', description: 'When the item was first seen.', maxSize: 100, errorMessage: 'Please enter a valid date.',
    validationRule: { name: 'Date', type: 'Regex', text: '^\\d{4}-\\d{2}-\\d{2}.*$' } },
  { name: 'Last Seen', description: 'When the item was last seen.', maxSize: 100, errorMessage: 'Please enter a valid date.',
    validationRule: { name: 'Date', type: 'Regex', text: '^\\d{4}-\\d{2}-\\d{2}.*$' } },
  { name: 'Title', description: 'A title for the item.', maxSize: 500 },
  { name: 'Comment', description: 'A free-form comment.', maxSize: long, allowMarkdown: true },
  { name: 'Reference Link', description: 'A link to further information.', maxSize: 2_000 },
  { name: 'Threat Type', description: 'The kind of threat.', maxSize: 500 },
  { name: 'Malware Family', description: 'The malware family involved.', maxSize: 500 },
  { name: 'Targeted Industry', description: 'An industry the threat targets.', maxSize: 500 },
  { name: 'Country of Origin', description: 'Where the activity originates.', maxSize: 500 },
  { name: 'Impact Description', description: 'What the activity did.', maxSize: long },
  { name: 'Course of Action Taken', description: 'What was done in response.', maxSize: long },
  { name: 'Phase of Intrusion', description: 'Kill-chain phase.', maxSize: 500 },
  { name: 'Adversary Motivation Type', description: 'Why the adversary acts.', maxSize: 500 },
  { name: 'Detection Percentage', description: 'Share of engines detecting the file.', maxSize: 100 },
  { name: 'Physical Address', description: 'A postal address.', maxSize: 1_000 },
];

export interface LabelSeed {
  name: string;
  description: string;
  color: string;
}

export const SECURITY_LABELS: readonly LabelSeed[] = [
  { name: 'TLP:RED', description: 'Not for disclosure, restricted to participants only.', color: 'FF2B2B' },
  { name: 'TLP:AMBER', description: 'Limited disclosure, restricted to participants’ organizations.', color: 'FFC000' },
  { name: 'TLP:AMBER+STRICT', description: 'Limited disclosure, restricted to the participants’ organization only.', color: 'FFC000' },
  { name: 'TLP:GREEN', description: 'Limited disclosure, restricted to the community.', color: '33FF00' },
  { name: 'TLP:WHITE', description: 'Disclosure is not limited.', color: 'FFFFFF' },
  { name: 'TLP:CLEAR', description: 'Disclosure is not limited.', color: 'FFFFFF' },
];

/** Built-in indicator-to-indicator association types: API branch, name, and the indicator type pairs allowed. */
export interface IndicatorAssociationType {
  branch: string;
  name: string;
  pairs: Array<[string, string]>;
}

export const INDICATOR_ASSOCIATION_TYPES: readonly IndicatorAssociationType[] = [
  { branch: 'addressToUserAgent', name: 'Address to User Agent', pairs: [['Address', 'User Agent']] },
  { branch: 'asnToAddress', name: 'ASN to Address', pairs: [['ASN', 'Address']] },
  { branch: 'asnToCidr', name: 'ASN to CIDR', pairs: [['ASN', 'CIDR']] },
  { branch: 'cidrToAddress', name: 'CIDR to Address', pairs: [['CIDR', 'Address']] },
  { branch: 'dnsPtrRecord', name: 'DNS PTR Record', pairs: [['Address', 'Host']] },
  { branch: 'domainRegistrant', name: 'Domain Registrant', pairs: [['Host', 'EmailAddress']] },
  { branch: 'fileDownload', name: 'File Download', pairs: [['URL', 'File']] },
  { branch: 'urlHost', name: 'URL Host', pairs: [['URL', 'Address'], ['URL', 'Host']] },
];

const squash = (s: string) => s.replace(/[\s_-]+/g, '').toLowerCase();

export function indicatorAssociationType(key: string): IndicatorAssociationType | undefined {
  const k = squash(key);
  return INDICATOR_ASSOCIATION_TYPES.find((t) => squash(t.branch) === k || squash(t.name) === k);
}

/**
 * The stored key of an indicator association type: the built-in branch, or for a custom type its name in
 * lower camel case (`Address to Indicators` → `addressToIndicators`), so the name and the branch meet.
 */
export function associationTypeKey(key: string): string {
  const builtIn = indicatorAssociationType(key);
  if (builtIn) return builtIn.branch;
  const words = key.trim().split(/[\s_-]+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w[0].toLowerCase() + w.slice(1) : w[0].toUpperCase() + w.slice(1))).join('');
}
