// Examples for docs/ti.md: each region below is copied verbatim into the documentation and run by
// test/ti/docs-examples.test.ts against the local platform.
import type { Logger, ThreatIntelligence } from '../../src/index.js';

// #region groups-by-type
/** Every Adversary of an owner, with additional fields, attributes, security labels and tags. */
export async function groupsByType(ti: ThreatIntelligence, log: Logger, owner: string): Promise<void> {
  const groups = ti.groups('Adversary', { owner });
  for await (const group of groups.many({ includes: ['additional', 'attributes', 'labels', 'tags'] })) {
    // `tag`, `attribute` and `securityLabel` are typed because the includes asked for them
    log.debug(`group: ${group.name} tags=${group.tag.map((t) => t.name).join(',')}`);
  }
}
// #endregion

// #region groups-by-tag
/** Every group carrying the tag Crimeware, whatever its type. */
export async function groupsByTag(ti: ThreatIntelligence, log: Logger): Promise<void> {
  const tag = ti.tag('Crimeware');
  for await (const group of tag.groups().many({ includes: ['additional', 'attributes', 'labels', 'tags'] })) {
    log.debug(`group: ${group.type} ${group.name}`);
  }
}
// #endregion

// #region groups-by-filter
/** Groups of any type whose name is exactly my_name_filter. */
export async function groupsByFilter(ti: ThreatIntelligence, log: Logger, owner: string): Promise<void> {
  const groups = ti.groups({ owner });
  const filters = groups.filters(); // typed: only group filter names and their operators compile
  filters.add('name', '=', 'my_name_filter');
  for await (const group of groups.many({ filters, includes: ['additional', 'attributes', 'labels', 'tags'] })) {
    log.debug(`group: ${group.type} ${group.name}`);
  }
}
// #endregion

// #region group-by-id
/** One Adversary by id; a missing one throws TiNotFoundError with the server's message. */
export async function groupById(ti: ThreatIntelligence, owner: string, id: number) {
  const adversary = ti.group('Adversary', { owner, id });
  return adversary.get({ includes: ['additional', 'attributes', 'labels', 'tags'] });
}
// #endregion

// #region group-metadata
/** Everything attached to a group, one listing at a time (each pages through the API lazily). */
export async function groupMetadata(ti: ThreatIntelligence, log: Logger, owner: string, id: number): Promise<void> {
  const adversary = ti.group('Adversary', { owner, id });

  for await (const association of adversary.groupAssociations()) {
    log.debug(`group association: ${association.type} ${association.name}`);
  }
  for await (const association of adversary.indicatorAssociations()) {
    log.debug(`indicator association: ${association.type} ${association.summary}`);
  }
  for await (const asset of adversary.victimAssetAssociations()) {
    log.debug(`victim asset association: ${asset.type} ${asset.name}`);
  }
  for await (const attribute of adversary.attributes()) {
    log.debug(`attribute: ${attribute.type}=${attribute.value}`);
  }
  for await (const tag of adversary.tags()) {
    log.debug(`tag: ${tag.name}`);
  }
  for await (const label of adversary.labels()) {
    log.debug(`label: ${label.name}`);
  }
}
// #endregion

// #region create-group
/** A Campaign with an association, an attribute, a security label and a tag: one API call each. */
export async function createGroup(ti: ThreatIntelligence, owner: string, adversaryId: number): Promise<number> {
  const campaign = ti.group('Campaign', { name: 'camp-3', owner, firstSeen: '2019-04-02' });
  const created = await campaign.create(); // campaign.id is set from the answer

  await campaign.addAssociation(ti.group('Adversary', { owner, id: adversaryId }));
  await campaign.addAttribute('Description', 'Example Description.');
  await campaign.addLabel('TLP:GREEN');
  await campaign.addTag('Crimeware');
  return created.id;
}
// #endregion

// #region update-group
/** Updating is creating with an id: the fields given are sent with PUT. */
export async function updateGroup(ti: ThreatIntelligence, owner: string, id: number) {
  const campaign = ti.group('Campaign', { name: 'camp-3', owner, firstSeen: '2019-04-02', id });
  return campaign.update({ name: 'camp-3 (renamed)' });
}
// #endregion

// #region delete-group
export async function deleteGroup(ti: ThreatIntelligence, id: number): Promise<void> {
  await ti.group('Campaign', { id }).delete();
}
// #endregion
