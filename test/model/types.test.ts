import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseIndicator, indicatorType, groupType, expandIPv6, GROUP_TYPES, INDICATOR_TYPES } from '../../src/model/index.js';

const ok = (type: string, values: string[]) => {
  const r = normaliseIndicator(type, values);
  assert.ok(r.ok, `${type} ${values.join(',')} should be valid: ${!r.ok ? r.error : ''}`);
  return r.summary;
};
const bad = (type: string, values: string[], pattern: RegExp) => {
  const r = normaliseIndicator(type, values);
  assert.ok(!r.ok, `${type} ${values.join(',')} should be invalid`);
  assert.match(r.error, pattern);
};

test('catalogues find types by name, branch and entity', () => {
  assert.equal(INDICATOR_TYPES.length, 12);
  assert.equal(GROUP_TYPES.length, 16);
  assert.equal(indicatorType('cidrBlocks')?.name, 'CIDR');
  assert.equal(indicatorType('registrykey')?.branch, 'registryKeys');
  assert.equal(indicatorType('User Agent')?.fields[0], 'User Agent String');
  assert.equal(indicatorType('Address')?.custom, false);
  assert.equal(indicatorType('ASN')?.custom, true);
  assert.equal(groupType('intrusionsets')?.name, 'Intrusion Set');
  assert.equal(groupType('Course of Action')?.branch, 'coursesOfAction');
  assert.deepEqual(groupType('Signature')?.required, ['fileName', 'fileType', 'fileText']);
});

test('values are normalised the way the platform stores them', () => {
  assert.equal(ok('Address', [' 10.1.1.1 ']), '10.1.1.1');
  assert.equal(ok('Address', ['2001:DB8::1']), '2001:db8:0:0:0:0:0:1');
  assert.equal(expandIPv6('::ffff:1.2.3.4'), '0:0:0:0:0:ffff:102:304');
  assert.equal(ok('Host', ['Example.COM.']), 'example.com');
  assert.equal(ok('Host', ['bücher.de']), 'xn--bcher-kva.de');
  assert.equal(ok('URL', ['HTTP://Example.com/Path?Q=1']), 'http://example.com/Path?Q=1');
  assert.equal(ok('ASN', ['as 13335']), 'ASN13335');
  assert.equal(ok('CIDR', ['2001:0DB8::/32']), '2001:db8:0:0:0:0:0:0/32');
  assert.equal(ok('File', ['d41d8cd98f00b204e9800998ecf8427e', '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']),
    'D41D8CD98F00B204E9800998ECF8427E : E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855');
  assert.equal(ok('File', ['da39a3ee5e6b4b0d3255bfef95601890afd80709']), 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709');
  assert.equal(ok('Registry Key', ['HKEY_LOCAL_MACHINE\\system', '', 'reg_dword']), 'HKEY_LOCAL_MACHINE\\system :   : REG_DWORD');
  assert.equal(ok('EmailAddress', ['Bad.Guy@EXAMPLE.com']), 'Bad.Guy@example.com');
});

test('invalid values get errors naming the type and the value', () => {
  bad('Address', ['010.1.1.1'], /Address/);
  bad('Address', ['999.1.1.1'], /Address: "999\.1\.1\.1" is not a valid IPv4 or IPv6 address/);
  bad('Host', ['no_dot'], /Host: "no_dot"/);
  bad('Host', ['1.2.3.4'], /Host/);
  bad('URL', ['example.com/x'], /URL/);
  bad('ASN', ['ASX1'], /ASN/);
  bad('CIDR', ['10.0.0.0/33'], /CIDR/);
  bad('File', ['xyz'], /not an MD5/);
  bad('File', [], /at least one/);
  bad('Registry Key', ['SOFTWARE\\x', 'a', 'REG_SZ'], /HKEY_/);
  bad('Registry Key', ['HKEY_X', 'a', 'REG_FOO'], /Value Type/);
  bad('EmailAddress', ['a@b'], /EmailAddress/);
  bad('Mutex', ['   '], /Mutex/);
  bad('Nope', ['x'], /unknown indicator type "Nope"/);
});
