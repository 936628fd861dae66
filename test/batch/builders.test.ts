import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Batch, BatchValidationError, typedXid } from '../../src/batch/index.js';
import { drain } from './helpers.js';

const newBatch = () => new Batch({ owner: 'Example Organization' });

test('interface 1: typed group builders take required fields and set optional ones later', () => {
  const batch = newBatch();
  try {
    const adversary = batch.adversary('adversary-001', 'my-xid-000');
    adversary.attribute('Description', 'Example Description', true);
    adversary.tag('Example Tag');
    adversary.securityLabel('TLP:GREEN');

    const document = batch.document('document-001', 'example.txt', { xid: 'doc-1' });
    document.malware = true;
    document.password = 'test';
    document.fileContent = 'example file content';
    const attr = document.attribute('Description', 'Example Description');
    attr.displayed = true;
    attr.source = 'unit test';
    document.tag('Example Tag');
    const label = document.securityLabel('My Label');
    label.color = 'ffffff';
    label.description = 'Security label description.';

    const incident = batch.incident('incident-001', '2024-08-04', { status: 'new', xid: 'inc-1' });
    incident.association(adversary);
    const email = batch.email('email-1', 'subject', 'header', 'body', { xid: 'em-1', to: 'a@example.com' });
    email.from = 'b@example.com';
    batch.signature('sig', 'rule.yar', 'yara', 'rule x {}', 'sig-1');

    const data = drain(batch);
    const byXid = Object.fromEntries(data.group.map((g) => [g.xid, g]));
    assert.deepEqual(byXid['my-xid-000'], {
      name: 'adversary-001',
      type: 'Adversary',
      xid: 'my-xid-000',
      attribute: [{ type: 'Description', value: 'Example Description', displayed: true }],
      securityLabel: [{ name: 'TLP:GREEN' }],
      tag: [{ name: 'Example Tag' }],
    });
    assert.deepEqual(byXid['doc-1'], {
      name: 'document-001',
      type: 'Document',
      xid: 'doc-1',
      fileName: 'example.txt',
      malware: true,
      password: 'test',
      attribute: [{ type: 'Description', value: 'Example Description', displayed: true, source: 'unit test' }],
      securityLabel: [{ name: 'My Label', description: 'Security label description.', color: 'ffffff' }],
      tag: [{ name: 'Example Tag' }],
    });
    // dates are formatted for the wire, choices canonicalised, associations by xid
    assert.equal(byXid['inc-1'].eventDate, '2024-08-04T00:00:00Z');
    assert.equal(byXid['inc-1'].status, 'New');
    assert.deepEqual(byXid['inc-1'].associatedGroupXid, ['my-xid-000']);
    assert.equal(byXid['em-1'].to, 'a@example.com');
    assert.equal(byXid['em-1'].from, 'b@example.com');
    assert.equal(byXid['sig-1'].fileType, 'YARA');
    // file contents never travel in the batch data
    assert.ok(!JSON.stringify(data).includes('example file content'));
  } finally {
    batch.close();
  }
});

test('interface 1: typed indicator builders, with rating/confidence positional or as options, and setters', () => {
  const batch = newBatch();
  try {
    const address = batch.address('123.124.125.126', '5.0', '100');
    address.attribute('Description', 'Example Description', true);
    address.tag('Example Tag');
    const file = batch.file('43c3609411c83f363e051d455ade78a6');
    file.rating = 5.0;
    file.confidence = 100;
    file.size = 1024;
    const occurrence = file.occurrence();
    occurrence.fileName = 'drop1.exe';
    occurrence.path = 'C:\\test\\';
    occurrence.date = '2017-02-02 01:02:03';
    file.occurrence('drop2.exe', 'C:\\tmp\\', new Date('2017-03-03T18:00:00Z'));
    const host = batch.host('WWW.BadGuys.com', { rating: 3, confidence: 50, xid: 'host-1' });
    host.dnsActive = true;
    host.whoisActive = false;
    host.association('my-group');
    batch.registryKey('HKEY_LOCAL_MACHINE\\system', 'TRUE', 'REG_DWORD');
    batch.file({ md5: 'a'.repeat(32), sha256: 'b'.repeat(64) });
    batch.cidr('10.0.0.0/8');
    batch.asn('as 65000');

    const data = drain(batch);
    const bySummary = Object.fromEntries(data.indicator.map((i) => [i.summary, i]));
    assert.deepEqual(bySummary['123.124.125.126'], {
      summary: '123.124.125.126',
      type: 'Address',
      xid: typedXid('Address', '123.124.125.126'),
      rating: 5,
      confidence: 100,
      attribute: [{ type: 'Description', value: 'Example Description', displayed: true }],
      tag: [{ name: 'Example Tag' }],
    });
    const f = bySummary['43C3609411C83F363E051D455ADE78A6'];
    assert.equal(f.intValue1, 1024, 'File size travels as intValue1, as TcEx sends it');
    assert.deepEqual(f.fileOccurrence, [
      { fileName: 'drop1.exe', path: 'C:\\test\\', date: '2017-02-02T01:02:03Z' },
      { fileName: 'drop2.exe', path: 'C:\\tmp\\', date: '2017-03-03T18:00:00Z' },
    ]);
    const h = bySummary['www.badguys.com'];
    assert.equal(h.xid, 'host-1');
    assert.equal(h.flag1, true);
    assert.equal(h.flag2, false);
    assert.deepEqual(h.associatedGroups, [{ groupXid: 'my-group' }]);
    assert.ok(bySummary['HKEY_LOCAL_MACHINE\\system : TRUE : REG_DWORD']);
    assert.ok(bySummary[`${'A'.repeat(32)} : ${'B'.repeat(64)}`]);
    assert.ok(bySummary['ASN65000']);
    assert.equal(bySummary['10.0.0.0/8'].type, 'CIDR');
  } finally {
    batch.close();
  }
});

