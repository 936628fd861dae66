// Every TypeScript block of docs/*.md is a verbatim region of a file under examples/ (marked with
// `<!-- example: file#region -->`), and every such file is run by a test. This file checks the first for all docs
// and runs the examples of docs/app.md, docs/batch.md and docs/legacy.md (docs/ti.md's run in
// test/ti/docs-examples.test.ts), failing on errors and on item errors.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { usePlatform } from '../helpers/platform.js';
import { pathArgs, tempDir } from '../app/helpers.js';
import { runJob, writeParamFile } from '../../src/index.js';
import { App, SampleJobFlow } from '../../examples/app/app.js';
import { buildAndSubmit } from '../../examples/batch/build.js';
import * as legacy from '../../examples/legacy/legacy.js';

const tp = usePlatform();
const APP_DIR = resolve('examples/app');

function regions(file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of readFileSync(file, 'utf8').matchAll(/\/\/ #region ([\w-]+)\n([\s\S]*?)\/\/ #endregion/g)) out.set(m[1], m[2].replace(/\n+$/, ''));
  return out;
}

function testSources(dir = 'test'): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? testSources(join(dir, e.name)) : /\.ts$/.test(e.name) ? readFileSync(join(dir, e.name), 'utf8') : ''))
    .join('\n');
}

describe('documented examples', () => {
  test('every TypeScript block in docs/*.md is a region of an example file that a test runs', () => {
    const tests = testSources();
    const shown = new Map<string, Set<string>>();
    for (const doc of readdirSync('docs').filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(join('docs', doc), 'utf8');
      for (const m of text.matchAll(/(<!-- example: ([^#\s]+)#([\w-]+) -->\n\n)?```(?:ts|typescript|tsx)\n([\s\S]*?)\n```/g)) {
        const [, marker, file, name, code] = m;
        const line = text.slice(0, m.index).split('\n').length;
        assert.ok(marker, `docs/${doc}:${line}: a TypeScript block without <!-- example: file#region --> (no test runs it)`);
        const region = regions(file).get(name);
        assert.ok(region !== undefined, `docs/${doc}:${line}: ${file}#${name} does not exist`);
        assert.equal(code, region, `docs/${doc}:${line}: the block differs from ${file}#${name}`);
        const stem = file.replace(/\.ts$/, '');
        assert.ok(tests.includes(`${stem}.js`) || tests.includes(file), `${file} is not imported or started by any test`);
        if (!shown.has(file)) shown.set(file, new Set());
        shown.get(file)!.add(name);
      }
    }
    for (const [file, names] of shown) for (const name of regions(file).keys()) assert.ok(names.has(name), `${file}#${name} is not shown in any doc`);
    assert.ok(shown.size >= 8, [...shown.keys()].join(', '));
  });

  test('docs/app.md: the job app downloads the feed, in process and started through its run.ts', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/downloads/feed.csv') res.end('ip,port\n192.0.2.1,443\n');
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    after(() => server.close());
    const source = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const dir = tempDir();
    const out = await runJob(App, { cwd: APP_DIR, env: {}, argv: [...pathArgs(dir), '--tc_owner', 'Example Organization', '--source_url', source] });
    assert.equal(out.exitCode, 0, out.message);
    assert.equal(out.message, 'Downloaded the feed.');
    assert.match(out.results.last_run, /^\d{4}-/);
    const missing = await runJob(App, { cwd: APP_DIR, env: {}, argv: [...pathArgs(tempDir()), '--tc_owner', 'Example Organization', '--source_url', `${source}nothing/`] });
    assert.equal(missing.exitCode, 1);
    assert.equal(missing.message, 'Failed to download the feed (HTTP 404).');

    const exec = tempDir();
    const { file, key } = await writeParamFile(join(exec, 'params.enc'), {
      tc_owner: 'Example Organization', source_url: source, tc_out_path: join(exec, 'out'), tc_log_path: join(exec, 'log'), tc_temp_path: join(exec, 'temp'),
    });
    const code = await new Promise<number | null>((done) => {
      const child = spawn(process.execPath, ['--import', 'tsx', resolve('examples/app/run.ts')], { cwd: APP_DIR, env: { PATH: process.env.PATH ?? '', TC_APP_PARAM_FILE: file, TC_APP_PARAM_KEY: key }, stdio: 'ignore' });
      child.on('close', done);
    });
    assert.equal(code, 0);
    assert.equal(readFileSync(join(exec, 'out', 'message.tc'), 'utf8'), 'Downloaded the feed.\n');
  });

  test('docs/app.md: the sample job flow adds a group, an indicator and their association', async () => {
    const creds = ['--tc_api_path', tp.handle.url, '--tc_api_access_id', tp.handle.accessId, '--tc_api_secret_key', tp.handle.secretKey, '--tc_owner', 'Example Organization'];
    const out = await runJob(SampleJobFlow, { cwd: APP_DIR, env: {}, argv: [...pathArgs(tempDir()), ...creds], installJson: { ...JSON.parse(readFileSync(join(APP_DIR, 'install.json'), 'utf8')), params: [] } });
    assert.equal(out.exitCode, 0, out.message);
    assert.equal(out.message, '1 group, 1 indicator and 1 association added.');
    const groups = await tp.client().v2('GET', '/v2/indicators/addresses/1.2.3.4/groups');
    assert.deepEqual(groups.group.map((g: { name: string }) => g.name), ['Robin Sparkles']);
  });

  test('docs/batch.md: the batch example saves everything with no item error and uploads both documents', async () => {
    const result = await buildAndSubmit(tp.handle.url, tp.handle.accessId, tp.handle.secretKey, (xid) => `content for ${xid}`);
    assert.deepEqual(result.errors, []);
    assert.equal(result.ok, true);
    assert.equal(result.totals.filesFailed, 0);
    assert.equal(result.totals.filesUploaded, 2);
    const { groups, indicators, associations } = result.totals.success;
    assert.deepEqual({ groups, indicators, associations }, { groups: 4, indicators: 4, associations: 4 });
    assert.equal(result.totals.error.total, 0);
  });

  test('docs/legacy.md: validator, resource query and Jobs examples', async () => {
    const [detected, resolved, explicit, valid] = legacy.validate() as [any, any, any, boolean];
    assert.deepEqual(detected, { type: 'Address', pattern: 'ipv6' });
    assert.equal(resolved.summary, 'bad.example.com');
    assert.equal(explicit.type, 'Host');
    assert.equal(valid, false);

    const client = tp.client();
    await client.v2('POST', '/v2/indicators/hosts', { body: { hostName: 'nation.example.com', rating: 4 } });
    await client.v2('POST', '/v2/indicators/hosts/nation.example.com/tags/Nation%20State');
    await client.v2('POST', '/v2/indicators/hosts/nation.example.com/securityLabels/TLP%3ARED');
    assert.deepEqual(await legacy.query(client), ['nation.example.com']);

    const run = await legacy.jobsRun(client);
    assert.deepEqual(run.failures, []);
    assert.equal(run.exitCode, 0);
    assert.deepEqual(run.indicatorResults.saved, ['1.2.3.4', 'BE7DE2F0CF48294400C714C9E28ECD01']);
  });
});
