import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Filters } from '../../src/ti/filters.js';
import { tql, tqlLiteral } from '../../src/ti/v3/tql.js';
import { TcConfigError } from '../../src/core/errors.js';

describe('v2 filters', () => {
  test('entries join with commas and carry orParams and modifiedSince', () => {
    const f = new Filters('indicator')
      .add('summary', '^', 'bad')
      .add('rating', '>', 2.5)
      .add('active', '=', false)
      .add('dateAdded', '<', new Date('2017-07-13T10:00:00.123Z'))
      .or()
      .modifiedSince('2017-08-21T12:00:00Z');
    assert.equal(f.toString(), 'summary^bad,rating>2.5,active=false,dateAdded<2017-07-13T10:00:00Z');
    assert.deepEqual(f.toQuery(), { filters: f.toString(), orParams: 'true', modifiedSince: '2017-08-21T12:00:00Z' });
    f.remove('rating');
    assert.equal(f.filters.length, 3);
  });

  test('names, operators and values are checked per collection kind, naming what was wrong', () => {
    const bad: Array<[() => unknown, RegExp]> = [
      [() => new Filters('group').add('summary' as any, '=', 'x'), /filters\.summary: is not a group filter; use one of name, dateAdded/],
      [() => new Filters('indicator').add('rating', '=' as any, 3), /filters\.rating\.operator: must be one of < >, got "="/],
      [() => new Filters('indicator').add('rating', '<', 'high' as any), /filters\.rating: must be a finite number, got "high"/],
      [() => new Filters('indicator').add('active', '=', 'yes' as any), /must be true or false/],
      [() => new Filters('group').add('dateAdded', '>', 'last tuesday'), /must be an ISO-8601 date/],
      [() => new Filters('group').add('name', '=', 'a,b=c'), /cannot contain a comma followed by a name/],
      [() => new Filters('group').modifiedSince('2020-01-01'), /modifiedSince: applies to indicator collections, not group/],
      [() => new Filters('indicator').add('status' as any, '!', 'x'), /is not a indicator filter/],
    ];
    for (const [fn, re] of bad) assert.throws(fn, (e: Error) => e instanceof TcConfigError && re.test(e.message));
    assert.equal(new Filters('group').add('name', '=', 'Smith, J.').toString(), 'name=Smith, J.');
    // tasks are the only kind with the not-equal operator
    assert.equal(new Filters('task').add('status', '!', 'Completed').toString(), 'status!Completed');
  });

  test('filters built for one kind are re-checked when handed to another', () => {
    const f = new Filters('tag').add('weight', '>', 3);
    assert.throws(() => Filters.check(f as unknown as Filters, 'group'), /filters\.weight: is not a group filter/);
    assert.doesNotThrow(() => Filters.check(new Filters('tag').add('name', '^', 'A') as unknown as Filters, 'group'));
  });
});

describe('tql builder', () => {
  test('interpolated values are quoted and escaped, so input cannot change the query', () => {
    const evil = 'x" or summary startswith "';
    assert.equal(String(tql`summary = ${evil}`), 'summary = "x\\" or summary startswith \\""');
    assert.equal(String(tql`typeName in ${['Host', 'URL']} and rating >= ${3}`), 'typeName in ("Host", "URL") and rating >= 3');
    assert.equal(tqlLiteral(new Date('2024-01-02T03:04:05.678Z')), '"2024-01-02T03:04:05Z"');
    assert.equal(tqlLiteral('C:\\Windows'), '"C:\\\\Windows"');
    assert.equal(String(tql`id = ${1}`.or(tql`id = ${2}`)), '(id = 1) or (id = 2)');
    assert.throws(() => tqlLiteral([]), /at least one value/);
    assert.throws(() => tqlLiteral(Number.NaN), /finite/);
  });
});