test('interface 2: generic group() and indicator() with addKeyValue', () => {
  const batch = newBatch();
  try {
    const event = batch.group('Event', 'event-001', 'my-xid-0001');
    event.addKeyValue('eventDate', '2024-01-02T03:04:05+02:00');
    event.addKeyValue('status', 'Escalated');
    event.attribute('Description', 'Example Description 2', true, 'source');
    event.tag('Example Tag');
    const host = batch.indicator('Host', 'www.badguys2.com', '5.0', '100');
    host.addKeyValue('dnsActive', true);
    host.addKeyValue('whoisActive', 'true');
    host.attribute('Description', 'Example Description 2', true, 'source');
    const file = batch.indicator('File', 'c'.repeat(40));
    file.addKeyValue('size', '77');
    const data = drain(batch);
    assert.deepEqual(data.group[0], {
      name: 'event-001',
      type: 'Event',
      xid: 'my-xid-0001',
      eventDate: '2024-01-02T01:04:05Z',
      status: 'Escalated',
      attribute: [{ type: 'Description', value: 'Example Description 2', displayed: true, source: 'source' }],
      tag: [{ name: 'Example Tag' }],
    });
    const h = data.indicator.find((i) => i.type === 'Host')!;
    assert.equal(h.flag1, true);
    assert.equal(h.flag2, true);
    assert.equal(h.rating, 5);
    assert.equal(h.confidence, 100);
    assert.equal(data.indicator.find((i) => i.type === 'File')!.intValue1, 77);
    // the generic interface still returns the typed class
    assert.equal(batch.group('Document', 'd', 'x').constructor.name, 'Document');
  } finally {
    batch.close();
  }
});

test('interface 3: raw objects keep their fields; groups need an xid; fileContent is taken out', () => {
  const batch = newBatch();
  try {
    batch.addGroup({
      name: 'document-002',
      fileName: 'test2.txt',
      fileContent: 'example content 2',
      type: 'Document',
      xid: 'my-xid-002',
      associatedGroupXid: ['my-xid-001'],
      attribute: [{ displayed: true, type: 'Description', value: 'Example Description' }],
      tag: [{ name: 'SafeToDelete' }],
    });
    batch.addIndicator({
      associatedGroups: [{ groupXid: 'my-xid-001' }],
      summary: 'HKEY_LOCAL_MACHINE\\system : TRUE : REG_DWORD',
      type: 'Registry Key',
      xid: 'ba60d2d6-8049-4080-9c5c-2b33d8d97767',
    });
    batch.addIndicator({ type: 'File', md5: 'd'.repeat(32), summary: 'ignored because a hash field is given', size: 5, tag: ['plain'] });
    batch.addIndicator({ type: 'Address', ip: '1.2.3.4', securityLabel: [{ name: 'TLP:AMBER', color: 'FFC000' }] });
    assert.throws(() => batch.addGroup({ name: 'no xid', type: 'Adversary' }), /Adversary "no xid" xid: is required for groups added as raw objects, got undefined/);
    const data = drain(batch);
    assert.deepEqual(data.group[0], {
      name: 'document-002',
      type: 'Document',
      xid: 'my-xid-002',
      fileName: 'test2.txt',
      attribute: [{ type: 'Description', value: 'Example Description', displayed: true }],
      tag: [{ name: 'SafeToDelete' }],
      associatedGroupXid: ['my-xid-001'],
    });
    const reg = data.indicator.find((i) => i.type === 'Registry Key')!;
    assert.equal(reg.xid, 'ba60d2d6-8049-4080-9c5c-2b33d8d97767');
    assert.deepEqual(reg.associatedGroups, [{ groupXid: 'my-xid-001' }]);
    const file = data.indicator.find((i) => i.type === 'File')!;
    assert.equal(file.summary, 'D'.repeat(32));
    assert.equal(file.intValue1, 5);
    assert.deepEqual(file.tag, [{ name: 'plain' }]);
    assert.deepEqual(data.indicator.find((i) => i.type === 'Address')!.securityLabel, [{ name: 'TLP:AMBER', color: 'FFC000' }]);
    assert.ok(batch.files.has('my-xid-002'), 'the document content waits for upload');
  } finally {
    batch.close();
  }
});

