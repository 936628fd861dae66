// Indicators through the TI module against the target (local platform, or ThreatConnect in live mode:
// docs/testing.md): every type, encoded values, extras, typed errors.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { useTarget } from '../helpers/target.js';
import { ThreatIntelligence, TiNotFoundError, type IndicatorInput, type IndicatorTypeName } from '../../src/ti/index.js';
import { TcApiError, TcConfigError } from '../../src/core/errors.js';

const target = useTarget();
let ti: ThreatIntelligence;

const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';
const SHA1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
const SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** One sample per type, with the summary the platform should store. Values chosen to need encoding. */
const SAMPLES: { [T in IndicatorTypeName]: [IndicatorInput<T>, string] } = {
  Address: [{ ip: '2001:DB8::1' }, '2001:db8:0:0:0:0:0:1'],
  EmailAddress: [{ address: 'o\'brien+tag@Example.com' }, "o'brien+tag@example.com"],
  File: [{ md5: MD5, sha256: SHA256, size: 0 }, `${MD5.toUpperCase()} : ${SHA256.toUpperCase()}`],
  Host: [{ hostName: target.host('Bad.Example.COM'), dnsActive: true, whoisActive: false }, target.host('bad.example.com')],
  URL: [{ text: 'HTTP://Example.com/a%20b/c?d=e&f=g:h#frag' }, 'http://example.com/a%20b/c?d=e&f=g:h#frag'],
  ASN: [{ asNumber: 'asn 64512' }, 'ASN64512'],
  CIDR: [{ block: '10.0.0.0/8' }, '10.0.0.0/8'],
  Mutex: [{ mutex: 'Global\\Mtx: 1/2 (x)' }, 'Global\\Mtx: 1/2 (x)'],
  'Registry Key': [
    { keyName: 'HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', valueName: 'up date', valueType: 'REG_SZ' },
    'HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Run : up date : REG_SZ',
  ],
  'User Agent': [{ userAgentString: 'Mozilla/5.0 (X11; Linux x86_64) +bot' }, 'Mozilla/5.0 (X11; Linux x86_64) +bot'],
  'Email Subject': [{ subject: 'Re: invoice #42 / 50% off?' }, 'Re: invoice #42 / 50% off?'],
  Hashtag: [{ hashtag: '#bad/hash tag' }, '#bad/hash tag'],
};

