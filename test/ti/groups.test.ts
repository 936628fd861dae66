// Groups through the TI module against the target (local platform, or ThreatConnect in live mode: docs/testing.md):
// every type's factory, CRUD, extras, typed errors.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useTarget } from '../helpers/target.js';
import { ThreatIntelligence, TiNotFoundError } from '../../src/ti/index.js';
import type { GroupInput, GroupTypeName } from '../../src/ti/index.js';
import { TcApiError, TcConfigError } from '../../src/core/errors.js';

const target = useTarget();
let ti: ThreatIntelligence;

/** Minimal valid fields for each group type (names unique to the run in live mode). */
const SAMPLES: { [T in GroupTypeName]: GroupInput<T> } = {
  Adversary: { name: target.name('Bad Panda') },
  'Attack Pattern': { name: target.name('Spearphishing') },
  Campaign: { name: target.name('camp-3'), firstSeen: '2019-04-02' },
  'Course of Action': { name: target.name('Block it') },
  Document: { name: target.name('Dropper notes'), fileName: 'notes.txt' },
  Email: { name: target.name('Phish'), subject: 'Invoice', header: 'From: a@example.com', body: 'Pay now', to: 'b@example.com', from: 'a@example.com' },
  Event: { name: target.name('Alert'), eventDate: new Date('2024-01-02T03:04:05Z'), status: 'Needs Review' },
  Incident: { name: target.name('Breach'), eventDate: '2024-01-02T03:04:05-01:00', status: 'Open' },
  'Intrusion Set': { name: target.name('APT-X') },
  Malware: { name: target.name('Emotet') },
  Report: { name: target.name('Quarterly'), fileName: 'q.pdf', publishDate: '2024-03-01' },
  Signature: { name: target.name('Rule 1'), fileName: 'r.yar', fileType: 'YARA', fileText: 'rule x { condition: true }' },
  Tactic: { name: target.name('Initial Access') },
  Threat: { name: target.name('Ransomware wave') },
  Tool: { name: target.name('Mimikatz') },
  Vulnerability: { name: target.name('CVE-2024-0001') },
};

