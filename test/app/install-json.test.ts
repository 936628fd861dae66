import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { formatProblem, loadInstallJson, validateInstallJson, validateJobFile, validateTcexJson } from '../../src/index.js';
import { MODES_APP_DIR } from './helpers.js';

const fixture = (name: string) => JSON.parse(readFileSync(join('test/app/fixtures/install-json', name), 'utf8'));

describe('install.json validation', () => {
  test('good files validate with no errors and come back typed', () => {
    for (const ij of [fixture('good-feed.json'), JSON.parse(readFileSync(join(MODES_APP_DIR, 'install.json'), 'utf8'))]) {
      const result = validateInstallJson(ij);
      assert.deepEqual(result.problems.filter((p) => p.severity === 'error'), []);
      assert.ok(result.value);
      assert.equal(result.value.runtimeLevel, 'Organization');
    }
    const feed = validateInstallJson(fixture('good-feed.json')).value;
    assert.equal(feed?.feeds?.[0].deprecation?.[0].confidenceAmount, 25);
  });

  test("the templates' install.json and feed job file are valid once filled in", () => {
    const fill = (file: string) => JSON.parse(readFileSync(file, 'utf8').replace(/\{\{displayName\}\}/g, 'Template App').replace(/\{\{appName\}\}/g, 'Template_App'));
    for (const template of ['job', 'batch-feed']) {
      const result = validateInstallJson(fill(join('templates', template, 'install.json')));
      assert.deepEqual(result.problems.map(formatProblem), [], template);
    }
    const feed = validateInstallJson(fill('templates/batch-feed/install.json')).value;
    assert.deepEqual(validateJobFile(fill('templates/batch-feed/feed.job.json'), feed), []);
  });

  test('a broken file reports every problem at once, each located and naming the value', () => {
    const result = validateInstallJson(fixture('broken-feed.json'));
    assert.equal(result.value, undefined);
    const lines = result.problems.map(formatProblem);
    const expected = [
      'allowOnDemand: is required',
      'displayName: must have at least 3 characters (got "XY")',
      'programLanguage: must be one of PYTHON, JAVA, NONE, NODE (got "RUBY")',
      'programMain: is required',
      'programVersion: must be a version such as 1.0.0 (got "one")',
      'runtimeLevel: a feed app is a job app: must be "Organization" (got "Playbook")',
      'params[3].type: must be one of Boolean, Choice, EditChoice, KeyValueList, MultiChoice, String, StringMixed (got "Text")',
      'params[4].name: is required',
      'params[3].name: duplicates params[2] ("flag")',
      'params[0].validValues[0]: unknown platform token "${OWNER}"',
      'params[1].validValues: a Choice param needs validValues',
      'params[2].default: a Boolean default must be true or false (got "maybe")',
      'params: a feed app needs a tc_owner param',
      'feeds[0].sourceDescription: is required',
      'feeds[0].indicatorLimit: must be at least 0 (got -5)',
      'feeds[0].deprecation[0].intervalDays: must be at least 1 (got 0)',
      'feeds[0].deprecation[0].confidenceAmount: must be at most 100 (got 150)',
      'feeds[0].deprecation[0].deleteAtMinimum: must be a boolean (got "yes")',
      'feeds[0].deprecation[0].indicatorType: not a standard indicator type (got "IP Address")',
      'feeds[0].deprecation[1].confidenceAmount: a percentage of 0 never lowers confidence',
      'feeds[0].firstRunParams[0].param: names no param in params (got "since")',
      'warning: features[1]: unknown feature "teleport"',
    ];
    for (const e of expected) assert.ok(lines.some((l) => l.startsWith(e)), `expected a problem starting "${e}" in:\n${lines.join('\n')}`);
    assert.equal(result.problems.filter((p) => p.severity === 'error').length, expected.length - 1);
  });

  test('loadInstallJson throws with every error in its message', () => {
    assert.throws(() => loadInstallJson('test/app/fixtures/nowhere'), /install\.json: cannot be read/);
    assert.doesNotThrow(() => loadInstallJson(MODES_APP_DIR));
  });

  test('feed job files are checked against install.json params', () => {
    const ij = validateInstallJson(fixture('good-feed.json')).value;
    const good = { jobName: 'Example Feed', programName: 'Example_Feed_v1', programVersion: '1.0.0', params: [{ name: 'tc_owner', default: 'Example Feed Source' }], scheduleCronFormat: '00 00 0 * * ? *' };
    assert.deepEqual(validateJobFile(good, ij), []);
    const problems = validateJobFile({ ...good, jobName: '', params: [{ name: 'owner_name' }] }, ij, 'feed.job.json').map(formatProblem);
    assert.deepEqual(problems, ['feed.job.json.jobName: must have at least 1 characters (got "")', 'feed.job.json.params[0].name: names no param in install.json (got "owner_name")']);
  });

  test('tcex.json: app_name without spaces, app_version like v1, install.json not excludable', () => {
    assert.deepEqual(validateTcexJson({ package: { app_name: 'Example_Feed', excludes: ['test'] } }).problems, []);
    const lines = validateTcexJson({ package: { app_name: 'Example Feed', app_version: '1', excludes: ['install.json'] } }).problems.map(formatProblem);
    assert.deepEqual(lines.sort(), [
      'package.app_name: must hold only letters, digits, _ . - (no spaces) (got "Example Feed")',
      'package.app_version: must look like v1 (got "1")',
      'package.excludes[0]: install.json must be in the package and cannot be excluded',
    ]);
    assert.deepEqual(validateTcexJson({}).problems.map(formatProblem), ['package: is required']);
  });
});
