import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseIsoUtc, toWireDate, ErrorCode, TcConfigError } from '../../src/core/index.js';
import { TiNotFoundError, BatchModule, IndicatorValueError, TcAuthError } from '../../src/index.js';

describe('core dates: an ISO date without a zone is UTC, everywhere', () => {
  test('bare dates, zone-less times, offsets and fractions', () => {
    assert.equal(parseIsoUtc('2024-01-02'), Date.UTC(2024, 0, 2));
    assert.equal(parseIsoUtc('2024-01-02T03:04'), Date.UTC(2024, 0, 2, 3, 4));
    assert.equal(parseIsoUtc('2024-01-02 03:04:05.250'), Date.UTC(2024, 0, 2, 3, 4, 5, 250));
    assert.equal(parseIsoUtc('2024-01-02T03:04:05+02:00'), Date.UTC(2024, 0, 2, 1, 4, 5));
    assert.equal(parseIsoUtc('2024-01-02T03:04:05z'), Date.UTC(2024, 0, 2, 3, 4, 5));
  });
  test('anything else is not a date', () => {
    for (const bad of ['', 'yesterday', '2024-13-40', '2024-01-02T25:00', '02/01/2024']) {
      assert.equal(parseIsoUtc(bad), undefined, bad);
    }
  });
  test('toWireDate writes the wire form or gives up', () => {
    assert.equal(toWireDate('2024-01-02 03:04:05.9'), '2024-01-02T03:04:05Z');
    assert.equal(toWireDate('not a date'), undefined);
  });
});

describe('core errors carry stable codes', () => {
  test('each error class has its own code, subclasses of the client errors included', () => {
    assert.equal(new TcConfigError('f', 1, 'must be text').errorCode, ErrorCode.Config);
    assert.equal(new TcAuthError('no token').errorCode, 'TC_AUTH');
    assert.equal(new TiNotFoundError(404, 'GET', 'http://x/api/v2/x', 'gone').errorCode, 'TI_NOT_FOUND');
    assert.equal(new BatchModule.BatchStateError('closed').errorCode, 'BATCH_STATE');
    assert.equal(new IndicatorValueError('summary', 'x', 'Address', 'is not an IP').errorCode, 'INDICATOR_VALUE');
    assert.equal(new Set(Object.values(ErrorCode)).size, Object.values(ErrorCode).length, 'codes are unique');
  });
});
