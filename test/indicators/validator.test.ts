import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIPv4, isIPv6 } from 'node:net';
import { IndicatorValidator, IndicatorValueError, detectIndicatorType } from '../../src/indicators/index.js';
import { TcConfigError } from '../../src/core/errors.js';

const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';
const SHA1 = 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709';
const SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

// value → expected detected type; every "invalid" value must be detected as nothing at all
const VALID: Record<string, string[]> = {
  Address: ['1.2.3.4', '0.0.0.0', '255.255.255.255', '2001:db8::1', '::1', '::', '1::', 'fe80::1:2', '::ffff:192.0.2.1',
    '2001:DB8:0:0:0:0:0:1', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:1.2.3.4'],
  EmailAddress: ['bad@example.com', 'first.last+tag@sub.example.co.uk', "o'brien@example.org", 'X@Y.IO'],
  File: [MD5, SHA1, SHA256, MD5.toUpperCase(), `${MD5.toUpperCase()} : ${SHA256}`],
  Host: ['example.com', 'bad.example.com', 'xn--bcher-kva.de', 'EXAMPLE.ORG', 'a-b.example.net', 'example.data', '0day.example.io'],
  URL: ['http://example.com/', 'https://example.com/a?b=c', 'ftp://files.example.com/x.zip', 'HTTPS://EXAMPLE.COM/Path',
    'http://x.com/?', 'sftp://host.example.com:22/file', 'file://server/share/x.txt'],
};
const INVALID: Record<string, string[]> = {
  Address: ['256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4.5', '1.2.3.4/24', '2001:db8:::1', '1:2:3:4:5:6:7:8:9', 'gggg::1', '12345::1',
    '1:2:3:4:5:6:7::8:9', ':1:2::'],
  EmailAddress: ['bad@', '@example.com', 'bad@example', 'bad@@example.com', 'a b@example.com', 'bad@example.c', 'bad@-x.com'],
  File: ['d41d8cd98f00b204e9800998ecf8427', `${MD5}0`, 'z'.repeat(32), SHA256.slice(1), `${MD5} : nothash`],
  Host: ['-bad.com', 'bad-.com', 'example', 'example.exe', 'example.dat', 'exa mple.com', 'example.c', 'foo.com/bar',
    'under_score.com', `${'a'.repeat(64)}.com`],
  URL: ['http://example.com/a b', 'example.com/path', 'gopher://x.com/', 'http://x.com.', 'http://', 'http:/x.com/'],
};

test('detection on a table of valid values: each is detected as its type', () => {
  const v = new IndicatorValidator();
  for (const [type, values] of Object.entries(VALID)) {
    for (const value of values) {
      assert.equal(v.detect(value)?.type ?? v.resolve(value).type, type, `${value} should be ${type}`);
      const r = v.resolve(value);
      assert.equal(r.type, type, value);
      assert.equal(r.detected, true);
      assert.ok(v.isValid(value), value);
    }
  }
});

test('detection on a table of invalid values: none is detected, and resolve names field and value', () => {
  const v = new IndicatorValidator();
  for (const [type, values] of Object.entries(INVALID)) {
    for (const value of values) {
      assert.equal(v.detect(value), undefined, `${value} (a bad ${type}) should not be detected`);
      assert.equal(v.isValid(value), false, value);
      assert.throws(
        () => v.resolve(value, { field: 'summary' }),
        (err: unknown) => err instanceof IndicatorValueError && err.message.startsWith(`summary: ${JSON.stringify(value)}`) && /tried Address/.test(err.message),
      );
    }
  }
});

test('detection tells which pattern matched and normalises the summary the way the platform stores it', () => {
  const v = new IndicatorValidator();
  assert.deepEqual(v.detect('2001:DB8::1'), { type: 'Address', pattern: 'ipv6' });
  assert.equal(v.resolve('2001:DB8::1').summary, '2001:db8:0:0:0:0:0:1');
  assert.equal(v.resolve('Bad.Example.COM').summary, 'bad.example.com');
  assert.equal(v.resolve(MD5).pattern, 'md5');
  assert.equal(v.resolve(SHA256).summary, SHA256.toUpperCase());
  assert.equal(v.resolve(` ${SHA1} `).pattern, 'sha1');
  assert.deepEqual(v.resolve(`${MD5} : ${SHA256}`).values, [MD5.toUpperCase(), '', SHA256.toUpperCase()]);
  assert.equal(detectIndicatorType('http://x.com/a')?.type, 'URL');
});

test('IPv4 and IPv6 patterns agree with a real address parser on generated values', () => {
  const v = new IndicatorValidator();
  const parts = ['0', '1', '9', '10', '01', '99', '100', '199', '200', '249', '250', '255', '256', '300', '999', '', 'a'];
  let checked = 0;
  for (let i = 0; i < 4000; i++) {
    const pick = (k: number) => parts[(i * 7 + k * 13 + ((i >> k) & 5)) % parts.length];
    const value = [pick(0), pick(1), pick(2), pick(3)].join('.');
    assert.equal(v.detect(value)?.type === 'Address', isIPv4(value), value);
    checked++;
  }
  let valid6 = 0;
  const groups = ['0', '1', 'ffff', 'FFFF', '12345', 'g', '', '1.2.3.4'];
  for (let i = 0; i < 6000; i++) {
    const n = 3 + (i % 7);
    const g = Array.from({ length: n }, (_, k) => groups[(i * 31 + k * 17 + (i >> (k % 5))) % groups.length]);
    const value = g.join(':');
    if (value.includes('%')) continue;
    assert.equal(v.detect(value)?.type === 'Address', isIPv6(value), value);
    if (isIPv6(value)) valid6++;
    checked++;
  }
  assert.ok(checked > 9000);
  assert.ok(valid6 > 100, `only ${valid6} valid IPv6 values generated`);
});

test('an explicit type skips detection but still checks the platform rules for that type', () => {
  const v = new IndicatorValidator();
  // detection refuses a host ending in .exe; naming the type accepts it, as the platform does
  assert.equal(v.detect('payload.exe'), undefined);
  const r = v.resolve('payload.exe', { type: 'Host' });
  assert.deepEqual([r.type, r.summary, r.detected], ['Host', 'payload.exe', false]);
  assert.equal(v.resolve('as 13335', { type: 'asn' }).summary, 'ASN13335');
  assert.deepEqual(v.resolve(['HKEY_LOCAL_MACHINE\\x', 'v', 'reg_sz'], { type: 'Registry Key' }).values, ['HKEY_LOCAL_MACHINE\\x', 'v', 'REG_SZ']);
  assert.throws(() => v.resolve('1.2.3.999', { type: 'Address' }), /indicator: "1\.2\.3\.999" is not valid: Address/);
  // validate:false is the legacy behaviour: no check at all
  assert.equal(v.resolve('not an ip', { type: 'Address', validate: false }).summary, 'not an ip');
  assert.throws(() => v.resolve('x', { type: 'Nope' }), (e: unknown) => e instanceof TcConfigError && /indicator\.type: is not a known indicator type/.test(e.message));
});

test('pattern overrides are per validator and never leak to other instances', () => {
  const strict = new IndicatorValidator().setPatterns('hosts', /[a-z]+\.example\.com/);
  const plain = new IndicatorValidator();
  assert.equal(strict.detect('other.org'), undefined);
  assert.equal(strict.detect('www.example.com')?.type, 'Host');
  assert.equal(plain.detect('other.org')?.type, 'Host');
  assert.equal(detectIndicatorType('other.org')?.type, 'Host');
  // a list replaces the type's patterns; an empty list turns detection off for that type
  const noFiles = new IndicatorValidator({ patterns: { File: [] } });
  assert.equal(noFiles.detect(MD5), undefined);
  assert.equal(plain.detect(MD5)?.type, 'File');
  // predicates and named patterns work too; global/sticky flags do not break repeated tests
  const g = new IndicatorValidator().setPatterns('Address', [/10\.\d+\.\d+\.\d+/g, { name: 'loopback6', test: (s) => s === '::1' }]);
  assert.equal(g.detect('10.0.0.1')?.type, 'Address');
  assert.equal(g.detect('10.0.0.1')?.type, 'Address');
  assert.deepEqual(g.detect('::1'), { type: 'Address', pattern: 'loopback6' });
  assert.equal(g.detect('1.2.3.4'), undefined);
  assert.throws(() => new IndicatorValidator().setPatterns('Address', ['1.2.3.4' as never]), /patterns\.Address\[0\]: must be a RegExp/);
  assert.throws(() => new IndicatorValidator().setPatterns('Widget', /x/), /type: is not a known indicator type.*"Widget"/);
});

test('custom indicator types: detection after the standard types, fields, and errors', () => {
  const v = new IndicatorValidator({
    customTypes: [
      { name: 'Ticket', patterns: /TKT-\d{3,}/ },
      { name: 'Pair', fields: ['Left', 'Right'] },
    ],
  });
  assert.deepEqual(v.detect('TKT-1234'), { type: 'Ticket', pattern: 'Ticket[0]' });
  assert.equal(v.resolve('TKT-1234').custom, true);
  assert.equal(v.detect('TKT-12'), undefined);
  assert.throws(() => v.resolve('TKT-12', { type: 'Ticket' }), /does not match any Ticket pattern/);
  assert.deepEqual(v.resolve('a : b', { type: 'pair' }).values, ['a', 'b']);
  assert.throws(() => v.resolve(['a'], { type: 'Pair' }), /is missing Right/);
  assert.throws(() => v.resolve(['a', 'b', 'c'], { type: 'Pair' }), /has 3 values but Pair has 2/);
  // the catalogue's custom types (ASN, CIDR, ...) can be given patterns for detection
  v.setPatterns('CIDR', /[\d.]+\/\d{1,2}/);
  assert.equal(v.resolve('10.0.0.0/8').type, 'CIDR');
  assert.throws(() => v.defineType({ name: 'Host' }), /customType\.name: is the standard type Host/);
  assert.throws(() => v.defineType({ name: 'ticket' }), /already defined/);
  assert.throws(() => v.resolve(42 as never), /indicator: 42 must be a string/);
  assert.throws(() => v.resolve('   '), /indicator: " {3}" is empty/);
});
