import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

// The import-direction rule of eslint.config.js (docs/architecture.md, layers), checked through ESLint's Node API.
const root = fileURLToPath(new URL('../..', import.meta.url));
const RULES = new Set(['no-restricted-imports', '@typescript-eslint/no-restricted-imports']);
const eslint = new ESLint({ cwd: root, ruleFilter: ({ ruleId }) => RULES.has(ruleId) });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => `${m.line}: ${m.message}`);
}

describe('layers: dependencies point down', () => {
  test('the platform importing the client is reported, at any depth', async () => {
    const top = await problems('src/platform/layer-probe.ts', "export { TcClient } from '../client/index.js';\n");
    assert.equal(top.length, 1);
    assert.match(top[0], /src\/platform may import only src\/core, src\/model, src\/contract/);
    const deep = await problems(
      'src/platform/routes/v3/layer-probe.ts',
      "import { ThreatIntelligence } from '../../../ti/index.js';\nimport type { JobApp } from '../../../app/job-app.js';\nexport { ThreatIntelligence, type JobApp };\n",
    );
    assert.equal(deep.length, 2, deep.join('\n'));
  });

  test("the platform's own folders, core, model and contract are allowed", async () => {
    const ok = await problems(
      'src/platform/routes/layer-probe.ts',
      "import { batchEngine } from '../batch/engine.js';\nimport { ErrorCode } from '../../core/index.js';\nimport { extractTcx } from '../../contract/tcx.js';\nimport { indicatorType } from '../../model/index.js';\nexport { batchEngine, ErrorCode, extractTcx, indicatorType };\n",
    );
    assert.deepEqual(ok, []);
  });

  test('core imports nothing of ours; formats only core and model', async () => {
    assert.equal((await problems('src/core/layer-probe.ts', "export { indicatorType } from '../model/index.js';\n")).length, 1);
    assert.equal((await problems('src/formats/layer-probe.ts', "export { Batch } from '../batch/index.js';\n")).length, 1);
    assert.deepEqual(await problems('src/formats/layer-probe.ts', "export { ErrorCode } from '../core/errors.js';\n"), []);
  });

  test('the tcex package (src/ but the platform) never imports the platform package, its sources or its native driver', async () => {
    const cli = await problems('src/cli/commands/layer-probe.ts', "export { startPlatform } from '../../platform/index.js';\n");
    assert.equal(cli.length, 1, cli.join('\n'));
    assert.match(cli[0], /must not import src\/platform: load it with loadPlatform\(\)/);
    assert.equal((await problems('src/layer-probe.ts', "export { startPlatformProcess } from './platform/child-process.js';\n")).length, 1);
    const packages = await problems(
      'src/testing/layer-probe.ts',
      "import Database from 'better-sqlite3';\nimport { Cron } from 'croner';\nimport { startPlatform } from '@tcex/platform';\nexport { Database, Cron, startPlatform };\n",
    );
    assert.equal(packages.length, 3, packages.join('\n'));
    // a type-only import loads nothing at run time
    assert.deepEqual(await problems('src/cli/layer-probe.ts', "import type { Cron } from 'croner';\nexport type C = Cron;\n"), []);
  });

  test('every folder of src/ has its allowed list', async () => {
    const { LAYERS } = (await import(new URL('../../eslint.config.js', import.meta.url).href)) as { LAYERS: Record<string, string[]> };
    const folders = readdirSync(new URL('../../src', import.meta.url), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    assert.deepEqual(folders.filter((f) => !(f in LAYERS)), [], 'a folder of src/ without an entry in LAYERS (eslint.config.js) is not checked');
    assert.ok(folders.length >= 15, folders.join(', '));
    for (const [folder, allowed] of Object.entries(LAYERS)) {
      for (const other of allowed) assert.ok(folders.includes(other), `${folder} allows ${other}, which is not a folder of src/`);
    }
    // the allowed directions have no cycle: a part cannot reach itself through what it may import
    const reaches = (from: string, target: string, seen = new Set<string>()): boolean =>
      LAYERS[from].some((next) => next === target || (!seen.has(next) && (seen.add(next), reaches(next, target, seen))));
    assert.deepEqual(folders.filter((f) => reaches(f, f)), []);
  });

  test('in the SDK, an import up or sideways is reported, one down is not', async () => {
    const refused: Array<[string, string]> = [
      ['src/client/layer-probe.ts', "export { Batch } from '../batch/index.js';\n"],
      ['src/client/layer-probe.ts', "export { Jobs } from '../jobs/index.js';\n"],
      ['src/ti/v3/layer-probe.ts', "export { Batch } from '../../batch/index.js';\n"],
      ['src/batch/layer-probe.ts', "export { ThreatIntelligence } from '../ti/index.js';\n"],
      ['src/filters/layer-probe.ts', "export { ThreatIntelligence } from '../ti/index.js';\n"],
      ['src/jobs/layer-probe.ts', "export { ExitCode } from '../app/index.js';\n"],
      ['src/app/layer-probe.ts', "export { FeedJobApp } from '../feed/index.js';\n"],
      ['src/feed/mapping/layer-probe.ts', "export { AdminClient } from '../../testing/index.js';\n"],
      ['src/testing/layer-probe.ts', "export { registerCommands } from '../cli/commands/index.js';\n"],
      ['src/indicators/layer-probe.ts', "export { TcClient } from '../client/index.js';\n"],
    ];
    for (const [file, code] of refused) {
      const found = await problems(file, code);
      const part = file.split('/')[1];
      assert.equal(found.length, 1, `${file}: ${code}${found.join('\n')}`);
      assert.match(found[0], new RegExp(`src/${part} may import only `));
    }
    assert.match((await problems('src/client/layer-probe.ts', "export { Batch } from '../batch/index.js';\n"))[0], /src\/client may import only src\/core, src\/model, src\/contract and its own folder/);
    const allowed: Array<[string, string]> = [
      ['src/jobs/layer-probe.ts', "import { Batch } from '../batch/index.js';\nimport { ThreatIntelligence } from '../ti/index.js';\nimport { ExitCode } from '../contract/exit-code.js';\nexport { Batch, ThreatIntelligence, ExitCode };\n"],
      ['src/filters/layer-probe.ts', "import { isoDate } from '../core/dates.js';\nimport { IndicatorValidator } from '../indicators/index.js';\nexport { isoDate, IndicatorValidator };\n"],
      ['src/feed/mapping/layer-probe.ts', "import { JobApp } from '../../app/index.js';\nimport { Batch } from '../../batch/index.js';\nexport { JobApp, Batch };\n"],
      ['src/cli/commands/layer-probe.ts', "import { loadPlatform } from '../../testing/platform-package.js';\nimport { FeedJobApp } from '../../feed/index.js';\nexport { loadPlatform, FeedJobApp };\n"],
    ];
    for (const [file, code] of allowed) assert.deepEqual(await problems(file, code), [], `${file}: ${code}`);
  });

  test('the real source tree has no violations', async () => {
    const results = await eslint.lintFiles(['src']);
    const found = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.message}`));
    assert.deepEqual(found, []);
  });
});
