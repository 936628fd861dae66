// The console's level is set apart from the file's (the legacy set_tcl_console_level).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createAppLogger } from '../../src/app/index.js';
import { TcConfigError } from '../../src/client/index.js';
import { tempDir } from './helpers.js';

/** Runs `fn` with stderr captured (the app logger's console). */
function captureStderr(fn: () => void): string {
  const original = process.stderr.write;
  let text = '';
  process.stderr.write = ((chunk: string | Uint8Array) => ((text += String(chunk)), true)) as typeof process.stderr.write;
  try {
    fn();
  } finally {
    process.stderr.write = original;
  }
  return text;
}

test('the console level is set apart from the file level, either way round, and can change while running', () => {
  const dir = tempDir();
  const log = createAppLogger({ path: dir, level: 'info', consoleLevel: 'error' });
  const quiet = captureStderr(() => {
    log.debug('file-and-console: debug');
    log.info('file only: info');
    log.error('both: error');
  });
  assert.doesNotMatch(quiet, /info/);
  assert.match(quiet, /ERROR - both: error/);

  log.setConsoleLevel('DEBUG'); // any case, as everywhere
  assert.equal(log.consoleLevel, 'debug');
  const loud = captureStderr(() => {
    log.debug('console only: debug');
    log.info('both: info');
  });
  assert.match(loud, /DEBUG - console only: debug/);
  assert.match(loud, /INFO - both: info/);

  log.setConsoleLevel(undefined);
  assert.equal(captureStderr(() => log.critical('file only: critical')), '');
  assert.throws(() => log.setConsoleLevel('loud'), (e: Error) => e instanceof TcConfigError && /consoleLevel: must be one of trace, debug, info, warning, error, critical, got "loud"/.test(e.message));
  log.close();

  const file = readFileSync(log.file, 'utf8');
  assert.match(file, /INFO - file only: info/);
  assert.match(file, /CRITICAL - file only: critical/);
  assert.doesNotMatch(file, /DEBUG/, 'the file keeps its own level when the console goes lower');
});
