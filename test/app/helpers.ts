// Shared pieces for the app runtime tests: temp directories and a runner for the fixture app.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after } from 'node:test';

export const MODES_APP_DIR = resolve('test/app/fixtures/modes-app');

/** A fresh temp directory, removed after the test file. */
export function tempDir(prefix = 'tcex-app-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** tc_*_path flags for a run whose files all live under `dir`. */
export function pathArgs(dir: string): string[] {
  return ['--tc_in_path', join(dir, 'in'), '--tc_out_path', join(dir, 'out'), '--tc_temp_path', join(dir, 'temp'), '--tc_log_path', join(dir, 'log')];
}

export function readOut(dir: string, file: string): string {
  return readFileSync(join(dir, 'out', file), 'utf8');
}

/** Every log file's text (app.log and its rotations). */
export function allLogs(dir: string): string {
  const logDir = join(dir, 'log');
  return readdirSync(logDir)
    .filter((f) => f.startsWith('app.log'))
    .map((f) => readFileSync(join(logDir, f), 'utf8'))
    .join('');
}
