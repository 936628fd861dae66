import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
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

  test('the real source tree has no violations', async () => {
    const results = await eslint.lintFiles(['src']);
    const found = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.message}`));
    assert.deepEqual(found, []);
  });
});
