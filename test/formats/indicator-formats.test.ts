import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseCsv } from 'csv-parse/sync';
import {
  indicatorCef,
  indicatorLeef,
  indicatorKeyval,
  indicatorCsv,
  indicatorCsvHeader,
  indicatorJson,
  indicatorJsonText,
  toFormatIndicator,
} from '../../src/formats/index.js';
import { FILE, FILE_CEF, FILE_CSV_ROWS, HOST, HOST_CEF_LEGACY, HOST_CSV, HOST_JSON_LEGACY, HOST_KV, HOST_LEEF } from './samples.js';
import { parseHeader, parsePairs } from './parsers.js';

test('golden samples, legacy mode: byte-identical to the Python SDK', () => {
  const legacy = { mode: 'legacy' as const };
  assert.equal(indicatorCef(HOST, legacy), HOST_CEF_LEGACY);
  assert.equal(indicatorLeef(HOST, legacy), HOST_LEEF);
  assert.equal(indicatorKeyval(HOST, legacy), HOST_KV);
  assert.equal(`${indicatorCsvHeader()}\n${indicatorCsv(HOST, legacy)}`, HOST_CSV);
  assert.equal(indicatorCef(FILE, legacy), FILE_CEF);
  assert.equal(indicatorCsv(FILE, legacy), FILE_CSV_ROWS);
  assert.equal(indicatorJsonText(HOST, legacy), HOST_JSON_LEGACY);
});

test('golden samples, spec mode: same fields and order; only what the legacy output broke differs', () => {
  // the pipe in the description no longer splits the CEF header
  assert.equal(indicatorCef(HOST), HOST_CEF_LEGACY.replace('Known C2 | bad=1|6.0', 'Known C2 \\| bad=1|6.0'));
  const header = parseHeader(indicatorCef(HOST));
  assert.deepEqual([header.length, header[5], header[6]], [8, 'Known C2 | bad=1', '6.0']);
  // read by a CEF parser, the legacy line has the wrong name and severity
  assert.deepEqual(parseHeader(HOST_CEF_LEGACY).slice(5, 7), ['Known C2 ', ' bad=1']);
  assert.equal(indicatorLeef(HOST), HOST_LEEF);
  assert.equal(indicatorKeyval(HOST), HOST_KV);
  assert.equal(`${indicatorCsvHeader()}\n${indicatorCsv(HOST)}`, HOST_CSV);
  assert.equal(indicatorCef(FILE), FILE_CEF);
  assert.equal(indicatorCsv(FILE), FILE_CSV_ROWS);
  assert.equal(indicatorJsonText(HOST), HOST_JSON_LEGACY.replace(/, \n/g, ',\n'));
  assert.deepEqual(JSON.parse(indicatorJsonText(HOST)), indicatorJson(HOST));
});

test('JSON is an object with the type-specific keys, never a generic "indicator" key', () => {
  const host = indicatorJson(HOST);
  assert.deepEqual(Object.keys(host).sort(), ['confidence', 'dateAdded', 'description', 'dnsActive', 'hostName', 'id', 'lastModified', 'ownerName', 'rating', 'type', 'weblink', 'whoisActive']);
  const file = indicatorJson(FILE);
  assert.equal(file.md5, FILE.md5);
  assert.equal(file.sha1, null);
  assert.equal(file.size, null);
  assert.equal('indicator' in file, false);
  const address = indicatorJson({ id: 1, ip: '10.0.0.1', rating: 2.5 });
  assert.equal(address.ip, '10.0.0.1');
  assert.equal(address.type, 'Address', 'type told from the value key');
  const url = indicatorJson({ id: 2, type: 'URL', summary: 'http://x.com/a' });
  assert.equal(url.text, 'http://x.com/a');
});

test('field order per type matches the reference extension orders', () => {
  const keysOf = (line: string) => parsePairs(parseHeader(line)[7]).map(([k]) => k).join(' ');
  assert.equal(keysOf(indicatorCef(HOST)), 'confidence dateAdded dnsActive hostName lastModified ownerName type weblink whoisActive');
  assert.equal(keysOf(indicatorCef(FILE)), 'confidence dateAdded lastModified md5 ownerName sha1 sha256 size type weblink');
  assert.equal(keysOf(indicatorCef({ id: 1, ip: '1.1.1.1' })), 'confidence dateAdded ip lastModified ownerName type weblink');
  assert.equal(keysOf(indicatorCef({ id: 1, address: 'a@b.co' })), 'address confidence dateAdded lastModified ownerName type weblink');
  assert.equal(keysOf(indicatorCef({ id: 1, text: 'http://a.co/' })), 'confidence dateAdded lastModified ownerName source text type weblink');
});

