// Issue 14: one bad attribute must not cost a batch item its good attributes, tags and confidence. The item is
// saved without the bad part and the part is reported as a partial loss (0x2001 indicators, 0x2002 groups), the
// batch API's codes for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TcClient } from '../../../src/client/index.js';
import { usePlatform } from '../../helpers/platform.js';
import { job } from './helpers.js';

const tp = usePlatform();

const get = (client: TcClient, path: string) => client.v2('GET', path, { query: { owner: 'Example Organization' } });
const attributes = async (client: TcClient, item: string) =>
  ((await get(client, `${item}/attributes`)).attribute as Array<{ type: string; value: string }>).map((a) => `${a.type}=${a.value}`).sort();

test('a bad attribute is reported and left out; the indicator keeps its confidence, good attributes, tags and labels', async () => {
  const client = tp.client();
  const { status, errors } = await job(client, {
    indicator: [
      {
        summary: 'partial.example.com',
        type: 'Host',
        rating: 4,
        confidence: 80,
        attribute: [
          { type: 'Description', value: 'kept' },
          { type: 'No Such Type', value: 'lost' },
          { type: 'Source', value: '' },
          'not an attribute',
        ],
        tag: [{ name: 'kept-tag' }, { name: 'x'.repeat(200) }],
        securityLabel: [{ name: 'TLP:AMBER' }, { name: 'No Such Label' }],
      },
      { summary: 'whole.example.com', type: 'Host', attribute: [{ type: 'Description', value: 'fine' }] },
    ],
    group: [{ name: 'Partial group', type: 'Adversary', xid: 'partial-group', attribute: [{ type: 'Description', value: 'kept' }, { type: 'Nope', value: 'lost' }] }],
  });

  assert.equal(status.successIndicatorCount, 2);
  assert.equal(status.successGroupCount, 1);
  assert.equal(status.successCount, 3);
  // the partly saved items are counted as errors too, so clients fetch the error file
  assert.equal(status.errorIndicatorCount, 1);
  assert.equal(status.errorGroupCount, 1);
  assert.equal(status.unprocessCount, 0);

  const indicatorLosses = errors.filter((e) => e.code === '0x2001');
  assert.equal(indicatorLosses.length, 5, JSON.stringify(errors));
  assert.ok(indicatorLosses.every((e) => e.errorSource === 'Host "partial.example.com"'));
  const reasons = indicatorLosses.map((e) => e.errorReason).join('\n');
  assert.match(reasons, /attribute type was not found \(type "No Such Type"\)/);
  assert.match(reasons, /requires a value/);
  assert.match(reasons, /"not an attribute" is not an object/);
  assert.match(reasons, /name for this Tag is invalid/);
  assert.match(reasons, /unknown security label "No Such Label"/);
  const groupLosses = errors.filter((e) => e.code === '0x2002');
  assert.equal(groupLosses.length, 1);
  assert.match(groupLosses[0].errorSource, /partial-group/);

  const host = (await get(client, '/v2/indicators/hosts/partial.example.com')).host;
  assert.equal(host.confidence, 80);
  assert.equal(host.rating, 4);
  assert.deepEqual(await attributes(client, '/v2/indicators/hosts/partial.example.com'), ['Description=kept']);
  assert.deepEqual((await get(client, '/v2/indicators/hosts/partial.example.com/tags')).tag.map((t: { name: string }) => t.name), ['kept-tag']);
  assert.deepEqual((await get(client, '/v2/indicators/hosts/partial.example.com/securityLabels')).securityLabel.map((l: { name: string }) => l.name), ['TLP:AMBER']);
  assert.deepEqual(await attributes(client, '/v2/groups/adversaries/partial-group'), ['Description=kept']);
});

test('Replace on an existing indicator leaves exactly the good incoming attributes', async () => {
  const client = tp.client();
  await job(client, { indicator: [{ summary: '10.77.0.1', type: 'Address', attribute: [{ type: 'Description', value: 'old' }] }] });
  const { status, errors } = await job(client, {
    indicator: [{ summary: '10.77.0.1', type: 'Address', confidence: 55, attribute: [{ type: 'Source', value: 'new' }, { type: 'Bogus', value: 'x' }] }],
  });
  assert.equal(status.successIndicatorCount, 1);
  assert.equal(errors.length, 1);
  assert.deepEqual(await attributes(client, '/v2/indicators/addresses/10.77.0.1'), ['Source=new']);
  assert.equal((await get(client, '/v2/indicators/addresses/10.77.0.1')).address.confidence, 55);
});

test('with haltOnError a partial loss halts the job after the item, which is kept', async () => {
  const client = tp.client();
  const indicator = Array.from({ length: 5 }, (_, n) => ({
    summary: `10.78.0.${n}`,
    type: 'Address',
    attribute: [{ type: n === 2 ? 'Bogus' : 'Description', value: `item ${n}` }],
  }));
  const { status, errors } = await job(client, { indicator }, { haltOnError: 'true' });
  assert.equal(status.successIndicatorCount, 3);
  assert.equal(status.errorIndicatorCount, 1);
  assert.equal(status.unprocessIndicatorCount, 2);
  assert.deepEqual(
    errors.map((e) => e.code),
    ['0x2001'],
  );
  assert.equal((await get(client, '/v2/indicators/addresses/10.78.0.2')).address.ip, '10.78.0.2');
  const missing = await client.request({ path: '/v2/indicators/addresses/10.78.0.3', allowErrorStatus: true });
  assert.equal(missing.status, 404);
});
