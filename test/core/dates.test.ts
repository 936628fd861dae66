import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { anyToDate, chunkDateRange, formatApiDate, toEpochSeconds } from '../../src/index.js';

const now = new Date('2024-03-15T12:30:45.500Z');
const iso = (input: string | number | Date) => anyToDate(input, { now }).toISOString();

describe('dates', () => {
  test('ISO-8601 in its usual forms; a time without a zone is UTC', () => {
    assert.equal(iso('2024-01-02'), '2024-01-02T00:00:00.000Z');
    assert.equal(iso('2024-01-02T03:04:05Z'), '2024-01-02T03:04:05.000Z');
    assert.equal(iso('2024-01-02 03:04:05'), '2024-01-02T03:04:05.000Z');
    assert.equal(iso('2024-01-02T03:04:05-04:00'), '2024-01-02T07:04:05.000Z');
    assert.equal(iso('Tue, 14 Nov 2023 22:13:20 GMT'), '2023-11-14T22:13:20.000Z');
  });

  test('epoch seconds and milliseconds, as numbers or text', () => {
    assert.equal(iso(1_700_000_000), '2023-11-14T22:13:20.000Z');
    assert.equal(iso('1700000000'), '2023-11-14T22:13:20.000Z');
    assert.equal(iso(1_700_000_000_123), '2023-11-14T22:13:20.123Z');
    assert.equal(iso('1700000000123'), '2023-11-14T22:13:20.123Z');
  });

  test('human phrases relative to now', () => {
    assert.equal(iso('now'), now.toISOString());
    assert.equal(iso('today'), '2024-03-15T00:00:00.000Z');
    assert.equal(iso('yesterday'), '2024-03-14T00:00:00.000Z');
    assert.equal(iso('3 days ago'), '2024-03-12T12:30:45.500Z');
    assert.equal(iso('an hour ago'), '2024-03-15T11:30:45.500Z');
    assert.equal(iso('in 2 weeks'), '2024-03-29T12:30:45.500Z');
    assert.equal(iso('last month'), '2024-02-15T12:30:45.500Z');
    assert.equal(iso('-7d'), '2024-03-08T12:30:45.500Z');
    assert.equal(iso('1 year ago'), '2023-03-15T12:30:45.500Z');
  });

  test('months clamp to the month end', () => {
    assert.equal(anyToDate('1 month ago', { now: new Date('2024-03-31T00:00:00Z') }).toISOString(), '2024-02-29T00:00:00.000Z');
  });

  test('anything else is refused naming the value', () => {
    assert.throws(() => anyToDate('next blue moon', { field: 'last_run' }), /last_run: must be a date: .*got "next blue moon"/);
    assert.throws(() => anyToDate('2024-13-45'), /must be a date/);
    assert.throws(() => anyToDate(Number.NaN), /must be a date/);
  });

  test('API format is UTC to the second; epoch seconds', () => {
    assert.equal(formatApiDate(new Date('2024-03-15T12:30:45.500Z')), '2024-03-15T12:30:45Z');
    assert.equal(formatApiDate('2024-01-02T03:04:05+01:00'), '2024-01-02T02:04:05Z');
    assert.equal(toEpochSeconds('2023-11-14T22:13:20Z'), 1_700_000_000);
  });

  test('date ranges split into chunks that cover the range exactly', () => {
    const chunks = [...chunkDateRange('2024-01-01', '2024-01-10', 4, 'day')].map(([a, b]) => [formatApiDate(a), formatApiDate(b)]);
    assert.deepEqual(chunks, [
      ['2024-01-01T00:00:00Z', '2024-01-05T00:00:00Z'],
      ['2024-01-05T00:00:00Z', '2024-01-09T00:00:00Z'],
      ['2024-01-09T00:00:00Z', '2024-01-10T00:00:00Z'],
    ]);
    assert.equal([...chunkDateRange('2024-01-10', '2024-01-01', 1)].length, 0);
    assert.equal([...chunkDateRange('2024-01-01', '2025-01-01', 1, 'month')].length, 12);
    assert.throws(() => [...chunkDateRange('2024-01-01', '2024-02-01', 0)], /size: must be a whole number of at least 1, got 0/);
  });
});
