// Examples for docs/ti.md's section on the v3 metadata families: each region below is copied verbatim into the
// documentation and run by test/ti/v3-metadata.test.ts against the local platform.
import { tql, type Logger, type ThreatIntelligence } from '../../src/index.js';

// #region v3-tags
/** Tags: create one, list the ATT&CK technique tags of a prefix, rename by read-modify-write, delete. */
export async function v3Tags(ti: ThreatIntelligence, log: Logger): Promise<string[]> {
  const tag = await ti.v3.tags.create({ name: 'Ransomware Ops', description: 'Campaign tracking' });
  const techniques: string[] = [];
  for await (const t of ti.v3.tags.many({ tql: tql`techniqueId startswith ${'T081'}` })) {
    techniques.push(`${t.techniqueId} - ${t.name}`);
  }
  const current = await ti.v3.tags.get(tag.id, { fields: ['groups'] });
  log.debug(`tag ${current.name} on ${current.groups?.data.length ?? 0} group(s)`);
  await ti.v3.tags.update(tag.id, { ...current, name: 'Ransomware Operations' });
  await ti.v3.tags.delete(tag.id);
  return techniques;
}
// #endregion

// #region v3-security-labels
/** Security labels: the TLP ones, and a custom label (an administrator's call). */
export async function v3SecurityLabels(ti: ThreatIntelligence, log: Logger): Promise<void> {
  for await (const label of ti.v3.securityLabels.many({ tql: 'name startswith "TLP:"' })) {
    log.debug(`label ${label.name} color=${label.color}`);
  }
  const custom = await ti.v3.securityLabels.create({ name: 'Partner Only', description: 'Share with partners', color: '3366FF' });
  await ti.v3.securityLabels.delete(custom.id);
}
// #endregion

// #region v3-attribute-types
/** Attribute types are read-only: look up the limits before writing attributes. */
export async function v3AttributeTypes(ti: ThreatIntelligence): Promise<Map<string, number>> {
  const limits = new Map<string, number>();
  for await (const type of ti.v3.attributeTypes.many({ tql: 'maxsize <= 500' })) {
    limits.set(String(type.name), Number(type.maxSize));
  }
  return limits;
}
// #endregion

// #region v3-attributes
/** Attributes addressed on their own: add one to an indicator, label it, change it, remove it. */
export async function v3Attributes(ti: ThreatIntelligence, indicatorId: number): Promise<string> {
  const attribute = await ti.v3.indicatorAttributes.create({
    indicatorId,
    type: 'Description',
    value: 'Seen in the March phishing wave',
    default: true,
    securityLabels: { data: [{ name: 'TLP:GREEN' }] },
  });
  const current = await ti.v3.indicatorAttributes.get(attribute.id, { fields: ['securityLabels'] });
  const updated = await ti.v3.indicatorAttributes.update(attribute.id, { ...current, value: `${current.value} (confirmed)` });
  // group attributes work the same way, with groupId: ti.v3.groupAttributes
  await ti.v3.indicatorAttributes.delete(attribute.id);
  return String(updated.value);
}
// #endregion
