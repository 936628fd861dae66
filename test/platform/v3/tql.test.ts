import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { compileTql, parseTql, TqlError, tqlKeywords, type TqlFields } from '../../../src/platform/routes/v3/tql.js';

interface Row {
  id: number;
  type: string;
  summary: string;
  tags: string[];
  rating: number | null;
  dateAdded: string;
  active: boolean;
}

const fields: TqlFields<Row> = {
  id: { kind: 'number', get: (r) => r.id },
  typeName: { kind: 'string', get: (r) => r.type },
  summary: { kind: 'string', get: (r) => r.summary },
  tag: { kind: 'string', get: (r) => r.tags },
  rating: { kind: 'number', get: (r) => r.rating },
  dateAdded: { kind: 'date', get: (r) => r.dateAdded },
  active: { kind: 'boolean', get: (r) => r.active },
};

const rows: Row[] = [
  { id: 1, type: 'Host', summary: 'bad.example.com', tags: ['APT', 'Crimeware'], rating: 5, dateAdded: '2024-01-10T00:00:00Z', active: true },
  { id: 2, type: 'Address', summary: '10.0.0.1', tags: [], rating: 2, dateAdded: '2024-02-10T00:00:00Z', active: true },
  { id: 3, type: 'URL', summary: 'http://bad.example.com/x "q"', tags: ['crimeware'], rating: null, dateAdded: '2024-03-10T00:00:00Z', active: false },
];

const ids = (q: string) => rows.filter(compileTql(q, fields)).map((r) => r.id);

describe('TQL subset', () => {
  test('comparisons, word operators and case-insensitive keywords', () => {
    assert.deepEqual(ids('rating >= 2'), [1, 2]);
    assert.deepEqual(ids('rating GT 2'), [1]);
    assert.deepEqual(ids('rating != 5'), [2, 3]);
    assert.deepEqual(ids('ID = 2'), [2]);
    assert.deepEqual(ids('typename = "host"'), [1]);
    assert.deepEqual(ids('active = false'), [3]);
    assert.deepEqual(ids('dateAdded > "2024-02-01"'), [2, 3]);
    assert.deepEqual(ids('dateAdded LEQ "2024-02-10T00:00:00Z"'), [1, 2]);
  });

  test('in / not in, startswith / contains / endswith / like with their negations', () => {
    assert.deepEqual(ids('typeName in ("Address", "URL")'), [2, 3]);
    assert.deepEqual(ids('typeName NOT IN ("Address")'), [1, 3]);
    assert.deepEqual(ids('id in (1,3)'), [1, 3]);
    assert.deepEqual(ids('summary startswith "BAD."'), [1]);
    assert.deepEqual(ids('summary not startswith "bad"'), [2, 3]);
    assert.deepEqual(ids('summary contains "example"'), [1, 3]);
    assert.deepEqual(ids('summary not contains "example"'), [2]);
    assert.deepEqual(ids('summary endswith ".com"'), [1]);
    assert.deepEqual(ids('summary like "10.%"'), [2]);
    assert.deepEqual(ids('rating is null'), [3]);
    assert.deepEqual(ids('rating is not null'), [1, 2]);
  });

  test('tags match any of an item\'s tags; negation means none matches', () => {
    assert.deepEqual(ids('tag = "crimeware"'), [1, 3]);
    assert.deepEqual(ids('tag in ("apt")'), [1]);
    assert.deepEqual(ids('tag != "crimeware"'), [2]);
  });

  test('and binds tighter than or; parentheses regroup', () => {
    assert.deepEqual(ids('typeName = "Host" or typeName = "URL" and rating > 1'), [1]);
    assert.deepEqual(ids('(typeName = "Host" or typeName = "URL") and rating is null'), [3]);
    assert.deepEqual(ids('((id = 1)) OR (id = 2 AND rating < 3)'), [1, 2]);
  });

  test('escaped quotes inside strings', () => {
    assert.deepEqual(ids('summary contains "\\"q\\""'), [3]);
    assert.deepEqual(ids("summary endswith '\"q\"'"), [3]);
  });

  test('a keyword the real API has but this platform cannot evaluate is named as such, not as unknown', () => {
    assert.throws(
      () => compileTql('threatAssessScore > 500 and bogus = 1', fields, { known: ['threatAssessScore', 'id'], object: 'indicators' }),
      (err: Error) =>
        /unsupported keyword for indicators: bogus/.test(err.message) && /keyword threatAssessScore is not supported by the local platform for indicators/.test(err.message),
    );
  });

  test('every unsupported keyword is named at once, functions included', () => {
    assert.throws(
      () => compileTql('threatAssessScore > 500 and hasGroup(id in (10,15)) and typeName = "Host" or bogus = 1', fields),
      (err: Error) => err instanceof TqlError && /unsupported keywords: threatAssessScore, hasGroup, bogus/.test(err.message),
    );
    assert.deepEqual(tqlKeywords(parseTql('hasTag(summary = "x") and id = 1')), ['hasTag', 'summary', 'id']);
  });

  test('syntax errors and mismatched values say where and what', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /empty/],
      ['rating >', /expected a value at position 9, found the end of the query/],
      ['rating > 2 and', /expected a keyword or "\(" at position 15/],
      ['(rating > 2', /expected "\)" at position 12/],
      ['rating > 2)', /unexpected "\)" at position 11/],
      ['summary = "open', /unterminated string starting at position 11/],
      ['summary ~ "x"', /unexpected character "~" at position 9/],
      ['rating between 1', /expected an operator or "\(" after rating at position 8, found "between"/],
      ['hasTag()', /expected a keyword or "\(" at position 8, found "\)"/],
      ['rating > "high"', /rating > needs a number, got "high"/],
      ['dateAdded > "yesterday"', /needs a date/],
      ['rating contains "1"', /applies to text keywords/],
    ];
    for (const [q, re] of cases) assert.throws(() => compileTql(q, fields), (err: Error) => err instanceof TqlError && re.test(err.message), q);
  });
});