test('custom indicator types: fields by label, summary split into fields', () => {
  const rk = { id: 9, type: 'Registry Key', summary: 'HKEY_LOCAL_MACHINE\\Run : evil : REG_SZ', rating: 1, confidence: 10 };
  const view = toFormatIndicator(rk);
  assert.deepEqual(view.customFields, [['Key Name', 'HKEY_LOCAL_MACHINE\\Run'], ['Value Name', 'evil'], ['Value Type', 'REG_SZ']]);
  // spec mode: label keys lose their spaces, the backslash is escaped; legacy prints both raw plus the dict quirk
  assert.match(indicatorCef(rk), /KeyName="HKEY_LOCAL_MACHINE\\\\Run" ValueName="evil" ValueType="REG_SZ"/);
  assert.match(indicatorLeef(rk, { mode: 'legacy' }), /^LEEF:0\|threatconnect\|threatconnect\|2\|9\|Key Name="HKEY_LOCAL_MACHINE\\Run" Value Name="evil" /);
  assert.match(indicatorLeef(rk, { mode: 'legacy' }), /custom_fields="OrderedDict\(\[\('Key Name', 'HKEY_LOCAL_MACHINE\\\\Run'\), \('Value Name', 'evil'\), \('Value Type', 'REG_SZ'\)\]\)"/);
  assert.doesNotMatch(indicatorLeef(rk), /custom_fields/);
  assert.equal(indicatorJson(rk)['Value Name'], 'evil');
  // CSV: one row with the summary; legacy: one row per field value
  assert.equal(parseCsv(indicatorCsv(rk)).length, 1);
  assert.equal(parseCsv(indicatorCsv(rk))[0][4], rk.summary);
  assert.equal(indicatorCsv(rk, { mode: 'legacy' }).split('\r\n').length, 3);
  const asn = indicatorKeyval({ id: 3, type: 'ASN', 'AS Number': 'ASN13335' });
  assert.match(asn, /^ASNumber="ASN13335" confidence="None"/);
});

const HOSTILE = [
  'pipe | and \\| escaped',
  'back\\slash at end\\',
  'equals = and \\= and ==',
  'quote " and "" and \\"',
  'new\nline and cr\r\nlf',
  'tab\there',
  ' leading and trailing ',
  'comma, separated',
  'unicode ünïcødé ✓ 🙂',
  '',
];

test('hostile values survive every format in spec mode (parsed back to the same value)', () => {
  for (const description of HOSTILE) {
    const rec = { ...HOST, description, hostName: 'x.example.com', ownerName: description || 'o' };
    const cef = indicatorCef(rec);
    assert.ok(!/[\r\n]/.test(cef), 'one record per line');
    const header = parseHeader(cef);
    assert.equal(header.length, 8, JSON.stringify(description));
    // the header can hold no line break: those become spaces
    assert.equal(header[5], description === '' ? 'null' : description.replace(/\r\n|\r|\n/g, ' '));
    const cefPairs = new Map(parsePairs(header[7], true));
    assert.equal(cefPairs.get('ownerName'), rec.ownerName);

    for (const line of [indicatorLeef(rec), indicatorKeyval(rec)]) {
      assert.ok(!/[\r\n]/.test(line));
      const body = line.startsWith('LEEF:') ? parseHeader(line).slice(5).join('|') : line;
      const pairs = new Map(parsePairs(body));
      assert.equal(pairs.get('description'), description, line);
      assert.equal(pairs.get('ownerName'), rec.ownerName);
    }

    const rows = parseCsv(`${indicatorCsvHeader()}\r\n${indicatorCsv(rec)}`, { columns: true, relax_quotes: false }) as Array<Record<string, string>>;
    assert.equal(rows.length, 1);
    assert.equal(rows[0].description, description);
    assert.equal(rows[0].ownerName, rec.ownerName);

    assert.equal(JSON.parse(indicatorJsonText(rec)).description, description);
  }
});

test('the legacy mode shows the breakage the spec mode fixes', () => {
  const rec = { ...HOST, description: 'two\nlines "quoted"' };
  assert.match(indicatorKeyval(rec, { mode: 'legacy' }), /description="two\nlines "quoted"" /);
  assert.match(indicatorCef({ ...HOST, hostName: 'a""b.com' }, { mode: 'legacy' }), /hostName="a\\b\.com"/, 'the "" → \\ bug');
  // non-ASCII: legacy JSON escapes it as Python 2 did; spec keeps UTF-8
  assert.match(indicatorJsonText({ ...HOST, description: 'é' }, { mode: 'legacy' }), /"description": "\\u00e9", /);
  assert.match(indicatorJsonText({ ...HOST, description: 'é' }), /"description": "é",\n/);
});

test('ratings print as floats and severity is rating × 2; missing rating gives severity 0', () => {
  assert.match(indicatorCef({ ...HOST, rating: 2.5 }), /\|5\.0\|/);
  assert.match(indicatorCef({ ...HOST, rating: 0 }), /\|0\|confidence/);
  assert.match(indicatorKeyval({ ...HOST, rating: 4 }), /rating="4\.0"/);
  assert.match(indicatorCsv({ ...HOST, rating: null }), /,Example Community,,Host,/);
  assert.throws(() => indicatorCef({ id: 1 }), /indicator\.type: is missing/);
});
