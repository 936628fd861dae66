// docs/ti.md's section on victims and the security objects shows the regions of examples/ti/v3-victims.ts
// verbatim; this checks that, then runs them against the platform and checks what they did.
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { captureLogger, usePlatform } from '../helpers/platform.js';
import { ThreatIntelligence } from '../../src/ti/index.js';
import * as examples from '../../examples/ti/v3-victims.js';

const tp = usePlatform();
const FILE = 'examples/ti/v3-victims.ts';

describe('docs/ti.md victims and security examples', () => {
  let ti: ThreatIntelligence;
  let log: ReturnType<typeof captureLogger>;
  before(() => {
    log = captureLogger();
    ti = new ThreatIntelligence(tp.client({ logger: log.logger }), { logger: log.logger });
  });

  test('every region of the file appears verbatim in docs/ti.md', () => {
    const doc = readFileSync('docs/ti.md', 'utf8');
    const text = readFileSync(FILE, 'utf8');
    const regions = [...text.matchAll(/\/\/ #region ([\w-]+)\n([\s\S]*?)\/\/ #endregion/g)];
    assert.equal(regions.length, 2);
    for (const [, name, code] of regions) {
      assert.ok(doc.includes(`<!-- example: ${FILE}#${name} -->\n\n\`\`\`ts\n${code.replace(/\n+$/, '')}\n\`\`\``), `${FILE}#${name} is not shown verbatim`);
    }
  });

  test('recordVictim creates, finds by asset, round-trips and removes the tag', async () => {
    const id = await examples.recordVictim(ti, log.logger, 'jane@example.com');
    assert.ok(log.lines.includes('info Jane Doe: EmailAddress'));
    const victim = await ti.v3.victims.get(id, { fields: ['tags'] });
    assert.equal(victim.workLocation, 'Head office');
    assert.deepEqual(victim.tags.data, []);
  });

  test('securityOverview lists my owners and creates an exclusion list', async () => {
    const id = await examples.securityOverview(ti, log.logger);
    assert.ok(log.lines.includes('info Example Organization (Organization): Organization Administrator, indicators FULL'), log.lines.join('\n'));
    assert.deepEqual((await ti.v3.exclusionLists.get(id)).variableValues, { data: [{ value: '*.internal.example.com' }] });
  });
});
