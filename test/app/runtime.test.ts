import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runJob, writeParamFile, parseResultsTc } from '../../src/index.js';
import { ModesApp } from './fixtures/modes-app/app.js';
import { allLogs, MODES_APP_DIR, pathArgs, readOut, tempDir } from './helpers.js';

const env = {}; // keep the test process's environment out of the inputs

function run(dir: string, extra: string[] = [], options: Parameters<typeof runJob>[1] = {}) {
  return runJob(ModesApp, { cwd: MODES_APP_DIR, env, argv: [...pathArgs(dir), '--tc_owner', 'Example Organization', ...extra], ...options });
}

describe('exit codes and message.tc', () => {
  test('a normal end exits 0 with the exit message, newline-terminated, and runs teardown', async () => {
    const dir = tempDir();
    const out = await run(dir, ['--confidence', '40', '--include_inactive']);
    assert.equal(out.exitCode, 0);
    assert.equal(out.message, 'ok with confidence 40 inactive true');
    assert.equal(readOut(dir, 'message.tc'), 'ok with confidence 40 inactive true\n');
    const log = allLogs(dir);
    assert.match(log, /INFO - teardown ran/);
    assert.match(log, /Exit Code: 0/);
  });

  test('exitCode 3 is a partial failure', async () => {
    const dir = tempDir();
    const out = await run(dir, ['--mode', 'partial']);
    assert.equal(out.exitCode, 3);
    assert.equal(readOut(dir, 'message.tc'), 'Some rows were rejected.\n');
  });

  test('exit(1, message) ends at once with 1, logs the message as an error and still tears down', async () => {
    const dir = tempDir();
    const out = await run(dir, ['--mode', 'fail']);
    assert.equal(out.exitCode, 1);
    assert.equal(readOut(dir, 'message.tc'), 'Failed to download the feed.\n');
    const log = allLogs(dir);
    assert.match(log, /ERROR - Failed to download the feed\./);
    assert.match(log, /teardown ran/);
  });

  test('an invalid exit code becomes 1', async () => {
    const dir = tempDir();
    const out = await run(dir, ['--mode', 'invalid-code']);
    assert.equal(out.exitCode, 1);
    assert.match(allLogs(dir), /Invalid exit code 7/);
  });

  test('an uncaught error exits 1 with a short message; the stack goes to the log', async () => {
    const dir = tempDir();
    const out = await run(dir, ['--mode', 'throw']);
    assert.equal(out.exitCode, 1);
    assert.equal(readOut(dir, 'message.tc'), 'Generic Error. See logs for more details (parser exploded).\n');
    const log = allLogs(dir);
    assert.match(log, /Unhandled error: Error: parser exploded\n\s+at /);
    assert.match(log, /app\.ts/);
  });

  test('message.tc keeps the last 255 characters and is overwritten by the next run', async () => {
    const dir = tempDir();
    await run(dir, ['--mode', 'long-message']);
    const text = readOut(dir, 'message.tc');
    assert.equal(text.length, 255);
    assert.ok(text.endsWith('z the end\n'));
    assert.ok(text.startsWith('a'));
    assert.equal(text.replace(/[^z]/g, '').length, 100);
    await run(dir, ['--mode', 'partial']);
    assert.equal(readOut(dir, 'message.tc'), 'Some rows were rejected.\n');
  });
});

describe('results.tc', () => {
  test('values set in one run come back as inputs in the next (local run, same out path)', async () => {
    const dir = tempDir();
    const first = await run(dir, ['--mode', 'results']);
    assert.equal(first.message, 'previous none');
    assert.equal(readOut(dir, 'results.tc'), 'last_run = run-1\nrun_count = 1\n');
    const second = await run(dir, ['--mode', 'results']);
    assert.equal(second.message, 'previous run-1');
    assert.deepEqual(parseResultsTc(readOut(dir, 'results.tc')), { last_run: 'run-2', run_count: '2' });
  });

  test('under a platform the launcher passes the values back as params (fresh out path each run)', async () => {
    const runs = [tempDir(), tempDir()];
    let carried: Record<string, string> = {};
    const messages: string[] = [];
    for (const dir of runs) {
      const { file, key } = await writeParamFile(join(dir, 'in', '.app_params.json'), {
        tc_owner: 'Example Organization',
        mode: 'results',
        tc_out_path: join(dir, 'out'),
        tc_log_path: join(dir, 'log'),
        tc_temp_path: join(dir, 'temp'),
        ...carried,
      });
      const out = await runJob(ModesApp, { cwd: MODES_APP_DIR, env: { TC_APP_PARAM_FILE: file, TC_APP_PARAM_KEY: key } });
      messages.push(out.message);
      carried = parseResultsTc(readOut(dir, 'results.tc'));
    }
    assert.deepEqual(messages, ['previous none', 'previous run-1']);
    assert.deepEqual(carried, { last_run: 'run-2', run_count: '2' });
  });

  test('set updates in place, null removes, and an unchanged key survives', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out'), { recursive: true });
    writeFileSync(join(dir, 'out', 'results.tc'), 'keep = me\nlast_run =\n');
    await run(dir, ['--mode', 'results']);
    assert.equal(readOut(dir, 'results.tc'), 'keep = me\nlast_run = run-1\nrun_count = 1\n');
  });
});

