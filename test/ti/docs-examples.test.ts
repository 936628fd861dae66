// docs/ti.md shows the regions of examples/ti/*.ts verbatim; this checks that, then runs every example against
// the platform and checks what it did.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { captureLogger, usePlatform } from '../helpers/platform.js';
import type { ThreatIntelligence } from '../../src/ti/index.js';
import * as groups from '../../examples/ti/groups.js';
import * as indicators from '../../examples/ti/indicators.js';
import * as owners from '../../examples/ti/owners.js';
import * as more from '../../examples/ti/more.js';
import * as v3 from '../../examples/ti/v3.js';
import { startCustomTypeServer, type CustomTypeServer } from './helpers/custom-type-server.js';

const tp = usePlatform();
const OWNER = 'Example Organization';

function regions(file: string): Map<string, string> {
  const text = readFileSync(file, 'utf8');
  const out = new Map<string, string>();
  for (const m of text.matchAll(/\/\/ #region ([\w-]+)\n([\s\S]*?)\/\/ #endregion/g)) out.set(m[1], m[2].replace(/\n+$/, ''));
  return out;
}

describe('docs/ti.md examples', () => {
  let ti: ThreatIntelligence;
  let log: ReturnType<typeof captureLogger>;
  let adversaryId: number;
  let stub: CustomTypeServer;

  before(async () => {
    log = captureLogger();
    ti = more.connect(tp.handle.url, tp.handle.accessId, tp.handle.secretKey, log.logger);
    const adversary = ti.group('Adversary', { name: 'Example Adversary', owner: OWNER });
    adversaryId = (await adversary.create()).id;
    await adversary.addTag('Crimeware');
    await adversary.addAttribute('Description', 'An example.');
    await adversary.addLabel('TLP:AMBER');
    await ti.group('Threat', { name: 'my_name_filter', owner: OWNER }).create();
    await ti.mutex('my_name_filter', { owner: OWNER }).create();
    const address = ti.address('1.1.1.1', { owner: OWNER, rating: 1 });
    await address.create();
    await address.addTag('Crimeware');
    await address.addAssociation(adversary);
    stub = await startCustomTypeServer();
  });
  after(() => stub?.close());

  test('every example region appears verbatim in docs/ti.md, and every doc example names a region', () => {
    const doc = readFileSync('docs/ti.md', 'utf8');
    const markers = [...doc.matchAll(/<!-- example: ([^#]+)#([\w-]+) -->\n\n```ts\n([\s\S]*?)\n```/g)];
    const seen = new Set<string>();
    for (const [, file, name, code] of markers) {
      const region = regions(file).get(name);
      assert.ok(region !== undefined, `${file}#${name} does not exist`);
      assert.equal(code, region, `docs/ti.md block ${file}#${name} differs from the file`);
      seen.add(`${file}#${name}`);
    }
    for (const file of ['examples/ti/groups.ts', 'examples/ti/indicators.ts', 'examples/ti/owners.ts', 'examples/ti/more.ts', 'examples/ti/v3.ts']) {
      for (const name of regions(file).keys()) assert.ok(seen.has(`${file}#${name}`), `${file}#${name} is not shown in docs/ti.md`);
    }
    assert.ok(seen.size >= 25);
  });

  test('group examples', async () => {
    await groups.groupsByType(ti, log.logger, OWNER);
    assert.ok(log.lines.includes('debug group: Example Adversary tags=Crimeware'), log.lines.join('\n'));
    await groups.groupsByTag(ti, log.logger);
    assert.ok(log.lines.includes('debug group: Adversary Example Adversary'));
    await groups.groupsByFilter(ti, log.logger, OWNER);
    assert.ok(log.lines.includes('debug group: Threat my_name_filter'));
    const one = await groups.groupById(ti, OWNER, adversaryId);
    assert.equal(one.name, 'Example Adversary');
    assert.deepEqual(one.securityLabel.map((l) => l.name), ['TLP:AMBER']);
    await groups.groupMetadata(ti, log.logger, OWNER, adversaryId);
    for (const line of ['indicator association: Address 1.1.1.1', 'attribute: Description=An example.', 'tag: Crimeware', 'label: TLP:AMBER']) {
      assert.ok(log.lines.includes(`debug ${line}`), line);
    }
    const campaignId = await groups.createGroup(ti, OWNER, adversaryId);
    const campaign = ti.group('Campaign', { id: campaignId });
    assert.deepEqual((await campaign.groupAssociations().toArray()).map((g) => g.name), ['Example Adversary']);
    assert.deepEqual((await campaign.tags().toArray()).map((t) => t.name), ['Crimeware']);
    assert.equal((await groups.updateGroup(ti, OWNER, campaignId)).name, 'camp-3 (renamed)');
    await groups.deleteGroup(ti, campaignId);
    await assert.rejects(campaign.get(), /404/);
  });

  test('indicator examples', async () => {
    await indicators.indicatorsByType(ti, log.logger, OWNER);
    assert.ok(log.lines.includes('debug indicator: 1.1.1.1 rating=1 observations=0'), log.lines.join('\n'));
    await indicators.indicatorsByTag(ti, log.logger);
    assert.ok(log.lines.includes('debug indicator: Address 1.1.1.1'));
    await indicators.indicatorsByFilter(ti, log.logger, OWNER);
    assert.ok(log.lines.includes('debug indicator: Mutex my_name_filter'));
    assert.equal((await indicators.indicatorByValue(ti, OWNER)).tag[0].name, 'Crimeware');
    await indicators.indicatorMetadata(ti, log.logger, OWNER);
    assert.ok(log.lines.includes('debug group association: Adversary Example Adversary'));
    await indicators.createIndicator(ti, OWNER, adversaryId);
    const created = await ti.address('12.13.14.15').get({ includes: ['tags', 'labels'] });
    assert.equal(created.description, 'Example Description.');
    assert.deepEqual(created.securityLabel.map((l) => l.name), ['TLP:GREEN']);
    assert.equal((await indicators.updateIndicator(ti, OWNER)).rating, 5);
    await indicators.deleteIndicator(ti, OWNER);
    await assert.rejects(ti.address('12.13.14.15').get(), /404/);
  });

  test('owner examples', async (t) => {
    await owners.availableOwners(ti, log.logger);
    assert.ok(log.lines.includes('debug owner: Common Community (Community)'));
    await owners.myOwner(ti, log.logger);
    assert.ok(log.lines.includes(`debug my organization: ${OWNER}`));
    await owners.myMembers(ti, log.logger);
    assert.ok(log.lines.includes(`debug member: ${tp.handle.accessId}`));
    const probe = await ti.client.request({ path: '/v2/owners/metrics', allowErrorStatus: true });
    if (probe.status === 404) return t.skip('the platform does not serve /v2/owners/metrics yet');
    await owners.metrics(ti, log.logger);
    assert.ok(log.lines.some((l) => l.startsWith('debug metric: ')));
  });

  test('errors, file extras, encoded values, custom types and v3 examples', async () => {
    const failures = await more.describeFailures(ti, log.logger);
    assert.equal(failures[0], 'not found: The requested resource was not found');
    assert.match(failures[1], /^listing failed with 400 after 0 items: filters: unknown filter field "colour"/);

    await more.fileExtras(ti, log.logger);
    assert.ok(log.lines.includes('debug seen as C:\\Windows\\System\\win999301.dll'));
    assert.ok(log.lines.includes('debug observed 2 time(s)'));

    const summaries = await more.encodedValues(ti);
    assert.deepEqual(summaries, ['http://example.com/a%20path/?q=1&r=a:b', '10.0.0.0/8', 'HKEY_LOCAL_MACHINE\\Software\\Run : updater : REG_SZ']);
    assert.deepEqual((await ti.tag('encoded/value: test').indicators().many().toArray()).length, 3);

    const custom = more.connect(stub.apiPath, '12345678901234567890', 'y'.repeat(64), log.logger);
    await more.customTypes(custom, log.logger, 'Phone Number', ['+1 555 0100', 'ACME Mobile']);
    assert.ok(log.lines.includes('debug type: Phone Number (phoneNumbers) fields=Phone Number, Carrier'));
    assert.ok(log.lines.some((l) => l.startsWith('debug custom: ') && l.includes('ACME Mobile')));
    await custom.client.close();

    await ti.host('v3docs.example.com', { rating: 3 }).create();
    await ti.host('v3docs.example.com').addTag('docs');
    await ti.url('http://v3docs.example.com/x', { rating: 1 }).create();
    assert.equal(await more.v3Query(ti, log.logger, 'v3docs'), 1);
    assert.ok(log.lines.includes('debug Host v3docs.example.com tags=docs'));
  });

  test('v3 indicators and groups examples', async () => {
    const since = new Date(Date.now() - 60_000);
    const incidentId = await v3.createWithAssociations(ti);
    const incident = await ti.v3.groups.get(incidentId, { fields: ['associatedIndicators', 'associatedGroups'] });
    assert.deepEqual(incident.associatedIndicators.data.map((i) => i.summary).sort(), ['billing@invoice-portal.example', 'invoice-portal.example']);
    assert.deepEqual(incident.associatedGroups.data.map((g) => g.name), ['Invoice 2024']);

    assert.equal(await v3.raiseRating(ti, 'invoice-portal.example'), 4);
    assert.deepEqual(await v3.retag(ti, incidentId), ['triaged', 'invoice-portal.example']);

    await ti.v3.indicators.delete('billing@invoice-portal.example');
    assert.ok((await v3.deletedSince(ti, log.logger, since)) >= 1);
    assert.ok(log.lines.some((l) => l.startsWith('debug deleted EmailAddress billing@invoice-portal.example at ')));

    const files = await v3.reportFiles(ti, Buffer.from('review text'));
    assert.equal(files.back.toString(), 'review text');
    assert.equal(files.pdf.subarray(0, 5).toString('latin1'), '%PDF-');

    const described = await v3.describeIndicators(ti);
    assert.ok(described.writable.includes('rating') && !described.writable.includes('summary'));
    assert.ok(described.fields.includes('observations'));
    assert.ok(described.keywords.includes('summary'));
  });
});
