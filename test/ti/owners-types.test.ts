// Owners and indicator types through the TI module: the target where it can answer (local platform, or ThreatConnect
// in live mode: docs/testing.md), a stub for custom types.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useTarget } from '../helpers/target.js';
import { ThreatIntelligence } from '../../src/ti/index.js';
import { TcClient } from '../../src/client/index.js';
import { TcConfigError } from '../../src/core/errors.js';
import { startCustomTypeServer, type CustomTypeServer } from './helpers/custom-type-server.js';

const target = useTarget();
let ti: ThreatIntelligence;

describe('TI owners and indicator types', () => {
  before(async () => {
    ti = new ThreatIntelligence(target.client({ retries: 0 }));
    if (!target.admin) return;
    // an owner the default user is not a member of: the owners listing must leave it out
    await target.admin('POST', '/owners', { name: 'Extra Source', type: 'Source', defaultUser: 'none' });
    await target.admin('POST', '/users', { owners: [{ name: 'Example Organization', role: 'Standard User' }] });
  });

  test('all owners, one owner, mine, members', async (t) => {
    if (target.localOnly(t, 'its seeded owners and a member made through the admin interface')) return;
    const owners = await ti.owners().many().toArray();
    assert.deepEqual(owners.map((o) => [o.name, o.type]), [['Example Organization', 'Organization'], ['Common Community', 'Community']]);
    assert.equal((await ti.owners().get(owners[1].id)).name, 'Common Community');
    const mine = await ti.owners().mine();
    assert.equal(mine.name, 'Example Organization');
    const members = await ti.owners().members().toArray();
    assert.equal(members.length, 2);
    assert.ok(members.some((m) => m.userName === target.handle!.accessId));
    assert.equal((await ti.owners().many({ resultLimit: 1 }).toArray()).length, 2);
  });

  test('owner metrics', async (t) => {
    const probe = await target.client({ retries: 0 }).request({ path: '/v2/owners/metrics', allowErrorStatus: true });
    if (probe.status === 404) return t.skip('the platform does not serve /v2/owners/metrics yet');
    await ti.host(target.host('metric.example.com')).create();
    const rows = await ti.owners().metrics().toArray();
    assert.ok(rows.length >= 1);
    assert.match(rows[0].metricDate, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(rows.some((r) => (r.totalIndicator ?? 0) >= 1));
    const one = await ti.owners().metrics((await ti.owners().mine()).id).toArray();
    assert.ok(one.length >= 1);
  });

  test('the platform\'s indicator types are listed with their branches and value fields', async () => {
    const types = await ti.listIndicatorTypes();
    const byName = new Map(types.map((t) => [t.name, t]));
    assert.deepEqual(byName.get('Registry Key')?.fields, ['Key Name', 'Value Name', 'Value Type']);
    assert.equal(byName.get('CIDR')?.branch, 'cidrBlocks');
    assert.equal(byName.get('Address')?.discovered, false);
    await assert.rejects(ti.indicators('Carrier Pigeon').many().first(), (e: Error) => e instanceof TcConfigError && /Carrier Pigeon/.test(e.message) && /Registry Key/.test(e.message));
  });
});

describe('custom indicator types discovered by name', () => {
  let stub: CustomTypeServer;
  let client: TcClient;
  before(async () => {
    stub = await startCustomTypeServer();
    client = new TcClient({ apiPath: stub.apiPath, accessId: '12345678901234567890', secretKey: 'x'.repeat(64), retries: 0 });
  });
  after(async () => {
    await client.close();
    await stub.close();
  });

  test('a custom type is looked up once, then used by name with values in label order', async () => {
    const custom = new ThreatIntelligence(client);
    const phone = custom.indicator('Phone Number', { values: ['+1 555 0100', 'ACME Mobile'], rating: 2 });
    const created = await phone.create();
    assert.equal(created['Phone Number'], '+1 555 0100');
    assert.equal(created.type, 'Phone Number');
    assert.equal(await phone.summary(), '+1 555 0100 : ACME Mobile');
    const byLabels = custom.indicator('phoneNumber', { phoneNumber: '+1 555 0100', carrier: 'ACME Mobile' });
    assert.equal((await byLabels.get()).Carrier, 'ACME Mobile');
    // the path value is fully percent-encoded, separator included
    assert.ok(stub.seen.some((l) => l.startsWith('GET /api/v2/indicators/phoneNumbers/%2B1%20555%200100%20%3A%20ACME%20Mobile?')), stub.seen.join('\n'));
    assert.equal(stub.seen.filter((l) => l.startsWith('GET /api/v2/types/indicatorTypes')).length, 1);
    assert.deepEqual((await custom.indicators('Phone Number').many().toArray()).map((p) => p.Carrier), ['ACME Mobile']);
    await assert.rejects(custom.indicator('Phone Number', { values: ['+1 555 0100'] }).create(), /carrier: is required for a Phone Number indicator/);
  });
});
