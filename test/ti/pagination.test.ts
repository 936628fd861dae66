// many() and the other listings page through the platform: several pages, exactly full pages, failures mid-walk.
import { test, describe, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { captureLogger, usePlatform } from '../helpers/platform.js';
import { servedGets } from './helpers/requests.js';
import { ThreatIntelligence, TiNotFoundError, TiPageError } from '../../src/ti/index.js';
import { TcApiError } from '../../src/core/errors.js';

const tp = usePlatform();
let ti: ThreatIntelligence;

const gets = (path: string) => servedGets(tp, path);

describe('TI pagination', () => {
  before(async () => {
    ti = new ThreatIntelligence(tp.client({ retries: 0 }));
    for (let i = 0; i < 25; i++) await ti.threat({ name: `threat ${String(i).padStart(2, '0')}` }).create();
    for (let i = 0; i < 20; i++) await ti.tool({ name: `tool ${i}` }).create();
  });
  beforeEach(async () => {
    await tp.admin('DELETE', '/requests');
    await tp.admin('DELETE', '/faults');
  });

  test('several pages, in order, no item twice, the last page short', async () => {
    const names = await ti.groups('Threat').many({ resultLimit: 10 }).toArray();
    assert.equal(names.length, 25);
    assert.deepEqual(names.map((g) => g.name), [...names.map((g) => g.name)].sort());
    assert.equal(new Set(names.map((g) => g.id)).size, 25);
    assert.equal(await gets('^/v2/groups/threats$'), 3);
  });

  test('exactly full pages end without an extra call, and a page size of one still walks everything', async () => {
    assert.equal((await ti.groups('Tool').many({ resultLimit: 10 }).toArray()).length, 20);
    assert.equal(await gets('^/v2/groups/tools$'), 2);
    await tp.admin('DELETE', '/requests');
    assert.equal((await ti.groups('Tool').many({ resultLimit: 20 }).toArray()).length, 20);
    assert.equal(await gets('^/v2/groups/tools$'), 1);
    await tp.admin('DELETE', '/requests');
    assert.equal((await ti.groups('Tool').many({ resultLimit: 1 }).toArray()).length, 20);
    assert.equal(await gets('^/v2/groups/tools$'), 20);
    // the generic collection mixes both types
    assert.equal((await ti.groups().many({ resultLimit: 9 }).toArray()).length, 45);
  });

  test('a failing page throws TiPageError with the server message and where it stopped, never a short result', async () => {
    const { logger, lines } = captureLogger();
    const logged = new ThreatIntelligence(tp.client({ retries: 0 }), { logger });
    const seen: string[] = [];
    const walk = async () => {
      for await (const g of logged.groups('Threat').many({ resultLimit: 10 })) {
        seen.push(g.name);
        // fail the next request once the first page is in hand
        if (seen.length === 10) await tp.admin('POST', '/faults', { path: '^/v2/groups/threats$', status: 503, message: 'Maintenance window', times: 1 });
      }
    };
    await assert.rejects(walk(), (err: Error) => {
      assert.ok(err instanceof TiPageError);
      assert.ok(err instanceof TcApiError);
      assert.equal(err.status, 503);
      assert.equal(err.serverMessage, 'Maintenance window');
      assert.equal(err.resultStart, 10);
      assert.equal(err.received, 10);
      assert.match(err.message, /after 10 items, at resultStart 10/);
      return true;
    });
    assert.equal(seen.length, 10);
    assert.ok(lines.some((l) => /^error listing \/v2\/groups\/threats failed after 10 items: Maintenance window/.test(l)), lines.join('\n'));
  });

  test('with retries the same fault is ridden out and the walk completes', async () => {
    const resilient = new ThreatIntelligence(tp.client({ retries: 2 }));
    await tp.admin('POST', '/faults', { path: '^/v2/groups/threats$', status: 503, times: 1 });
    assert.equal((await resilient.groups('Threat').many({ resultLimit: 10 }).toArray()).length, 25);
  });

  test('a listing under a missing item is "not found", not an empty list', async () => {
    await assert.rejects(ti.group('Threat', { id: 99999 }).tags().toArray(), (e: Error) => e instanceof TiNotFoundError && e.status === 404);
    await assert.rejects(ti.host('never.example.com').attributes().first(), TiNotFoundError);
  });

  test('first() stops after the first page', async () => {
    const first = await ti.groups('Threat').many({ resultLimit: 5 }).first();
    assert.equal(first?.name, 'threat 00');
    assert.equal(await gets('^/v2/groups/threats$'), 1);
  });
});
