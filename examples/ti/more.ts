// Examples for docs/ti.md: each region below is copied verbatim into the documentation and run by
// test/ti/docs-examples.test.ts against the local platform.
import { TcClient, ThreatIntelligence, TiNotFoundError, TiPageError, tql, type Logger } from '../../src/index.js';

// #region setup
/** The module sits on a TcClient; `owner` on the client is the default for every call. */
export function connect(apiPath: string, accessId: string, secretKey: string, log: Logger): ThreatIntelligence {
  const client = new TcClient({ apiPath, accessId, secretKey, resultLimit: 500, logger: log });
  return new ThreatIntelligence(client, { logger: log });
}
// #endregion

// #region errors
/** Errors are typed and carry the server's status and message; a listing never ends silently on one. */
export async function describeFailures(ti: ThreatIntelligence, log: Logger): Promise<string[]> {
  const seen: string[] = [];
  try {
    await ti.group('Incident', { id: 999999 }).get();
  } catch (err) {
    if (!(err instanceof TiNotFoundError)) throw err;
    seen.push(`not found: ${err.serverMessage}`);
  }
  try {
    for await (const item of ti.indicators().many({ params: { filters: 'colour=red' } })) log.debug(item.summary);
  } catch (err) {
    if (!(err instanceof TiPageError)) throw err;
    seen.push(`listing failed with ${err.status} after ${err.received} items: ${err.serverMessage}`);
  }
  return seen;
}
// #endregion

// #region file-extras
/** A File addressed by any of its hashes, with occurrences, observations and a false positive report. */
export async function fileExtras(ti: ThreatIntelligence, log: Logger): Promise<void> {
  const file = ti.file({ md5: 'd41d8cd98f00b204e9800998ecf8427e', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' });
  await file.create();
  await file.addFileOccurrence({ fileName: 'win999301.dll', path: 'C:\\Windows\\System', date: '2017-07-13T00:00:00-05:00' });
  await file.addObservations(2);
  await file.addFalsePositive();

  const sameFile = ti.file('E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855'); // any hash reaches it
  for await (const occurrence of sameFile.fileOccurrences()) log.debug(`seen as ${occurrence.path}\\${occurrence.fileName}`);
  const count = await sameFile.observationCount();
  log.debug(`observed ${count.count} time(s)`);
}
// #endregion

// #region encoded-values
/** Values with `/`, `\`, `:` and spaces go in the path percent-encoded; nothing to do by hand. */
export async function encodedValues(ti: ThreatIntelligence): Promise<string[]> {
  const url = ti.url('http://example.com/a%20path/?q=1&r=a:b');
  const cidr = ti.cidr('10.0.0.0/8');
  const key = ti.registryKey({ keyName: 'HKEY_LOCAL_MACHINE\\Software\\Run', valueName: 'updater', valueType: 'REG_SZ' });
  const summaries: string[] = [];
  for (const indicator of [url, cidr, key]) {
    await indicator.create();
    await indicator.addTag('encoded/value: test');
    summaries.push(await indicator.summary());
  }
  return summaries;
}
// #endregion

// #region custom-types
/** Custom indicator types are looked up in /v2/types/indicatorTypes and used by name. */
export async function customTypes(ti: ThreatIntelligence, log: Logger, typeName: string, values: string[]): Promise<void> {
  for (const type of await ti.listIndicatorTypes()) log.debug(`type: ${type.name} (${type.branch}) fields=${type.fields.join(', ')}`);
  const indicator = ti.indicator(typeName, { values, rating: 2 });
  await indicator.create();
  for await (const item of ti.indicators(typeName).many()) log.debug(`custom: ${JSON.stringify(item)}`);
}
// #endregion

// #region v3-tql
/** The v3 path: TQL with safely quoted values, opt-in fields, next-link paging. */
export async function v3Query(ti: ThreatIntelligence, log: Logger, prefix: string): Promise<number> {
  const query = tql`typeName in ${['Host', 'URL']} and summary startswith ${prefix} and rating >= ${2}`;
  let seen = 0;
  for await (const indicator of ti.v3.indicators.many({ tql: query, fields: ['tags'], resultLimit: 50 })) {
    // `tags` is typed because the fields asked for it
    log.debug(`${indicator.type} ${indicator.summary} tags=${indicator.tags.data.map((t) => t.name).join(',')}`);
    seen += 1;
  }
  return seen;
}
// #endregion
