// The client's report can be switched off and on (the legacy report_disable() / report_enable()).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../helpers/platform.js';
import { ResourceQuery } from '../../src/index.js';

const tp = usePlatform();

test('a switched-off report counts nothing, keeps what it had, and counts again when switched on', async () => {
  const client = tp.client({ retries: 0 });
  await client.v2('GET', '/v2/owners');
  assert.equal(client.report.apiCalls, 1);
  assert.equal(client.report.results, 0);

  const query = new ResourceQuery(client, 'owners');
  query.report.disable();
  assert.equal(client.report.enabled, false, 'the filter report switches the client report it adds to');
  await client.v2('GET', '/v2/owners');
  await client.request({ path: '/v2/groups/adversaries/999999', allowErrorStatus: true });
  await assert.rejects(client.v2('GET', '/v2/indicators/hosts/missing.example.com'));
  for await (const _ of query.stream());
  assert.deepEqual(
    [client.report.apiCalls, client.report.results, client.report.failureCount, query.report.apiFilters, query.report.entryCount, query.report.resultsFiltered],
    [1, 0, 0, 0, 0, 0],
  );

  query.report.enable();
  for await (const _ of query.stream());
  assert.equal(client.report.apiCalls, 2);
  assert.equal(query.report.resultsFiltered, 2);
  assert.equal(client.report.results, 2);
  assert.equal(query.report.entryCount, 1);
  client.report.disable();
  await client.v2('GET', '/v2/owners');
  client.report.enable();
  await client.v2('GET', '/v2/owners');
  assert.equal(client.report.apiCalls, 3);
  assert.match(client.report.toString(), /3/);
});
