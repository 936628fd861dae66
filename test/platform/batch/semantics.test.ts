import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { usePlatform } from '../../helpers/platform.js';
import type { TcClient } from '../../../src/client/index.js';
import { encodeSegment } from '../../../src/client/url.js';
import { job } from './helpers.js';

const tp = usePlatform();

const get = (client: TcClient, path: string, query: Record<string, string> = {}) => client.v2('GET', path, { query });
const attrs = async (client: TcClient, item: string) =>
  ((await get(client, `${item}/attributes`)).attribute as Array<{ type: string; value: string }>).map((a) => `${a.type}=${a.value}`).sort();
const tags = async (client: TcClient, item: string) => ((await get(client, `${item}/tags`)).tag as Array<{ name: string }>).map((t) => t.name).sort();
const labels = async (client: TcClient, item: string) =>
  ((await get(client, `${item}/securityLabels`)).securityLabel as Array<{ name: string }>).map((l) => l.name).sort();
const address = (ip: string) => `/v2/indicators/addresses/${ip}`;

describe('batch job semantics', () => {
  test('attribute write types: Append keeps and adds, Replace replaces all, Singleton replaces same types, Static keeps existing', async () => {
    const client = tp.client();
    const ips = { Append: '10.20.0.1', Replace: '10.20.0.2', Singleton: '10.20.0.3', Static: '10.20.0.4' };
    const first = Object.values(ips).map((ip) => ({
      summary: ip,
      type: 'Address',
      attribute: [
        { type: 'Description', value: 'old description' },
        { type: 'Source', value: 'old source' },
      ],
    }));
    assert.equal((await job(client, { indicator: first })).status.successCount, 4);
    for (const [writeType, ip] of Object.entries(ips)) {
      const second = { indicator: [{ summary: ip, type: 'Address', attribute: [{ type: 'Description', value: 'new description' }] }] };
      assert.equal((await job(client, second, { attributeWriteType: writeType })).status.successCount, 1);
    }
    assert.deepEqual(await attrs(client, address(ips.Append)), ['Description=new description', 'Description=old description', 'Source=old source']);
    assert.deepEqual(await attrs(client, address(ips.Replace)), ['Description=new description']);
    assert.deepEqual(await attrs(client, address(ips.Singleton)), ['Description=new description', 'Source=old source']);
    assert.deepEqual(await attrs(client, address(ips.Static)), ['Description=old description', 'Source=old source']);
    // Static still writes the attributes of an item the job creates
    await job(client, { indicator: [{ summary: '10.20.0.5', type: 'Address', attribute: [{ type: 'Source', value: 'first' }] }] }, { attributeWriteType: 'Static' });
    assert.deepEqual(await attrs(client, address('10.20.0.5')), ['Source=first']);
  });

  test('tag and security label write types; labels unknown to the platform are created from description and color', async () => {
    const client = tp.client();
    const item = (ip: string, tagNames: string[], labelNames: Array<string | Record<string, string>>) => ({
      summary: ip,
      type: 'Address',
      tag: tagNames.map((name) => ({ name })),
      securityLabel: labelNames.map((l) => (typeof l === 'string' ? { name: l } : l)),
    });
    await job(client, { indicator: [item('10.21.0.1', ['one', 'two'], ['TLP:GREEN']), item('10.21.0.2', ['one', 'two'], ['TLP:GREEN'])] });
    await job(client, { indicator: [item('10.21.0.1', ['three'], ['TLP:AMBER'])] }, { tagWriteType: 'Append', securityLabelWriteType: 'Append' });
    await job(client, { indicator: [item('10.21.0.2', ['three'], [{ name: 'Batch Made', description: 'made by a batch job', color: '123ABC' }])] });
    assert.deepEqual(await tags(client, address('10.21.0.1')), ['one', 'three', 'two']);
    assert.deepEqual(await labels(client, address('10.21.0.1')), ['TLP:AMBER', 'TLP:GREEN']);
    assert.deepEqual(await tags(client, address('10.21.0.2')), ['three']);
    assert.deepEqual(await labels(client, address('10.21.0.2')), ['Batch Made']);
    const made = (await get(client, `/v2/securityLabels/${encodeSegment('Batch Made')}`)).securityLabel;
    assert.equal(made.description, 'made by a batch job');
  });

  test('haltOnError stops at the first bad item and counts the rest as unprocessed', async () => {
    const client = tp.client();
    const indicator = ['10.22.0.1', '10.22.0.2', '10.22.0.999', '10.22.0.4', '10.22.0.5'].map((summary) => ({ summary, type: 'Address' }));
    const { status, errors } = await job(client, { group: [{ name: 'halt group', type: 'Threat', xid: 'halt-g' }], indicator }, { haltOnError: 'true' });
    assert.equal(status.status, 'Completed');
    assert.equal(status.successCount, 3);
    assert.equal(status.errorCount, 1);
    assert.equal(status.unprocessCount, 2);
    assert.equal(status.unprocessIndicatorCount, 2);
    assert.equal(status.unprocessGroupCount, 0);
    assert.equal(errors.length, 1);
    assert.match(errors[0].errorSource, /10\.22\.0\.999/);
    const present = await client.request({ path: address('10.22.0.2'), allowErrorStatus: true });
    const skipped = await client.request({ path: address('10.22.0.4'), allowErrorStatus: true });
    assert.equal(present.status, 200);
    assert.equal(skipped.status, 404);
  });

  test('groups are upserted by xid per owner; indicators by type and normalised summary', async () => {
    const client = tp.client();
    await job(client, {
      group: [{ name: 'First Name', type: 'Incident', xid: 'upsert-1', eventDate: '2024-01-01T00:00:00Z', status: 'New' }],
      indicator: [{ summary: 'WWW.Upsert.Example.com', type: 'Host', rating: 1, confidence: 10 }],
    });
    await job(client, {
      group: [{ name: 'Second Name', type: 'Incident', xid: 'upsert-1', eventDate: '2024-02-02T00:00:00Z', status: 'Closed' }],
      indicator: [{ hostName: 'www.upsert.example.com', type: 'Host', rating: 4 }],
    });
    const incident = (await get(client, '/v2/groups/incidents/upsert-1', { owner: 'Example Organization', includeAdditional: 'true' })).incident;
    assert.equal(incident.name, 'Second Name');
    assert.equal(incident.eventDate, '2024-02-02T00:00:00Z');
    assert.equal(incident.status, 'Closed');
    const incidents = await get(client, '/v2/groups/incidents', { filters: 'name^Second', resultLimit: '100' });
    assert.equal(incidents.resultCount, 1);
    const host = (await get(client, '/v2/indicators/hosts/www.upsert.example.com')).host;
    assert.equal(host.rating, 4);
    assert.equal(host.confidence, 10, 'fields the second job did not send are kept');
    assert.equal((await get(client, '/v2/indicators/hosts', { filters: 'summary^www.upsert' })).resultCount, 1);
  });

  test('associations: associatedGroupXid, associatedGroups, associatedIndicators and the top-level list', async () => {
    const client = tp.client();
    await job(client, { group: [{ name: 'Existing Adversary', type: 'Adversary', xid: 'assoc-existing' }] });
    const { status, errors } = await job(client, {
      group: [
        { name: 'Campaign', type: 'Campaign', xid: 'assoc-campaign', associatedGroupXid: ['assoc-existing', 'assoc-threat'] },
        { name: 'Threat', type: 'Threat', xid: 'assoc-threat', associatedIndicators: [{ summary: '10.23.0.1', indicatorType: 'Address' }] },
      ],
      indicator: [
        { summary: '10.23.0.1', type: 'Address' },
        { summary: 'assoc.example.com', type: 'Host', associatedGroups: [{ groupXid: 'assoc-campaign' }, { groupXid: 'no-such-xid' }] },
        { summary: 'http://assoc.example.com/x', type: 'URL' },
      ],
      association: [
        { ref_1: 'assoc-threat', ref_2: 'assoc-existing' },
        { ref_1: '10.23.0.1', type_1: 'Address', ref_2: 'assoc-existing' },
        { ref_1: 'http://assoc.example.com/x', type_1: 'URL', ref_2: 'assoc.example.com', type_2: 'Host', associationType: 'URL Host' },
        { ref_1: '10.23.0.1', type_1: 'Address', ref_2: 'assoc.example.com', type_2: 'Host' },
      ],
    });
    assert.equal(status.successGroupCount, 2);
    assert.equal(status.successIndicatorCount, 3);
    assert.equal(status.successAssociationCount, 7);
    assert.equal(status.errorAssociationCount, 2);
    assert.deepEqual(errors.map((e) => e.code), ['0x1009', '0x1009']);
    assert.match(errors[0].errorReason, /no-such-xid/);
    assert.match(errors[1].errorReason, /associationType is required/);

    const names = (list: Array<{ name?: string; summary?: string }>) => list.map((x) => x.name ?? x.summary).sort();
    const campaignGroups = (await get(client, '/v2/groups/campaigns/assoc-campaign/groups', { owner: 'Example Organization' })).group;
    assert.deepEqual(names(campaignGroups), ['Existing Adversary', 'Threat']);
    const existingGroups = (await get(client, '/v2/groups/adversaries/assoc-existing/groups', { owner: 'Example Organization' })).group;
    assert.deepEqual(names(existingGroups), ['Campaign', 'Threat']);
    const threatIndicators = (await get(client, '/v2/groups/threats/assoc-threat/indicators', { owner: 'Example Organization' })).indicator;
    assert.deepEqual(names(threatIndicators), ['10.23.0.1']);
    const hostGroups = (await get(client, '/v2/indicators/hosts/assoc.example.com/groups')).group;
    assert.deepEqual(names(hostGroups), ['Campaign']);
    const addressGroups = (await get(client, address('10.23.0.1') + '/groups')).group;
    assert.deepEqual(names(addressGroups), ['Existing Adversary', 'Threat']);
    const linked = await get(client, `/v2/indicators/urls/${encodeSegment('http://assoc.example.com/x')}/associations/urlHost/indicators`);
    assert.deepEqual(names(linked.indicator), ['assoc.example.com']);
  });

  test('file occurrences are saved once, and File hashes of one file merge into one indicator', async () => {
    const client = tp.client();
    const md5 = 'a'.repeat(31) + '1';
    const sha256 = 'b'.repeat(63) + '2';
    const occurrence = [{ fileName: 'drop.exe', path: 'C:\\temp\\', date: '2017-02-02T01:02:03Z' }];
    await job(client, { indicator: [{ summary: md5, type: 'File', fileOccurrence: occurrence, intValue1: 1024 }] });
    await job(client, { indicator: [{ type: 'File', md5, sha256, fileOccurrence: [...occurrence, { fileName: 'other.dll' }] }] });
    const file = (await get(client, `/v2/indicators/files/${sha256}`)).file;
    assert.equal(file.md5, md5.toUpperCase());
    assert.equal(file.sha256, sha256.toUpperCase());
    assert.equal(file.size, 1024);
    assert.equal((await get(client, '/v2/indicators/files', { filters: `summary^${md5.toUpperCase()}` })).resultCount, 1);
    const occurrences = (await get(client, `/v2/indicators/files/${md5}/fileOccurrences`)).fileOccurrence;
    assert.deepEqual(occurrences.map((o: any) => o.fileName).sort(), ['drop.exe', 'other.dll']);
    assert.equal(occurrences.find((o: any) => o.fileName === 'drop.exe').path, 'C:\\temp\\');
  });

  test('bad items are reported one by one with their codes while good items are saved', async () => {
    const client = tp.client();
    const { status, errors } = await job(client, {
      group: [
        { name: 'Good Group', type: 'Adversary', xid: 'bad-items-good' },
        { name: 'Unknown Type', type: 'Gadget', xid: 'bad-items-1' },
        { name: 'Bad Status', type: 'Incident', xid: 'bad-items-2', eventDate: '2024-01-01', status: 'Sleeping' },
        { name: 'No Xid', type: 'Threat' },
      ],
      indicator: [
        { summary: '10.24.0.1', type: 'Address' },
        { summary: 'not-an-ip', type: 'Address' },
        { summary: 'x', type: 'Gizmo' },
        { summary: 'good.example.com', type: 'Host', rating: 9 },
        { summary: 'fine.example.com', type: 'Host', attribute: [{ type: 'No Such Type', value: 'v' }] },
        'not even an object',
      ],
    });
    // fine.example.com is saved without its bad attribute: a success that also reports a partial loss
    assert.equal(status.successCount, 3);
    assert.equal(status.errorGroupCount, 3);
    assert.equal(status.errorIndicatorCount, 5);
    const byCode = (code: string) => errors.filter((e) => e.code === code).map((e) => e.errorReason);
    assert.equal(byCode('0x1006').length, 3);
    assert.equal(byCode('0x1005').length, 4);
    assert.equal(byCode('0x2001').length, 1);
    const reasons = errors.map((e) => e.errorReason).join('\n');
    assert.match(reasons, /unknown group type "Gadget"/);
    assert.match(reasons, /Sleeping/);
    assert.match(reasons, /xid: required/);
    assert.match(reasons, /not-an-ip/);
    assert.match(reasons, /unknown indicator type "Gizmo"/);
    assert.match(reasons, /rating/);
    assert.match(reasons, /attribute type was not found/);
    assert.equal((await client.request({ path: address('10.24.0.1'), allowErrorStatus: true })).status, 200);
    assert.equal((await client.request({ path: '/v2/indicators/hosts/good.example.com', allowErrorStatus: true })).status, 404, 'a refused item leaves nothing behind');
    assert.equal((await client.request({ path: '/v2/indicators/hosts/fine.example.com', allowErrorStatus: true })).status, 200, 'a partial loss keeps the item');
    assert.equal((await get(client, '/v2/groups/adversaries/bad-items-good', { owner: 'Example Organization' })).adversary.name, 'Good Group');
  });

  test('Delete jobs remove matching groups and indicators and report what was not there', async () => {
    const client = tp.client();
    await job(client, {
      group: [{ name: 'Doomed', type: 'Threat', xid: 'delete-1' }],
      indicator: [{ summary: '10.25.0.1', type: 'Address' }, { summary: 'doomed.example.com', type: 'Host' }],
    });
    const { status, errors } = await job(
      client,
      { group: [{ name: 'Doomed', type: 'Threat', xid: 'delete-1' }], indicator: [{ summary: '10.25.0.1', type: 'Address' }, { summary: '10.25.0.99', type: 'Address' }] },
      { action: 'Delete' },
    );
    assert.equal(status.successCount, 2);
    assert.equal(status.errorCount, 1);
    assert.equal(errors[0].code, '0x1007');
    assert.equal((await client.request({ path: address('10.25.0.1'), allowErrorStatus: true })).status, 404);
    assert.equal((await client.request({ path: '/v2/groups/threats/delete-1', query: { owner: 'Example Organization' }, allowErrorStatus: true })).status, 404);
    assert.equal((await client.request({ path: '/v2/indicators/hosts/doomed.example.com', allowErrorStatus: true })).status, 200);
  });

  test('more than 25,000 indicators in one job: nothing is written and the documented error is reported', async () => {
    const client = tp.client();
    const indicator = Array.from({ length: 25_001 }, (_, n) => ({ summary: `10.${26 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`, type: 'Address' }));
    const { status, errors } = await job(client, { indicator });
    assert.equal(status.successCount, 0);
    assert.equal(status.errorCount, 1);
    assert.equal(status.unprocessCount, 25_001);
    assert.equal(errors[0].code, '0x1008');
    assert.match(errors[0].errorReason, /would exceed the number of allowed indicators/);
    assert.equal((await client.request({ path: address('10.26.0.0'), allowErrorStatus: true })).status, 404);
  });
});

test('a refused item that created a tag before failing does not break the items after it', async () => {
  const client = tp.client();
  const { status } = await job(client, {
    indicator: [
      // the new tag and label are written, then the bad occurrence date refuses the whole item
      { summary: 'c'.repeat(32), type: 'File', tag: [{ name: 'fresh tag' }], securityLabel: [{ name: 'Fresh Label', description: 'd', color: '00FF00' }], fileOccurrence: [{ fileName: 'x', date: 'not a date' }] },
      { summary: '10.27.0.1', type: 'Address', tag: [{ name: 'fresh tag' }], securityLabel: [{ name: 'Fresh Label', description: 'd', color: '00FF00' }] },
    ],
  });
  assert.equal(status.errorCount, 1);
  assert.equal(status.successCount, 1);
  assert.deepEqual(await tags(client, address('10.27.0.1')), ['fresh tag']);
  assert.deepEqual(await labels(client, address('10.27.0.1')), ['Fresh Label']);
});