test('bad input throws a BatchValidationError naming the object, the field and the value', () => {
  const batch = newBatch();
  const fails = (fn: () => unknown, pattern: RegExp) => {
    const err = assert.throws(fn, (e: unknown) => e instanceof BatchValidationError && pattern.test((e as Error).message));
    return err;
  };
  try {
    fails(() => batch.address('999.1.1.1'), /Address ip: Address: "999.1.1.1" is not a valid IPv4 or IPv6 address, got "999.1.1.1"/);
    fails(() => batch.indicator('Gizmo', 'x'), /indicator type: must be an indicator type .*got "Gizmo"/);
    fails(() => batch.group('Gadget', 'x'), /group type: must be a group type .*got "Gadget"/);
    fails(() => batch.address('1.1.1.1', 7), /Address "1.1.1.1" rating: must be a number from 0 to 5, got 7/);
    fails(() => batch.address('1.1.1.1', 1, 101), /confidence: must be a whole number from 0 to 100, got 101/);
    fails(() => batch.incident('i', 'not a date'), /Incident "i" eventDate: must be a date .*got "not a date"/);
    fails(() => batch.incident('i', '2024-01-01', { status: 'Sleeping' }), /status: must be one of New, Open, .*got "Sleeping"/);
    fails(() => batch.signature('s', 'f', 'Word', 'x'), /fileType: must be one of .*YARA, got "Word"/);
    fails(() => batch.host('example.com').attribute('Description', ''), /attribute "Description" value: must not be empty/);
    fails(() => batch.host('example.com').tag('x'.repeat(129)), /tag: must be at most 128 characters/);
    fails(() => (batch.host('example.com').securityLabel('L').color = 'blue'), /securityLabel.color: must be a 6-digit hex colour .*got "blue"/);
    fails(() => batch.address('1.1.1.1').occurrence('x'), /only File indicators have file occurrences/);
    fails(() => batch.adversary('a').addKeyValue('xid', 'other'), /xid: is set by the constructor/);
    fails(() => batch.adversary('a').addKeyValue('status', 'New'), /status: is not a field of Adversary/);
    fails(() => batch.file('abc'), /File: "abc" is not an MD5, SHA-1 or SHA-256 hash/);
    fails(() => batch.association(batch.address('1.1.1.1'), batch.host('example.com')), /associationType: is required between two indicators/);
    assert.throws(() => new Batch({ owner: '' }), /owner: must name the owner/);
    assert.throws(() => new Batch({ owner: 'x', attributeWriteType: 'Merge' as 'Append' }), /attributeWriteType: must be one of Append, Replace, Singleton, Static, got "Merge"/);
    assert.throws(() => new Batch({ owner: 'x', limits: { maxItems: 0 } }), /limits.maxItems: must be a whole number of at least 1, got 0/);
  } finally {
    batch.close();
  }
});

test('validate: false passes custom types and values through untouched', () => {
  const batch = new Batch({ owner: 'Example Organization', validate: false });
  try {
    batch.indicator('Gizmo', 'anything at all', 9);
    batch.address('999.1.1.1');
    const data = drain(batch);
    assert.deepEqual(
      data.indicator.map((i) => [i.type, i.summary]).sort(),
      [
        ['Address', '999.1.1.1'],
        ['Gizmo', 'anything at all'],
      ],
    );
    assert.equal(data.indicator.find((i) => i.type === 'Gizmo')!.rating, 9);
  } finally {
    batch.close();
  }
});

test('settings are sent as TcEx sends them, and as configured', () => {
  const batch = new Batch({ owner: 'My Org', attributeWriteType: 'Append', haltOnError: true, tagWriteType: 'Append', hashCollisionMode: 'Split' });
  try {
    assert.deepEqual(batch.config, {
      action: 'Create',
      attributeWriteType: 'Append',
      haltOnError: 'true',
      owner: 'My Org',
      playbookTriggersEnabled: 'false',
      securityLabelWriteType: 'Replace',
      tagWriteType: 'Append',
      version: 'V2',
      hashCollisionMode: 'Split',
    });
  } finally {
    batch.close();
  }
});