describe('TI groups', () => {
  before(() => {
    ti = new ThreatIntelligence(target.client({ retries: 0 }));
  });

  // one lifecycle per type, each its own case
  for (const type of Object.keys(SAMPLES) as GroupTypeName[]) {
    describe(`${type} through its factory`, () => {
      let group: ReturnType<ThreatIntelligence['group']>;
      let createdId: number;

      test('create returns the item in the owner and remembers its id', async () => {
        group = ti.group(type, SAMPLES[type] as never);
        const created = await group.create();
        createdId = created.id;
        assert.equal(created.name, SAMPLES[type].name);
        assert.equal(group.id, created.id, 'create() remembers the id');
        assert.equal(created.owner.name, target.owner);
      });

      test('get by id finds it', async () => {
        assert.equal((await ti.group(type, { id: createdId }).get()).id, createdId);
      });

      test('update renames it', async () => {
        const updated = await group.update({ name: `${SAMPLES[type].name} v2` });
        assert.equal(updated.name, `${SAMPLES[type].name} v2`);
      });

      test('after delete, get is a typed 404', async () => {
        await group.delete();
        await assert.rejects(group.get(), (err: Error) => err instanceof TiNotFoundError && err.status === 404);
      });
    });
  }

  test('type-specific fields arrive typed, dates normalised to UTC', async () => {
    const incident = ti.incident({ name: target.name('Typed'), eventDate: '2024-01-02T03:04:05-01:00', status: 'Containment Achieved' });
    const created = await incident.create();
    assert.equal(created.eventDate, '2024-01-02T04:04:05Z');
    const full = await incident.get({ includes: ['additional'] });
    assert.equal(full.status, 'Containment Achieved');
    const campaign = await ti.campaign({ name: target.name('Dated'), firstSeen: new Date('2019-04-02T00:00:00Z') }).create();
    assert.equal(campaign.firstSeen, '2019-04-02T00:00:00Z');
    const signature = await ti.signature(SAMPLES.Signature).create();
    assert.equal(signature.fileType, 'YARA');
    assert.equal(signature.fileText, 'rule x { condition: true }');
    const email = await ti.email(SAMPLES.Email).create();
    assert.equal(email.subject, 'Invoice');
  });

  test('bad input fails before any call, naming the field and the value', async () => {
    assert.throws(() => ti.group('Incident', { name: 'x', status: 'Sleeping' as never }), (e: Error) => e instanceof TcConfigError && /status: must be one of New, Open/.test(e.message) && /"Sleeping"/.test(e.message));
    assert.throws(() => ti.group('Nope' as GroupTypeName), /groupType: is not a group type/);
    assert.throws(() => ti.campaign({ name: 'x', firstSeen: 'soon' }), /firstSeen: must be an ISO-8601 date/);
    assert.throws(() => ti.group('Adversary', { name: 'x', eventDate: '2020-01-01' } as never), /eventDate: is not a Adversary field/);
    await assert.rejects(ti.email({ name: 'No subject' }).create(), (e: Error) => e instanceof TcConfigError && /subject: is required to create a Email/.test(e.message));
    await assert.rejects(ti.document({ name: 'm', fileName: 'm.zip', malware: true }).create(), /password: is required for a malware Document/);
    await assert.rejects(ti.adversary().get(), /id: .*has no id yet/);
  });

  test('server refusals arrive as typed errors with the server\'s message', async () => {
    const longName = 'n'.repeat(600);
    await assert.rejects(ti.adversary({ name: longName }).create(), (e: Error) => {
      assert.ok(e instanceof TcApiError);
      assert.equal(e.status, 400);
      assert.match(e.serverMessage, /name/);
      return true;
    });
    await assert.rejects(ti.group('Threat', { id: 987654 }).update({ name: 'x' }), (e: Error) => e instanceof TiNotFoundError && e.serverMessage === 'The requested resource was not found');
    await assert.rejects(ti.adversary({ name: 'x', owner: 'No Such Owner' }).create(), (e: Error) => e instanceof TcApiError && e.status === 403 && e.serverMessage === 'The requested owner was not found');
  });

  test('documents and reports upload and download their file; signatures download their text', async () => {
    const doc = ti.document({ name: target.name('Notes'), fileName: 'notes.bin' });
    await doc.create();
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 10, 13]);
    await doc.upload(bytes);
    assert.deepEqual(await doc.download(), bytes);
    await doc.upload('replaced ✓');
    assert.equal((await doc.download()).toString('utf8'), 'replaced ✓');
    await assert.rejects(doc.upload('again', { updateIfExists: false }), (e: Error) => e instanceof TcApiError && e.status === 401);
    const status = await doc.get({ includes: ['additional'] });
    assert.equal(status.fileSize, Buffer.byteLength('replaced ✓'));

    const report = ti.report({ name: target.name('Q1'), fileName: 'q1.pdf' });
    await report.create();
    await report.upload(Buffer.from('%PDF-1.4 fake'));
    assert.equal((await report.download()).toString(), '%PDF-1.4 fake');

    const signature = ti.signature(SAMPLES.Signature);
    await signature.create();
    assert.equal(await signature.download(), 'rule x { condition: true }');
  });

  test('adversary assets: handles, phone numbers and URLs', async () => {
    const adversary = ti.adversary({ name: target.name('Asset Owner') });
    await adversary.create();
    const handle = await adversary.addAsset('handles', { handle: 'Pierre Despereaux' });
    const phone = await adversary.addAsset('phoneNumbers', { phoneNumber: '+1 555 0100' });
    const url = await adversary.addAsset('urls', { url: 'http://bad.example.com/about' });
    assert.equal(handle.handle, 'Pierre Despereaux');
    assert.deepEqual((await adversary.assets().toArray()).map((a) => a.type).sort(), ['Handle', 'PhoneNumber', 'URL']);
    assert.deepEqual((await adversary.assets('urls').toArray()).map((a) => a.url), ['http://bad.example.com/about']);
    assert.equal((await adversary.asset('phoneNumbers', phone.id)).phoneNumber, '+1 555 0100');
    assert.equal((await adversary.updateAsset('handles', handle.id, { handle: 'Pierre' })).handle, 'Pierre');
    await adversary.deleteAsset('urls', url.id);
    assert.equal((await adversary.assets().toArray()).length, 2);
    assert.throws(() => adversary.assets('emails' as never), /assetType: must be one of handles, phoneNumbers, urls/);
  });
});
