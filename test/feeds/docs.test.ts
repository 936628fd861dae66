// docs/feeds.md shows regions of the feed apps' sources verbatim; those files run in the feed tests
// (parse.test.ts, apps-*.test.ts, stix.test.ts). This checks the text matches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

function regions(file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of readFileSync(file, 'utf8').matchAll(/\/\/ #region ([\w-]+)\n([\s\S]*?)\/\/ #endregion/g)) out.set(m[1], m[2].replace(/\n+$/, ''));
  return out;
}

test('every TypeScript block in docs/feeds.md is a verbatim region of an example file, and the mapping regions are all shown', () => {
  const doc = readFileSync('docs/feeds.md', 'utf8');
  const blocks = [...doc.matchAll(/```ts\n/g)].length;
  const markers = [...doc.matchAll(/<!-- example: ([^#]+)#([\w-]+) -->\n\n```ts\n([\s\S]*?)\n```/g)];
  assert.equal(markers.length, blocks, 'a ts block without an example marker');
  const seen = new Set<string>();
  for (const [, file, name, code] of markers) {
    assert.ok(file.startsWith('examples/'), file);
    const region = regions(file).get(name);
    assert.ok(region !== undefined, `${file}#${name} does not exist`);
    assert.equal(code, region, `docs/feeds.md block ${file}#${name} differs from the file`);
    seen.add(`${file}#${name}`);
  }
  for (const file of ['examples/feeds/cisa-kev/src/map.ts', 'examples/feeds/threatfox/src/map.ts', 'examples/feeds/stix-attack/src/map.ts']) {
    for (const name of regions(file).keys()) assert.ok(seen.has(`${file}#${name}`), `${file}#${name} is not shown in docs/feeds.md`);
  }
});
