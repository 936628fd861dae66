// Typed TQL (docs/ti.md "### TQL"); run by test/ti/tql.test.ts against the local platform.
import { indicatorTql, groupTql, tql, type ThreatIntelligence } from '../../src/ti/index.js';

// #region v3-tql-builders
/** High-rated hosts and URLs linked to an adversary, or tagged by hand: keyword names and types checked. */
export async function riskyIndicators(ti: ThreatIntelligence, adversary: string): Promise<string[]> {
  const q = indicatorTql;
  const query = q.all(
    q.in('typeName', ['Host', 'URL']),
    q.where('rating', '>=', 4),
    q.any(
      q.has('hasGroup', groupTql.all(groupTql.where('typeName', '=', 'Adversary'), groupTql.where('summary', '=', adversary))),
      q.has('hasTag', tql`name = ${'Hand "picked"'}`),
    ),
  );
  // past 2,000 characters the query travels in the GET body; nothing changes for the caller
  const found: string[] = [];
  for await (const indicator of ti.v3.indicators.many({ tql: query })) found.push(indicator.summary);
  return found;
}
// #endregion
