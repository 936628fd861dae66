import { test as it, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { spawn } from 'node:child_process';
import { parse as parseCsv } from 'csv-parse/sync';
import { usePlatform } from '../helpers/platform.js';
import { runExport, parsePost, type ExportOptions } from '../../src/cli/commands/export.js';
import { ORG, seed } from './seed.js';

const tp = usePlatform();

function options(extra: Partial<ExportOptions>): ExportOptions {
  return {
    format: 'json', resource: 'indicators', apiPath: tp.handle.url, accessId: tp.handle.accessId, secretKey: tp.handle.secretKey,
    owner: [], tag: [], securityLabel: [], indicator: [], group: [], taskId: [], victimId: [], id: [], post: [], mode: 'spec', ...extra,
  };
}

async function exportText(extra: Partial<ExportOptions>): Promise<{ text: string; log: string; count: number }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks: Buffer[] = [];
  const logs: Buffer[] = [];
  out.on('data', (c) => chunks.push(c));
  err.on('data', (c) => logs.push(c));
  const count = await runExport(options(extra), out, err);
  return { text: Buffer.concat(chunks).toString('utf8'), log: Buffer.concat(logs).toString('utf8'), count };
}

describe('tcex export', () => {
  before(() => {
    seed(tp.handle);
  });

  it('streams every indicator a filter selects, in each format', async () => {
    const base = { owner: [ORG], tag: ['APT'], securityLabel: ['TLP:RED'], post: ['rating>=3'], resultLimit: 2 };
    const json = await exportText({ ...base, format: 'json' });
    assert.equal(json.count, 3);
    assert.deepEqual(JSON.parse(json.text).map((i: any) => i.ip ?? i.hostName ?? i.text).sort(), ['10.0.0.1', 'bad.example.com', 'http://bad.example.com/x']);
    assert.match(json.log, /export: api filter by tag "APT" \(Example Organization\): 3 item\(s\)/);
    assert.match(json.log, /export: 3 record\(s\) written, 3 API call\(s\)/);

    const csv = await exportText({ ...base, format: 'csv' });
    const rows = parseCsv(csv.text, { columns: true }) as Array<Record<string, string>>;
    assert.deepEqual(rows.map((r) => r.indicator).sort(), ['10.0.0.1', 'bad.example.com', 'http://bad.example.com/x']);
    assert.ok(csv.text.startsWith('confidence,dateAdded,description,id,indicator,'));

    for (const format of ['cef', 'leef', 'kv']) {
      const { text } = await exportText({ ...base, format });
      const lines = text.split('\n').filter(Boolean);
      assert.equal(lines.length, 3, format);
      if (format === 'cef') assert.ok(lines.every((l) => l.startsWith('CEF:0|threatconnect|threatconnect|2|')));
      if (format === 'leef') assert.ok(lines.every((l) => l.startsWith('LEEF:0|threatconnect|threatconnect|2|')));
      if (format === 'kv') assert.ok(lines.every((l) => /^confidence="\d+" dateAdded=/.test(l)));
    }
  });

  it('exports groups, and refuses what cannot be exported', async () => {
    const { text } = await exportText({ resource: 'adversaries', format: 'kv', owner: [ORG] });
    assert.deepEqual(text.split('\n').filter(Boolean).map((l) => /name="([^"]+)"/.exec(l)?.[1]).sort(), ['Bad Guy', 'Other Guy']);
    await assert.rejects(exportText({ resource: 'groups', format: 'cef' }), /CEF and LEEF exist for indicators only/);
    await assert.rejects(exportText({ resource: 'owners', format: 'json' }), /--resource: owners cannot be exported/);
    await assert.rejects(exportText({ format: 'xml' }), /format: must be one of cef, leef, csv, kv, json/);
    await assert.rejects(exportText({ post: ['rating~3'] }), /--post: cannot read "rating~3"/);
    await assert.rejects(exportText({ group: ['Adversary'] }), /--group: use <type>:<id>/);
    assert.deepEqual(parsePost('dateAdded >= 2020-01-01'), { field: 'dateAdded', operator: 'GE', value: '2020-01-01' });
    assert.deepEqual(parsePost('confidence!=5'), { field: 'confidence', operator: 'NE', value: 5 });
  });

  it('runs as a command: tcex export --format csv', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'export', '--format', 'csv', '--type', 'Host', '--owner', ORG], {
      env: { ...process.env, TC_API_PATH: tp.handle.url, TC_API_ACCESS_ID: tp.handle.accessId, TC_API_SECRET_KEY: tp.handle.secretKey },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const code = await new Promise((done) => child.on('close', done));
    assert.equal(code, 0, stderr);
    const rows = parseCsv(stdout, { columns: true }) as Array<Record<string, string>>;
    assert.deepEqual(rows.map((r) => [r.indicator, r.type]).sort(), [['bad.example.com', 'Host'], ['good.example.com', 'Host']]);
    assert.match(stderr, /2 record\(s\) written/);
    assert.doesNotMatch(stderr + stdout, new RegExp(tp.handle.secretKey));
  });

  it('--output is written only when the export succeeds: failed authentication leaves no file and keeps an old one', async () => {
    const { mkdtempSync, existsSync, readFileSync, readdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'tcex-export-'));
    const cli = (file: string, secret: string) =>
      new Promise<{ code: number | null; stderr: string }>((done) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'export', '--format', 'csv', '--type', 'Host', '--owner', ORG, '--output', file], {
          env: { PATH: process.env.PATH ?? '', TC_API_PATH: tp.handle.url, TC_API_ACCESS_ID: tp.handle.accessId, TC_API_SECRET_KEY: secret },
        });
        let stderr = '';
        child.stderr.on('data', (c) => (stderr += c));
        child.on('close', (code) => done({ code, stderr }));
      });
    try {
      const fresh = join(dir, 'fresh.csv');
      const failed = await cli(fresh, 'w'.repeat(64));
      assert.equal(failed.code, 1);
      assert.match(failed.stderr, /401/);
      assert.equal(existsSync(fresh), false, 'no header-only file');
      const kept = join(dir, 'kept.csv');
      writeFileSync(kept, 'earlier export\n');
      await cli(kept, 'w'.repeat(64));
      assert.equal(readFileSync(kept, 'utf8'), 'earlier export\n');
      assert.deepEqual(readdirSync(dir).sort(), ['kept.csv'], 'no temporary file left');
      const ok = await cli(fresh, tp.handle.secretKey);
      assert.equal(ok.code, 0, ok.stderr);
      assert.equal(parseCsv(readFileSync(fresh, 'utf8'), { columns: true }).length, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
