// A job's params are checked against install.json before the job is saved; log levels match whatever case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkJobParams } from '../../../src/platform/runner/params.js';

const installJson = {
  params: [
    { name: 'tc_log_level', type: 'Choice', validValues: ['trace', 'debug', 'info', 'warning', 'error', 'critical'] },
    { name: 'mode', type: 'Choice', validValues: ['ok', 'fail'] },
  ],
};

test('tc_log_level is case-insensitive in job params; other choices stay exact', () => {
  assert.deepEqual(checkJobParams(installJson, { tc_log_level: 'DEBUG' }, new Set()), []);
  assert.deepEqual(checkJobParams(installJson, { tc_log_level: 'Warn' }, new Set()), []);
  assert.deepEqual(checkJobParams(installJson, { tc_log_level: 'LOUD' }, new Set()), ['params.tc_log_level: "LOUD" is not one of trace, debug, info, warning, error, critical']);
  assert.deepEqual(checkJobParams(installJson, { mode: 'OK' }, new Set()), ['params.mode: "OK" is not one of ok, fail']);
});
