import { test as it, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../helpers/platform.js';
import { FilterReport, ResourceQuery, duration } from '../../src/filters/index.js';
import { ORG, seed } from './seed.js';

const tp = usePlatform();

const row = (label: string, value: string | number) => `  ${label.padEnd(29)}${String(value).padEnd(50)}`;

describe('the legacy report after a known sequence of calls', () => {
  before(() => {
    seed(tp.handle);
  });

  it('counts calls, results, filters, methods and status codes', async () => {
    // page size 2: tag APT has 3 indicators (2 pages), label TLP:RED has 2 (1 page), the unknown tag is one 404
    const client = tp.client({ resultLimit: 2 });
    const q = new ResourceQuery(client, 'indicators');
    q.addFilter().owner(ORG).tag('APT').securityLabel('TLP:RED').tag('No Such Tag').postFilter('rating', 3, 'GE');
    const items = await q.retrieve();
    assert.equal(items.length, 3);

    const r = q.report;
    assert.equal(r, FilterReport.for(client.report), 'one report per client, like tc.report');
    assert.equal(r.api.apiCalls, 4);
    assert.deepEqual(r.api.methods, { GET: 4 });
    assert.deepEqual(r.api.statusCodes, { 200: 3, 404: 1 });
    assert.equal(r.resultsUnfiltered, 5);
    assert.equal(r.resultsFiltered, 3);
    assert.equal(r.apiFilters, 3);
    assert.equal(r.postFilters, 1);
    assert.equal(r.totalFilters, 4);
    const pf = r.entries.find((e) => e.kind === 'postFilter');
    assert.deepEqual([pf?.description, pf?.results], ['post filter by rating GE 3', 3]);

    const stats = r.stats().split('\n');
    assert.equal(stats[1], `${'_'.repeat(37)}Stats${'_'.repeat(38)}`);
    assert.deepEqual(stats.slice(3, 7), ['API Stats'.padEnd(40), row('API Calls', 4), row('Unfiltered Results', 5), row('Filtered Results', 3)]);
    assert.deepEqual(stats.slice(8, 12), ['Filters'.padEnd(40), row('API Filters', 3), row('Post Filters', 1), row('Total Filters', 4)]);
    assert.deepEqual(stats.slice(13, 15), ['HTTP Methods'.padEnd(40), row('GET', 4)]);
    assert.deepEqual(stats.slice(16, 19), ['Status Codes'.padEnd(40), row('200', 3), row('404', 1)]);
    assert.equal(stats[20], 'Performance Stats'.padEnd(40));
    assert.match(stats[21], /^ {2}Request Time {17}\d:\d\d:\d\d\.\d{6} +$/);
    assert.match(stats[22], /^ {2}Processing Time {14}\d:\d\d:\d\d\.\d{6} +$/);
    assert.match(stats[23], /^ {2}Run Time {21}\d:\d\d:\d\d\.\d{6} +$/);

    // the one failure, as a report entry block
    assert.equal(r.failures.length, 1);
    const text = r.failuresText();
    assert.match(text, /_{34}Report Entry_{34}/);
    assert.match(text, /Status Code {19}: 404/);
    assert.match(text, /Description {19}: api filter by tag "No Such Tag"/);
    assert.match(text, / {2}Request URI {18}\/v2\/tags\/No%20Such%20Tag\/indicators/);

    // a second retrieval on the same client adds to the same report
    const again = new ResourceQuery(client, 'indicators');
    again.addFilter().owner(ORG).indicator('10.0.0.2');
    await again.retrieve();
    assert.equal(r.api.apiCalls, 5);
    assert.equal(r.apiFilters, 4);
    assert.equal(r.resultsUnfiltered, 6);
    assert.equal(r.resultsFiltered, 4);
    assert.equal(JSON.parse(JSON.stringify(r)).totalFilters, 5);
  });

  it('durations print as Python timedeltas', () => {
    assert.equal(duration(3021.702), '0:00:03.021702');
    assert.equal(duration(3_600_000 + 61_000.5), '1:01:01.000500');
    assert.equal(duration(0), '0:00:00.000000');
  });

  it('a report with no calls has no request or processing time', () => {
    const client = tp.client();
    const stats = FilterReport.for(client.report).stats();
    assert.doesNotMatch(stats, /Request Time|HTTP Methods|Status Codes/);
    assert.match(stats, /Run Time/);
  });
});
