// Examples for docs/ti.md: each region below is copied verbatim into the documentation and run by
// test/ti/docs-examples.test.ts against the local platform.
import type { Logger, ThreatIntelligence } from '../../src/index.js';

// #region indicators-by-type
/** Every Address of an owner; items carry `ip` (typed collections use the type's value fields). */
export async function indicatorsByType(ti: ThreatIntelligence, log: Logger, owner: string): Promise<void> {
  const addresses = ti.indicators('Address', { owner });
  for await (const address of addresses.many({ includes: ['additional', 'attributes', 'labels', 'tags'] })) {
    log.debug(`indicator: ${address.ip} rating=${address.rating ?? '-'} observations=${address.observationCount ?? 0}`);
  }
}
// #endregion

// #region indicators-by-tag
/** Every indicator carrying the tag Crimeware; generic items carry `type` and `summary`. */
export async function indicatorsByTag(ti: ThreatIntelligence, log: Logger): Promise<void> {
  const tag = ti.tag('Crimeware');
  for await (const indicator of tag.indicators().many({ includes: ['additional', 'attributes', 'labels', 'tags'] })) {
    log.debug(`indicator: ${indicator.type} ${indicator.summary}`);
  }
}
// #endregion

// #region indicators-by-filter
/** Indicators whose summary is my_name_filter; add `.or()` to match any filter instead of all. */
export async function indicatorsByFilter(ti: ThreatIntelligence, log: Logger, owner: string): Promise<void> {
  const indicators = ti.indicators({ owner });
  const filters = indicators.filters();
  filters.add('summary', '=', 'my_name_filter');
  for await (const indicator of indicators.many({ filters, includes: ['additional', 'attributes', 'labels', 'tags'] })) {
    log.debug(`indicator: ${indicator.type} ${indicator.summary}`);
  }
}
// #endregion

// #region indicator-by-value
/** One Address by value; values are URL-encoded for you (URLs, CIDRs, registry keys included). */
export async function indicatorByValue(ti: ThreatIntelligence, owner: string) {
  const address = ti.indicator('Address', { owner, ip: '1.1.1.1' });
  return address.get({ includes: ['additional', 'attributes', 'labels', 'tags'] });
}
// #endregion

// #region indicator-metadata
export async function indicatorMetadata(ti: ThreatIntelligence, log: Logger, owner: string): Promise<void> {
  const address = ti.address('1.1.1.1', { owner });

  for await (const association of address.groupAssociations()) {
    log.debug(`group association: ${association.type} ${association.name}`);
  }
  for await (const association of address.indicatorAssociations()) {
    log.debug(`indicator association: ${association.type} ${association.summary}`);
  }
  for await (const attribute of address.attributes()) {
    log.debug(`attribute: ${attribute.type}=${attribute.value}`);
  }
  for await (const tag of address.tags()) {
    log.debug(`tag: ${tag.name}`);
  }
  for await (const label of address.labels()) {
    log.debug(`label: ${label.name}`);
  }
}
// #endregion

// #region create-indicator
export async function createIndicator(ti: ThreatIntelligence, owner: string, adversaryId: number): Promise<void> {
  const address = ti.indicator('Address', { owner, ip: '12.13.14.15', rating: 3, confidence: 60 });
  await address.create();

  await address.addAssociation(ti.group('Adversary', { owner, id: adversaryId }));
  await address.addAttribute('Description', 'Example Description.', { source: 'docs', displayed: true });
  await address.addLabel('TLP:GREEN');
  await address.addTag('Crimeware');
}
// #endregion

// #region update-indicator
export async function updateIndicator(ti: ThreatIntelligence, owner: string) {
  const address = ti.indicator('Address', { owner, ip: '12.13.14.15' });
  return address.update({ rating: 5, confidence: 90 });
}
// #endregion

// #region delete-indicator
export async function deleteIndicator(ti: ThreatIntelligence, owner: string): Promise<void> {
  await ti.indicator('Address', { owner, ip: '12.13.14.15' }).delete();
}
// #endregion
