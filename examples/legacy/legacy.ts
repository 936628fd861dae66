// The examples of docs/legacy.md, shown verbatim there and run by test/docs/examples.test.ts against the
// platform (the docs import from 'tcex'; here the sources).
import { IndicatorValidator, Jobs, ResourceQuery, type JobsRun, type TcClient } from '../../src/index.js';

// #region validator
export function validate(): unknown[] {
  const v = new IndicatorValidator();
  return [
    v.detect('2001:DB8::1'),            // { type: 'Address', pattern: 'ipv6' }
    v.resolve('Bad.Example.COM'),       // { type: 'Host', summary: 'bad.example.com', detected: true, ... }
    v.resolve('payload.exe', { type: 'Host' }),   // explicit type: no detection
    v.isValid('999.1.1.1'),             // false
  ];
}
// #endregion

// #region resource-query
export async function query(client: TcClient): Promise<string[]> {
  const indicators = new ResourceQuery(client, 'indicators').modifiedSince('2024-01-01T00:00:00Z');
  const f1 = indicators.addFilter().owner('Example Organization').tag('Nation State').securityLabel('TLP:RED');
  f1.postFilter('rating', 3, 'GE').postFilter('dateAdded', '2024-06-01', 'GT');
  indicators.addFilter({ indicatorType: 'Address', operator: 'OR' }).owner('Example Organization').threatId(38);
  const found: string[] = [];
  for await (const item of indicators.stream()) found.push(String(item.summary ?? item.ip));
  console.log(indicators.report.stats());
  return found;
}
// #endregion

// #region jobs
export async function jobsRun(client: TcClient): Promise<JobsRun> {
  const jobs = new Jobs({ client, batchChunk: 25_000, batchHaltOnError: false });
  jobs.group({ name: 'Robin Sparkles', type: 'Adversary', attribute: [{ type: 'Description', value: '...' }], tag: [{ name: 'APT' }] });
  jobs.indicator({ summary: '1.2.3.4', type: 'Address', rating: 3, confidence: 5, associatedGroup: ['$(Robin Sparkles:Adversary)'] });
  jobs.indicator({ summary: 'BE7DE2F0CF48294400C714C9E28ECD01', type: 'File' });
  jobs.groupAssociation({ group_name: 'Robin Sparkles', group_type: 'Adversary', indicator: '1.2.3.4', indicator_type: 'Address' });
  jobs.fileOccurrence({ hash: 'BE7DE2F0CF48294400C714C9E28ECD01', fileName: 'win999301.dll', path: 'C:\\Windows\\System', date: '2014-11-03T00:00:00-05:00' });
  const run = await jobs.process('Example Organization', { groupAction: 'skip' });
  // run.groupResults, run.indicatorResults, run.failures, run.exitCode (0, 3 or 1), run.message
  return run;
}
// #endregion
