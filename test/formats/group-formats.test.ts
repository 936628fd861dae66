import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseCsv } from 'csv-parse/sync';
import { groupCsv, groupCsvHeader, groupJson, groupJsonText, groupKeyval, createFormatter, checkFormat } from '../../src/formats/index.js';
import { ADVERSARY, EMAIL_GROUP, FILE, HOST } from './samples.js';
import { parsePairs } from './parsers.js';

const ADV_LINK = 'https://app.threatconnect.com/auth/adversary/adversary.xhtml?adversary=42';

test('group golden samples: CSV header and row, key/value, JSON text in both modes', () => {
  assert.equal(groupCsvHeader(), 'dateAdded,id,name,ownerName,type,weblink');
  assert.equal(groupCsv(ADVERSARY), `2017-07-13T17:50:17Z,42,Bad Guy,Example Organization,Adversary,${ADV_LINK}`);
  assert.equal(
    groupKeyval(ADVERSARY),
    `dateAdded="2017-07-13T17:50:17Z" id="42" name="Bad Guy" ownerName="Example Organization" type="Adversary" weblink="${ADV_LINK}" `,
  );
  const legacy = [
    '{',
    '    "dateAdded": "2017-07-13T17:50:17Z", ',
    '    "id": 42, ',
    '    "name": "Bad Guy", ',
    '    "ownerName": "Example Organization", ',
    '    "type": "Adversary", ',
    `    "weblink": "${ADV_LINK}"`,
    '}',
  ].join('\n');
  assert.equal(groupJsonText(ADVERSARY, { mode: 'legacy' }), legacy);
  assert.equal(groupJsonText(ADVERSARY), legacy.replace(/, \n/g, ',\n'));
});

test('type-specific group fields: Email adds body, from, header, score, subject, to (sorted)', () => {
  const kv = groupKeyval(EMAIL_GROUP);
  assert.deepEqual(
    parsePairs(kv).map(([k]) => k),
    ['body', 'dateAdded', 'from', 'header', 'id', 'name', 'ownerName', 'score', 'subject', 'to', 'type', 'weblink'],
  );
  const json = groupJson(EMAIL_GROUP);
  assert.equal(json.ownerName, 'Example Organization', 'owner object flattened');
  assert.equal(json.score, 12);
  // CSV stays on the basic fields only
  assert.equal((parseCsv(groupCsv(EMAIL_GROUP)) as string[][])[0].length, 6);
  assert.deepEqual(Object.keys(groupJson({ id: 1, name: 'd', type: 'Document', fileName: 'a.pdf' })).filter((k) => /^file|malware|password/.test(k)), ['fileName', 'fileSize', 'malware', 'password']);
});

test('hostile group values survive CSV, key/value and JSON', () => {
  const rows = parseCsv(`${groupCsvHeader()}\r\n${groupCsv(EMAIL_GROUP)}`, { columns: true }) as Array<Record<string, string>>;
  assert.equal(rows[0].name, 'Phish, "urgent"');
  const pairs = new Map(parsePairs(groupKeyval(EMAIL_GROUP)));
  assert.equal(pairs.get('header'), EMAIL_GROUP.header);
  assert.equal(pairs.get('body'), EMAIL_GROUP.body);
  assert.equal(pairs.get('name'), EMAIL_GROUP.name);
  assert.ok(!/[\r\n]/.test(groupKeyval(EMAIL_GROUP)));
  assert.equal(JSON.parse(groupJsonText(EMAIL_GROUP)).header, EMAIL_GROUP.header);
});

test('streaming formatters: header once, one record per line, JSON as one array document', () => {
  const run = (format: string, kind: 'indicator' | 'group', items: Array<Record<string, unknown>>) => {
    const f = createFormatter(format, kind);
    return f.begin() + items.map((i) => f.record(i)).join('') + f.end();
  };
  const csv = run('csv', 'indicator', [HOST, FILE]);
  assert.equal(parseCsv(csv, { columns: true }).length, 3, 'host + two file hash rows');
  assert.ok(csv.startsWith('confidence,dateAdded,'));
  assert.equal(run('cef', 'indicator', [HOST, FILE]).split('\n').filter(Boolean).length, 2);
  assert.equal(run('kv', 'group', [ADVERSARY, EMAIL_GROUP]).split('\n').filter(Boolean).length, 2);
  const json = JSON.parse(run('json', 'indicator', [HOST, FILE]));
  assert.deepEqual(json.map((j: any) => j.id), [355999, 777]);
  assert.deepEqual(JSON.parse(run('json', 'group', [])), []);
  assert.throws(() => checkFormat('xml', 'indicator'), /format: must be one of cef, leef, csv, kv, json, got "xml"/);
  assert.throws(() => createFormatter('cef', 'group'), /CEF and LEEF exist for indicators only/);
});
