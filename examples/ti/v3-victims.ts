// Examples for docs/ti.md (victims and the security objects over v3): each region below is copied verbatim into
// the documentation and run by test/ti/docs-examples-v3-victims.test.ts against the local platform.
import { tql, type Logger, type ThreatIntelligence } from '../../src/index.js';

// #region v3-victims
/** A victim with its assets and a tag in one call; found again by one of its assets; changed by writing a GET back. */
export async function recordVictim(ti: ThreatIntelligence, log: Logger, email: string): Promise<number> {
  const created = await ti.v3.victims.create({
    name: 'Jane Doe',
    org: 'Example Corp',
    assets: { data: [{ type: 'EmailAddress', address: email, addressType: 'Work' }] },
    tags: { data: [{ name: 'Phishing Target' }] },
  });
  for await (const victim of ti.v3.victims.many({ tql: tql`assetName = ${email}`, fields: ['assets'] })) {
    // `assets` is typed because the fields asked for it
    log.info(`${victim.name}: ${victim.assets.data.map((a) => a.type).join(', ')}`);
  }
  const current = await ti.v3.victims.get(created.id);
  await ti.v3.victims.update(created.id, { ...current, workLocation: 'Head office' });
  // nested collections take a mode: append (the default), replace or delete
  await ti.v3.victims.update(created.id, { tags: { data: [{ name: 'Phishing Target' }], mode: 'delete' } });
  return created.id;
}
// #endregion

// #region v3-security
/** The owners I belong to with my rights in each, and an exclusion list in my organization. */
export async function securityOverview(ti: ThreatIntelligence, log: Logger): Promise<number> {
  for await (const owner of ti.v3.owners.many()) {
    log.info(`${owner.name} (${owner.type}): ${owner.ownerRole}, indicators ${owner.permIndicator}`);
  }
  const list = await ti.v3.exclusionLists.create({
    name: 'Host',
    fixedValues: { data: [{ value: 'example.com' }] },
    variableValues: { data: [{ value: '*.internal.example.com' }] },
  });
  return list.id;
}
// #endregion
