import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { STANDARD_ARGS, argsSetBy } from '../../src/contract/standard-args.js';
import { RUNNER_ARGS } from '../../src/platform/runner/params.js';

describe('the standard args table says who sets each arg', () => {
  test('every arg has one setter, and the runner reserves exactly the platform-set ones', () => {
    const platform = argsSetBy('platform');
    const job = argsSetBy('job');
    const app = argsSetBy('app');
    assert.equal(platform.size + job.size + app.size, Object.keys(STANDARD_ARGS).length);
    for (const name of ['tc_token', 'tc_api_path', 'tc_log_path', 'tc_execution_id']) assert.ok(platform.has(name as never), name);
    for (const name of ['tc_owner', 'tc_log_level', 'tc_proxy_password']) assert.ok(job.has(name as never), name);
    assert.deepEqual([...RUNNER_ARGS].sort(), [...platform].sort());
  });
});