describe('encrypted parameter file', () => {
  test('params are decrypted, coerced by install.json type, and the file is deleted', async () => {
    const dir = tempDir();
    const { file, key } = await writeParamFile(join(dir, 'in', 'params.enc'), {
      tc_owner: 'Example Organization',
      tc_out_path: join(dir, 'out'),
      tc_log_path: join(dir, 'log'),
      confidence: '55',
      include_inactive: 'true',
      types: 'URL|Host',
    });
    assert.ok(!readFileSync(file).toString('latin1').includes('Example Organization'), 'the file is encrypted');
    const out = await runJob(ModesApp, { cwd: MODES_APP_DIR, env: { TC_APP_PARAM_FILE: file, TC_APP_PARAM_KEY: key } });
    assert.equal(out.exitCode, 0);
    assert.equal(out.message, 'ok with confidence 55 inactive true');
    assert.match(allLogs(dir), /types URL,Host/);
    assert.equal(existsSync(file), false);
    assert.match(allLogs(dir), /Params from: parameter file/);
  });

  test('a wrong key ends the app with 1 and says why', async () => {
    const dir = tempDir();
    const { file } = await writeParamFile(join(dir, 'in', 'params.enc'), { tc_owner: 'x', tc_out_path: join(dir, 'out') });
    const out = await runJob(ModesApp, { cwd: MODES_APP_DIR, env: { TC_APP_PARAM_FILE: file, TC_APP_PARAM_KEY: 'ABCDEFGHIJKLMNOP' } });
    assert.equal(out.exitCode, 1);
    assert.match(out.message, /TC_APP_PARAM_FILE: cannot decrypt with TC_APP_PARAM_KEY/);
    // the out path is inside the unreadable file, so message.tc falls back to the app's own directory
    const fallback = join(MODES_APP_DIR, 'message.tc');
    try {
      assert.match(readFileSync(fallback, 'utf8'), /cannot decrypt/);
    } finally {
      rmSync(fallback, { force: true });
    }
  });
});

describe('input validation', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['a Choice outside validValues', ['--mode', 'sideways'], /Invalid input mode: must be one of ok, partial, .* \(got "sideways"\)/],
    ['a Boolean that is not one', ['--include_inactive', 'maybe'], /Invalid input include_inactive: must be true or false \(got "maybe"\)/],
    ['a MultiChoice item outside validValues', ['--types', 'Address|Bogus'], /Invalid input types: "Bogus" is not one of Address, Host, URL/],
    ['a declared number out of range', ['--confidence', '250'], /Invalid input confidence: must be at most 100 \(got 250\)/],
    ['a declared number that is not one', ['--confidence', 'high'], /Invalid input confidence: must be a number \(got "high"\)/],
    ['a KeyValueList that is not JSON', ['--headers', 'a=b'], /Invalid input headers: must be a JSON list of \{"key", "value"\} objects/],
    ['an unknown log level', ['--tc_log_level', 'loud'], /Invalid input tc_log_level: must be one of trace, debug, info, warning, error, critical \(got "loud"\)/],
  ];
  for (const [what, flags, expected] of cases) {
    test(`${what} exits 1 naming the input`, async () => {
      const dir = tempDir();
      const out = await run(dir, flags);
      assert.equal(out.exitCode, 1);
      assert.match(out.message, expected);
      assert.match(readOut(dir, 'message.tc'), expected);
    });
  }

  test('a missing required param is named with its label', async () => {
    const dir = tempDir();
    const out = await runJob(ModesApp, { cwd: MODES_APP_DIR, env, argv: pathArgs(dir) });
    assert.equal(out.exitCode, 1);
    assert.match(out.message, /Missing input tc_owner: required by install.json \("Owner"\)/);
  });

  test('several problems are reported together', async () => {
    const dir = tempDir();
    const out = await run(dir, ['--mode', 'nope', '--include_inactive', 'perhaps']);
    assert.match(out.message, /^Invalid input mode: .*; Invalid input include_inactive: must be true or false \(got "perhaps"\)$/);
  });

  test('a declared input missing from install.json is refused at start-up', async () => {
    const dir = tempDir();
    const { z, JobApp } = await import('../../src/index.js');
    class Extra extends JobApp {
      static override inputs = z.object({ tc_owner: z.string(), not_in_install_json: z.string().optional() });
      async run() {}
    }
    const out = await runJob(Extra, { cwd: MODES_APP_DIR, env, argv: [...pathArgs(dir), '--tc_owner', 'o'] });
    assert.equal(out.exitCode, 1);
    assert.match(out.message, /Declared input not_in_install_json is not a param in install.json/);
  });

  test('env, config file and flags combine with flags winning', async () => {
    const dir = tempDir();
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ inputs: { tc_owner: 'From Config', confidence: 10, include_inactive: true } }));
    const out = await runJob(ModesApp, {
      cwd: MODES_APP_DIR,
      env: { TCEX_INPUT_CONFIDENCE: '20', TC_OWNER: 'From Env' },
      argv: [...pathArgs(dir), '--tc_config_file', config, '--confidence=30'],
    });
    assert.equal(out.message, 'ok with confidence 30 inactive true');
    assert.match(allLogs(dir), /owner From Env/);
  });
});

