import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GROUP_TYPES } from '../../../src/model/index.js';
import { usePlatform } from '../../helpers/platform.js';
import { call } from './helpers.js';

const tp = usePlatform();

/** A valid create body for every group type. */
function bodyFor(name: string): Record<string, unknown> {
  switch (name) {
    case 'Document':
      return { fileName: 'report.pdf' };
    case 'Email':
      return { subject: 'Invoice', header: 'From: a@b.c', body: 'Click here', from: 'a@b.c', to: 'x@y.z' };
    case 'Event':
      return { eventDate: '2017-07-13T00:00:00-04:00', status: 'Needs Review' };
    case 'Incident':
      return { eventDate: '2017-07-13', status: 'New' };
    case 'Signature':
      return { fileName: 'rule.yar', fileType: 'YARA', fileText: 'rule x { condition: true }' };
    case 'Campaign':
      return { firstSeen: '2020-01-02T03:04:05Z' };
    case 'Report':
      return { fileName: 'r.pdf', publishDate: '2021-05-06' };
    default:
      return {};
  }
}

describe('v2 groups of every type', () => {
  test('each type is created, read (typed and generic), updated and deleted', async () => {
    const c = tp.client();
    for (const info of GROUP_TYPES) {
      const made = await call(c, 'POST', `/v2/groups/${info.branch}`, { name: `${info.name} one`, ...bodyFor(info.name) });
      assert.equal(made.status, 201, `${info.name}: ${JSON.stringify(made.body)}`);
      const item = made.body.data[info.entity];
      assert.equal(item.name, `${info.name} one`);
      assert.equal(item.owner.name, 'Example Organization');
      assert.match(item.webLink, /\/auth\/.*\.xhtml\?/);
      const got = await c.v2('GET', `/v2/groups/${info.branch}/${item.id}`);
      assert.equal(got[info.entity].id, item.id);
      const typed = await c.v2('GET', `/v2/groups/${info.branch}`);
      assert.equal(typed.resultCount, 1, info.name);
      assert.equal(typed[info.entity][0].ownerName, 'Example Organization');
      const put = await c.v2('PUT', `/v2/groups/${info.branch}/${item.id}`, { body: { name: `${info.name} renamed` } });
      assert.equal(put[info.entity].name, `${info.name} renamed`);
    }
    const all = await c.v2('GET', '/v2/groups', { query: { resultLimit: 100 } });
    assert.equal(all.resultCount, GROUP_TYPES.length);
    assert.deepEqual(new Set(all.group.map((g: any) => g.type)), new Set(GROUP_TYPES.map((g) => g.name)));
    assert.equal(all.group[0].eventDate, undefined, 'generic lists carry no type-specific fields');
    for (const g of all.group) {
      const info = GROUP_TYPES.find((t) => t.name === g.type)!;
      assert.deepEqual(await c.v2('DELETE', `/v2/groups/${info.branch}/${g.id}`), undefined);
      assert.equal((await call(c, 'GET', `/v2/groups/${info.branch}/${g.id}`)).status, 404);
    }
  });

  test('type-specific fields are kept and returned', async () => {
    const c = tp.client();
    const sig = (await c.v2('POST', '/v2/groups/signatures', { body: { name: 'S', ...bodyFor('Signature'), fileType: 'yara' } })).signature;
    assert.equal(sig.fileType, 'YARA');
    assert.equal(sig.fileText, 'rule x { condition: true }');
    const email = (await c.v2('POST', '/v2/groups/emails', { body: { name: 'E', ...bodyFor('Email') } })).email;
    assert.equal(email.from, 'a@b.c');
    assert.equal(email.subject, 'Invoice');
    const incident = (await c.v2('POST', '/v2/groups/incidents', { body: { name: 'I', ...bodyFor('Incident') } })).incident;
    assert.equal(incident.eventDate, '2017-07-13T00:00:00Z');
    assert.equal(incident.status, undefined, 'an incident status is an includeAdditional field');
    const extra = await c.v2('GET', `/v2/groups/incidents/${incident.id}`, { query: { includeAdditional: true } });
    assert.equal(extra.incident.status, 'New');
    const event = (await c.v2('POST', '/v2/groups/events', { body: { name: 'Ev', ...bodyFor('Event') } })).event;
    assert.equal(event.eventDate, '2017-07-13T04:00:00Z', 'offsets are converted to UTC');
    assert.equal(event.status, 'Needs Review');
    const sigText = await c.request({ path: `/v2/groups/signatures/${sig.id}/download` });
    assert.equal(sigText.text(), 'rule x { condition: true }');
    assert.match(String(sigText.header('content-type')), /text\/plain/);
    const pdf = await c.request({ path: `/v2/groups/incidents/${incident.id}/pdf` });
    assert.equal(pdf.body.subarray(0, 5).toString(), '%PDF-');
  });

  test('invalid statuses, file types, missing required fields and bad dates are 400s naming the field', async () => {
    const c = tp.client();
    const before = (await c.v2('GET', '/v2/groups')).resultCount;
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['incidents', { name: 'x', eventDate: '2017-01-01', status: 'Sleeping' }, /The status for this Incident is invalid , please enter one of the following values: New, Open/],
      ['events', { name: 'x', eventDate: '2017-01-01', status: 'Open' }, /status for this Event/],
      ['signatures', { name: 'x', fileName: 'a', fileType: 'Word', fileText: 't' }, /The fileType for this Signature is invalid , please enter one of the following values:.*YARA/],
      ['signatures', { name: 'x', fileName: 'a', fileType: 'YARA' }, /fileText: required/],
      ['incidents', { name: 'x', eventDate: 'yesterday' }, /eventDate.*"yesterday".*not a valid date/],
      ['emails', { name: 'x', subject: 's', header: 'h' }, /body: required/],
      ['documents', { name: 'x', fileName: 'a.zip', malware: true }, /password: required/],
      ['adversaries', { name: '' }, /name for this Adversary is invalid, please enter a name between 1-500/],
      ['adversaries', {}, /name/],
      ['adversaries', { name: 42 }, /name/],
      ['campaigns', { name: 'c', firstSeen: '13/13/2020' }, /firstSeen/],
    ];
    for (const [branch, body, message] of cases) {
      const res = await call(c, 'POST', `/v2/groups/${branch}`, body);
      assert.equal(res.status, 400, `${branch} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      assert.match(res.body.message, message);
    }
    const inc = (await c.v2('POST', '/v2/groups/incidents', { body: { name: 'keep', eventDate: '2017-01-01', status: 'Open' } })).incident;
    const bad = await call(c, 'PUT', `/v2/groups/incidents/${inc.id}`, { name: 'changed', status: 'Nope' });
    assert.equal(bad.status, 400);
    const after = await c.v2('GET', `/v2/groups/incidents/${inc.id}`, { query: { includeAdditional: true } });
    assert.equal(after.incident.name, 'keep');
    assert.equal(after.incident.status, 'Open');
    assert.equal((await c.v2('GET', '/v2/groups')).resultCount, before + 1);
    assert.equal((await call(c, 'GET', '/v2/groups/incidents/99999')).status, 404);
    assert.equal((await call(c, 'GET', '/v2/groups/nonsense')).status, 404);
    assert.equal((await call(c, 'GET', `/v2/groups/threats/${inc.id}`)).status, 404, 'an id under the wrong branch is not found');
  });

  test('branch names match case-insensitively (intrusionsets)', async () => {
    const c = tp.client();
    const made = await c.v2('POST', '/v2/groups/intrusionsets', { body: { name: 'lower' } });
    assert.equal((await c.v2('GET', `/v2/groups/intrusionSets/${made.intrusionSet.id}`)).intrusionSet.name, 'lower');
  });

  test('documents and reports: upload (POST, PUT, updateIfExists), download, addressed by id or xid', async () => {
    const c = tp.client();
    const doc = (await c.v2('POST', '/v2/groups/documents', { body: { name: 'Doc', fileName: 'notes.txt' } })).document;
    assert.equal(doc.status, 'Awaiting Upload');
    assert.equal((await call(c, 'GET', `/v2/groups/documents/${doc.id}/download`)).status, 404);
    const first = await call(c, 'POST', `/v2/groups/documents/${doc.id}/upload`, Buffer.from('first contents'), { contentType: 'application/octet-stream' });
    assert.equal(first.status, 200);
    assert.deepEqual(first.body, { status: 'Success' });
    const again = await call(c, 'POST', `/v2/groups/documents/${doc.id}/upload`, Buffer.from('second'));
    assert.equal(again.status, 401, 'a second POST without updateIfExists is refused');
    const down1 = await c.request({ path: `/v2/groups/documents/${doc.id}/download` });
    assert.equal(down1.text(), 'first contents');
    assert.match(String(down1.header('content-type')), /octet-stream/);
    await c.request({ method: 'PUT', path: `/v2/groups/documents/${doc.id}/upload`, body: Buffer.from('put contents') });
    assert.equal((await c.request({ path: `/v2/groups/documents/${doc.id}/download` })).text(), 'put contents');
    await c.request({ method: 'POST', path: `/v2/groups/documents/${doc.id}/upload`, query: { updateIfExists: true }, body: Buffer.from([0, 1, 2, 255]) });
    const bytes = (await c.request({ path: `/v2/groups/documents/${doc.id}/download` })).body;
    assert.deepEqual([...bytes], [0, 1, 2, 255]);
    const after = await c.v2('GET', `/v2/groups/documents/${doc.id}`);
    assert.equal(after.document.fileSize, 4);
    assert.equal(after.document.status, 'Success');

    const xid = 'e5f3b5d0-0000-4000-8000-000000000001:0001';
    const rep = (await c.v2('POST', '/v2/groups/reports', { body: { name: 'Rep', fileName: 'r.pdf', xid } })).report;
    const up = await call(c, 'POST', `/v2/groups/reports/${encodeURIComponent(xid)}/upload`, Buffer.from('by xid'), {
      query: { owner: 'Example Organization', updateIfExists: true },
    });
    assert.equal(up.status, 200);
    assert.equal((await c.request({ path: `/v2/groups/reports/${rep.id}/download` })).text(), 'by xid');
    const withXid = await c.v2('GET', `/v2/groups/reports/${rep.id}`, { query: { includeAdditional: true } });
    assert.equal(withXid.report.xid, xid);

    const mal = (await c.v2('POST', '/v2/groups/documents', { body: { name: 'M', fileName: 'm.zip', malware: true, password: 'infected' } })).document;
    const plain = await call(c, 'POST', `/v2/groups/documents/${mal.id}/upload`, Buffer.from('not a zip'));
    assert.equal(plain.status, 400);
    assert.match(plain.body.message, /password-protected zip/);
    const zip = Buffer.alloc(30);
    zip.writeUInt32LE(0x04034b50, 0);
    zip.writeUInt16LE(1, 6);
    assert.equal((await call(c, 'POST', `/v2/groups/documents/${mal.id}/upload`, zip)).status, 200);
  });

  test('adversary assets: handles, phone numbers, urls', async () => {
    const c = tp.client();
    const adv = (await c.v2('POST', '/v2/groups/adversaries', { body: { name: 'Adv' } })).adversary;
    const base = `/v2/groups/adversaries/${adv.id}/adversaryAssets`;
    const h = (await c.v2('POST', `${base}/handles`, { body: { handle: 'Pierre Despereaux' } })).adversaryHandle;
    assert.equal(h.type, 'Handle');
    assert.equal(h.handle, 'Pierre Despereaux');
    await c.v2('POST', `${base}/phoneNumbers`, { body: { phoneNumber: '555-0100' } });
    await c.v2('POST', `${base}/urls`, { body: { url: 'http://evil.example/' } });
    const all = await c.v2('GET', base);
    assert.deepEqual(all.bucketAsset.map((a: any) => a.type), ['Handle', 'PhoneNumber', 'URL']);
    assert.equal(all.bucketAsset[0].name, 'Pierre Despereaux');
    const upd = await c.v2('PUT', `${base}/handles/${h.id}`, { body: { handle: 'Renamed' } });
    assert.equal(upd.adversaryHandle.handle, 'Renamed');
    assert.equal((await call(c, 'POST', `${base}/handles`, { handle: '' })).status, 400);
    await c.v2('DELETE', `${base}/handles/${h.id}`);
    assert.equal((await call(c, 'GET', `${base}/handles/${h.id}`)).status, 404);
  });
});
