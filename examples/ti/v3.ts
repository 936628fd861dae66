// Examples of the v3 chapter of docs/ti.md (indicators and groups): each region is copied verbatim into the
// documentation and run by test/ti/docs-examples.test.ts against the local platform.
import { ThreatIntelligence, type Logger } from '../../src/index.js';

// #region v3-create
/** A group with its indicators and another group, named by value or by name: missing ones are created. */
export async function createWithAssociations(ti: ThreatIntelligence): Promise<number> {
  const incident = await ti.v3.groups.create({
    type: 'Incident',
    name: 'Phishing wave',
    eventDate: '2024-05-01T00:00:00Z',
    status: 'Open',
    tags: { data: [{ name: 'phishing' }] },
    attributes: { data: [{ type: 'Description', value: 'Mails with a fake invoice.', default: true }] },
    associatedIndicators: { data: [{ type: 'Host', hostName: 'invoice-portal.example' }, { type: 'EmailAddress', address: 'billing@invoice-portal.example' }] },
    associatedGroups: { data: [{ type: 'Campaign', name: 'Invoice 2024', firstSeen: '2024-04-01T00:00:00Z' }] },
  });
  return incident.id;
}
// #endregion

// #region v3-round-trip
/** Read-modify-write: change what a GET returned and write it back as it is. */
export async function raiseRating(ti: ThreatIntelligence, hostName: string): Promise<number | undefined> {
  const host = await ti.v3.indicators.get(hostName, { fields: ['tags', 'attributes', 'observations', 'threatAssess'] });
  host.rating = 4;
  host.tags.data.push({ name: 'reviewed' });
  // read-only values (summary, webLink, threatAssess*) and `observations: 0` are ignored, not refused
  const written = await ti.v3.indicators.update(host.id, host);
  return written.rating;
}
// #endregion

// #region v3-modes
/** Nested collections take a mode: append (the default), replace or delete. */
export async function retag(ti: ThreatIntelligence, groupId: number): Promise<string[]> {
  await ti.v3.groups.update(groupId, { tags: { data: [{ name: 'triaged' }], mode: 'replace' } });
  await ti.v3.groups.update(groupId, {
    associatedIndicators: { data: [{ type: 'EmailAddress', summary: 'billing@invoice-portal.example' }], mode: 'delete' },
  });
  const group = await ti.v3.groups.get(groupId, { fields: ['tags', 'associatedIndicators'] });
  return [...group.tags.data.map((t) => t.name), ...group.associatedIndicators.data.map((i) => i.summary)];
}
// #endregion

// #region v3-deleted
/** Indicators deleted from the owner since a time. */
export async function deletedSince(ti: ThreatIntelligence, log: Logger, since: Date): Promise<number> {
  let n = 0;
  for await (const gone of ti.v3.indicators.deleted({ deletedSince: since })) {
    log.debug(`deleted ${gone.type} ${gone.summary} at ${gone.deletedDate}`);
    n += 1;
  }
  return n;
}
// #endregion

// #region v3-files
/** A Report's file up and down, and any group's PDF. */
export async function reportFiles(ti: ThreatIntelligence, content: Buffer): Promise<{ back: Buffer; pdf: Buffer }> {
  const report = await ti.v3.groups.create({ type: 'Report', name: 'Quarterly review', fileName: 'review.txt' });
  await ti.v3.groups.upload(report.id, content);
  return { back: await ti.v3.groups.download(report.id), pdf: await ti.v3.groups.pdf(report.id) };
}
// #endregion

// #region v3-options
/** What the API says about itself: writable fields, `fields=` values and TQL keywords. */
export async function describeIndicators(ti: ThreatIntelligence): Promise<{ writable: string[]; fields: string[]; keywords: string[] }> {
  const writable = (await ti.v3.indicators.describe()).map((f) => f.name);
  const fields = (await ti.v3.indicators.describe('fields')).map((f) => f.name);
  const keywords = (await ti.v3.indicators.describe('tql')).map((k) => k.keyword ?? k.name);
  return { writable, fields, keywords };
}
// #endregion