describe('logging', () => {
  test('the log rotates by size and keeps tc_log_backup_count old files', async () => {
    const dir = tempDir();
    const out = await run(dir, ['--mode', 'chatty', '--tc_log_max_bytes', '4096', '--tc_log_backup_count', '3']);
    assert.equal(out.exitCode, 0);
    const files = readdirSync(join(dir, 'log')).sort();
    assert.deepEqual(files, ['app.log', 'app.log.1', 'app.log.2', 'app.log.3']);
    for (const f of files) assert.ok(readFileSync(join(dir, 'log', f)).length <= 4096, `${f} stays under the limit`);
    // the newest lines are in app.log, older ones rolled over
    assert.match(readFileSync(join(dir, 'log', 'app.log'), 'utf8'), /Exit Code: 0/);
    assert.match(readFileSync(join(dir, 'log', 'app.log.1'), 'utf8'), /line \d+/);
  });

  test('start-up lines describe the app and the settings; levels filter', async () => {
    const dir = tempDir();
    await run(dir, ['--tc_log_level', 'warning', '--mode', 'partial']);
    assert.doesNotMatch(allLogs(dir), /INFO - App:/);
    const dir2 = tempDir();
    await run(dir2, ['--tc_log_level', 'debug', '--tc_proxy_host', 'proxy.local', '--tc_proxy_port', '3128', '--tc_proxy_external']);
    const log = allLogs(dir2);
    assert.match(log, /INFO - App: Modes Test App 1\.2\.3 \(runtimeLevel Organization, NODE run\.js\)/);
    assert.match(log, /tcex-ts \d+\.\d+\.\d+, Node v\d+/);
    assert.match(log, /Proxy: proxy\.local:3128; ThreatConnect traffic direct; external traffic via proxy/);
    assert.match(log, /DEBUG - input confidence = 0/);
  });

  test('log levels are case-insensitive: DEBUG passes a tc_log_level Choice of lower-case values', async () => {
    for (const level of ['DEBUG', 'Debug', 'WARN']) {
      const dir = tempDir();
      const out = await run(dir, ['--tc_log_level', level]);
      assert.equal(out.exitCode, 0, `${level}: ${readOut(dir, 'message.tc')}`);
      if (level === 'WARN') assert.doesNotMatch(allLogs(dir), /INFO - App:/);
      else assert.match(allLogs(dir), /DEBUG - input confidence = 0/);
    }
    const dir = tempDir();
    const out = await run(dir, ['--tc_log_level', 'LOUD']);
    assert.equal(out.exitCode, 1);
    assert.match(readOut(dir, 'message.tc'), /tc_log_level/);
  });

  test('secrets are redacted: the secret key, tokens and encrypted params never reach the log or message.tc', async () => {
    const dir = tempDir();
    const secretKey = 'S3cr3t-Key-Value-0123456789';
    const apiKey = 'feed-api-key-9876';
    const { file, key } = await writeParamFile(join(dir, 'in', 'p'), {
      tc_owner: 'Example Organization',
      tc_out_path: join(dir, 'out'),
      tc_log_path: join(dir, 'log'),
      tc_log_level: 'trace',
      tc_api_access_id: '12345678901234567890',
      tc_api_secret_key: secretKey,
      api_key: apiKey,
      mode: 'secret',
    });
    const out = await runJob(ModesApp, { cwd: MODES_APP_DIR, env: { TC_APP_PARAM_FILE: file, TC_APP_PARAM_KEY: key } });
    assert.equal(out.exitCode, 0);
    const log = allLogs(dir);
    assert.match(log, /api key is \*\*\*; secret key is \*\*\*/);
    assert.ok(!log.includes(secretKey) && !log.includes(apiKey));
    assert.equal(readOut(dir, 'message.tc'), 'used key ***\n');
    assert.match(log, /input api_key = \*\*\*/);
  });
});
