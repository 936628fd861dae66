// Examples for docs/ti.md: each region below is copied verbatim into the documentation and run by
// test/ti/docs-examples.test.ts against the local platform.
import type { Logger, ThreatIntelligence } from '../../src/index.js';

// #region owners-all
export async function availableOwners(ti: ThreatIntelligence, log: Logger): Promise<void> {
  for await (const owner of ti.owners().many()) {
    log.debug(`owner: ${owner.name} (${owner.type})`);
  }
}
// #endregion

// #region owners-mine
export async function myOwner(ti: ThreatIntelligence, log: Logger): Promise<void> {
  const mine = await ti.owners().mine();
  log.debug(`my organization: ${mine.name}`);
}
// #endregion

// #region owners-members
export async function myMembers(ti: ThreatIntelligence, log: Logger): Promise<void> {
  for await (const member of ti.owners().members()) {
    log.debug(`member: ${member.userName}`);
  }
}
// #endregion

// #region owners-metrics
export async function metrics(ti: ThreatIntelligence, log: Logger): Promise<void> {
  for await (const metric of ti.owners().metrics()) {
    log.debug(`metric: ${metric.metricDate} indicators=${metric.totalIndicator ?? 0}`);
  }
}
// #endregion