describe('TI indicators', () => {
  before(() => {
    ti = new ThreatIntelligence(target.client({ retries: 0 }));
  });

  // one lifecycle per type, each its own case; values chosen to need encoding in the path
  for (const type of Object.keys(SAMPLES) as IndicatorTypeName[]) {
    describe(`${type}: create, get by (encoded) value, update, delete`, () => {
      const [input, summary] = SAMPLES[type];
      const make = () => ti.indicator(type, { ...input, rating: 2, confidence: 40 } as never);
      let indicator: ReturnType<typeof make>;
      let createdId: number;

      test('the summary is normalised before any call', async () => {
        indicator = make();
        assert.equal(await indicator.summary(), summary);
      });

      test('create keeps the rating', async () => {
        const created = await indicator.create();
        createdId = created.id;
        assert.equal(created.rating, 2);
      });

      test('get by its summary finds the same indicator', async () => {
        assert.equal((await ti.indicator(type, { summary } as never).get()).id, createdId);
      });

      test('update changes rating and confidence', async () => {
        const updated = await indicator.update({ rating: 4.5, confidence: 90 } as never);
        assert.equal(updated.rating, 4.5);
        assert.equal(updated.confidence, 90);
      });

      test('after delete, get is a typed not-found', async () => {
        await indicator.delete();
        await assert.rejects(indicator.get(), (e: Error) => e instanceof TiNotFoundError);
      });
    });
  }

  test('typed value fields come back under their wire names', async () => {
    const host = await ti.host(target.host('typed.example.com'), { dnsActive: true }).create();
    assert.equal(host.hostName, target.host('typed.example.com'));
    assert.equal(host.dnsActive, 'true');
    const key = await ti.registryKey({ keyName: 'HKEY_CURRENT_USER\\x', valueName: ' ', valueType: 'REG_DWORD' }).create();
    assert.equal(key['Key Name'], 'HKEY_CURRENT_USER\\x');
    assert.equal(key['Value Type'], 'REG_DWORD');
    const asn = await ti.asn('ASN13335').create();
    assert.equal(asn['AS Number'], 'ASN13335');
  });

  test('a File is one indicator reachable by each of its hashes, hashes merged', async () => {
    const file = ti.file({ md5: MD5 });
    await file.create();
    await ti.file({ md5: MD5, sha1: SHA1 }).create();
    const bySha1 = await ti.file(SHA1.toUpperCase()).get();
    assert.equal(bySha1.md5, MD5.toUpperCase());
    assert.equal(bySha1.sha1, SHA1.toUpperCase());
    assert.equal((await ti.file({ md5: MD5 }).get()).id, bySha1.id);
  });

  test('file occurrences', async () => {
    const file = ti.file({ sha256: SHA256 });
    await file.create();
    const occ = await file.addFileOccurrence({ fileName: 'win999301.dll', path: 'C:\\Windows\\System', date: '2017-07-13T00:00:00-05:00' });
    assert.equal(occ.fileName, 'win999301.dll');
    assert.equal(occ.date, '2017-07-13T05:00:00Z');
    const second = await file.addFileOccurrence({ path: '/tmp/x' });
    assert.deepEqual((await file.fileOccurrences().toArray()).map((o) => o.id), [occ.id, second.id]);
    assert.equal((await file.fileOccurrence(occ.id)).path, 'C:\\Windows\\System');
    assert.equal((await file.updateFileOccurrence(second.id, { fileName: 'x.sh' })).fileName, 'x.sh');
    await file.deleteFileOccurrence(occ.id);
    assert.equal((await file.fileOccurrences().toArray()).length, 1);
    await assert.rejects(file.addFileOccurrence({}), /fileOccurrence: needs at least one of fileName, path, date/);
  });

  test('observations, observation counts and false positives', async () => {
    const address = ti.address('198.51.100.7');
    await address.create();
    await address.addObservations(2, '2024-05-01T10:00:00Z');
    await address.addObservations();
    const counts = await address.observationCount();
    assert.equal(counts.count, 3);
    assert.equal(counts.yourCount, 3);
    const observations = await address.observations().toArray();
    assert.equal(observations.reduce((n, o) => n + o.count, 0), 3);
    const fp = await address.addFalsePositive();
    assert.equal(fp.count, 1);
    const additional = await address.get({ includes: ['additional'] });
    assert.equal(additional.observationCount, 3);
    assert.equal(additional.falsePositiveCount, 1);
    await assert.rejects(address.addObservations(0), /count: must be a positive integer/);
  });

  test('active status: deactivated indicators leave default listings until asked for', async () => {
    const sleepyName = target.host('sleepy.example.com');
    const host = ti.host(sleepyName);
    await host.create();
    const off = await host.setActive(false, true);
    assert.equal(off.id, (await host.get()).id);
    const listed = await ti.indicators('Host').many().toArray();
    assert.ok(!listed.some((h) => h.hostName === sleepyName));
    const filters = ti.indicators('Host').filters().add('active', '=', false);
    const inactive = await ti.indicators('Host').many({ filters, includes: ['additional'] }).toArray();
    const sleepy = inactive.find((h) => h.hostName === sleepyName);
    assert.equal(sleepy?.active, false);
    assert.equal(sleepy?.activeLocked, true);
    await host.setActive(true);
    assert.equal((await host.get({ includes: ['additional'] })).active, true);
  });

  test('DNS resolutions of hosts and addresses, and the DNS/WHOIS flags', async (t) => {
    // resolutions have no v2 write endpoint; they are seeded through the platform's admin state import
    if (target.localOnly(t, 'DNS resolutions are seeded through the admin state import')) return;
    await target.adminOnly()('POST', '/state', {
      indicators: [
        { owner: 'Example Organization', type: 'Address', summary: '203.0.113.9' },
        {
          owner: 'Example Organization',
          type: 'Host',
          summary: 'resolves.example.com',
          dnsResolutions: [{ address: '203.0.113.9', resolutionDate: '2024-01-02T03:04:05Z' }],
        },
      ],
    });
    const host = ti.host('resolves.example.com');
    assert.equal((await host.setDnsActive(true)).dnsActive, 'true');
    assert.equal((await host.setWhoisActive(true)).whoisActive, 'true');
    const resolutions = await host.dnsResolutions().toArray();
    assert.equal(resolutions.length, 1);
    assert.equal(resolutions[0].resolutionDate, '2024-01-02T03:04:05Z');
    assert.deepEqual(resolutions[0].addresses.map((a) => a.ip), ['203.0.113.9']);
    const hosts = await ti.address('203.0.113.9').dnsResolutions().toArray();
    assert.deepEqual(hosts.map((h) => h.summary ?? h.hostName), ['resolves.example.com']);
    assert.deepEqual(await ti.host('typed.example.com').dnsResolutions().toArray(), []);
  });

  test('owners holding the same indicator, and deleted indicators', async (t) => {
    if (target.localOnly(t, 'its seeded second owner, Common Community')) return;
    await ti.host('shared.example.com').create();
    await ti.host('shared.example.com', { owner: 'Common Community' }).create();
    const owners = await ti.host('shared.example.com').owners().toArray();
    assert.deepEqual(owners.map((o) => o.name).sort(), ['Common Community', 'Example Organization']);
    const since = new Date(Date.now() - 60_000);
    await ti.host('shared.example.com', { owner: 'Common Community' }).delete();
    const deleted = await ti.indicators('Host', { owner: 'Common Community' }).deleted(since).toArray();
    assert.deepEqual(deleted.map((d) => d.summary), ['shared.example.com']);
    assert.equal((await ti.indicators({ owner: 'Common Community' }).deleted().toArray()).length, 1);
  });

  test('bad values fail before any call, naming the field and value; server refusals are typed', async () => {
    const cases: Array<[() => unknown, RegExp]> = [
      [() => ti.address('999.1.1.1'), /ip: Address: "999\.1\.1\.1" is not a valid IPv4 or IPv6 address/],
      [() => ti.file({}), /File: at least one of md5, sha1, sha256 is required/],
      [() => ti.file('abc'), /is not an MD5, SHA-1 or SHA-256 hash/],
      [() => ti.host('no spaces.com'), /hostName: Host: "no spaces\.com"/],
      [() => ti.registryKey({ keyName: 'SOFTWARE\\x', valueName: 'a', valueType: 'REG_SZ' }), /must start with HKEY_/],
      [() => ti.address('1.2.3.4', { rating: 7 }), /rating: must be a number from 0 to 5, got 7/],
      [() => ti.address('1.2.3.4', { confidence: 50.5 }), /confidence: must be an integer from 0 to 100, got 50\.5/],
      [() => ti.host('x.example.com', { dnsActive: 'yes' as never }), /dnsActive: must be true or false/],
    ];
    for (const [fn, re] of cases) assert.throws(fn, (e: Error) => e instanceof TcConfigError && re.test(e.message), String(re));
    await assert.rejects(ti.address('1.2.3.4').update({ ip: '1.2.3.5' } as never), /ip: is a value field and cannot be updated/);
    await assert.rejects(ti.address('192.0.2.200').get(), (e: Error) => e instanceof TiNotFoundError && e.serverMessage === 'The requested resource was not found');
    await assert.rejects(ti.address('192.0.2.200', { owner: 'Nobody' }).create(), (e: Error) => e instanceof TcApiError && e.status === 403);
  });
});
