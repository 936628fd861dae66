// The packaged STIX app run by the platform's job runner against a TAXII 2.1 server on loopback: the runner keeps
// feed_state and taxii_added_after between runs, so the second run asks only for what was added since.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { adminFetch, usePlatform } from '../helpers/platform.js';
import { startTaxiiServer } from '../helpers/taxii-server.js';
import { packageFeedApp } from '../../src/feed/index.js';
import { exampleFile } from './helpers.js';
import { ownerClient, sourceOwner } from './platform-helpers.js';

const tp = usePlatform();
const scratch = mkdtempSync(join(tmpdir(), 'tcex-feed-stix-runner-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('packaged STIX app, TAXII source, two runs by the job runner: the second reads only the new objects', async () => {
  const bundle = JSON.parse(readFileSync(exampleFile('stix-attack', 'ics-attack-excerpt.json'), 'utf8')) as { objects: Array<Record<string, any>> };
  const server = await startTaxiiServer({ token: 'runner-token', maxPage: 50 });
  try {
    server.add(bundle.objects);
    const pkg = await packageFeedApp(resolve('examples', 'feeds', 'stix-attack'), scratch);
    const res = await adminFetch(tp.handle, 'POST', '/apps', { raw: readFileSync(pkg.file), contentType: 'application/zip' });
    assert.equal(res.status, 201, res.text);
    const creds = await sourceOwner(tp, 'TAXII Runner Source');
    const job = await tp.admin('POST', '/jobs', {
      app: 'STIX_TAXII_Feed_v1',
      name: 'ics over taxii',
      userName: creds.accessId,
      params: { tc_owner: creds.owner, taxii_server: server.url, taxii_token: 'runner-token' },
    });
    const first = await tp.admin('POST', `/jobs/${job.id}/run`, { wait: true });
    assert.equal(first.status, 'Success', first.message);
    assert.match(first.message, /: 71 submitted, 0 unchanged/);
    const kept = (await tp.admin('GET', `/jobs/${job.id}/results`)).results;
    assert.match(kept.taxii_added_after, /^2025-01-01T/);
    const log = (await tp.admin('GET', `/runs/${first.id}`)).log as string;
    assert.doesNotMatch(log, /runner-token/, 'the token stays out of the log');

    server.add([{ type: 'course-of-action', spec_version: '2.1', id: 'course-of-action--6d1f3c2e-98a3-4c3b-9b1e-0f2a4b6c8d0e', created: '2025-02-01T00:00:00.000Z', modified: '2025-02-01T00:00:00.000Z', name: 'Example Mitigation' }]);
    const second = await tp.admin('POST', `/jobs/${job.id}/run`, { wait: true });
    assert.equal(second.status, 'Success', second.message);
    assert.match(second.message, /^1 Course of Action: 1 submitted, 0 unchanged/);
    assert.equal(server.requests.at(-1)?.added_after, kept.taxii_added_after);
    const held: any[] = [];
    for await (const g of ownerClient(tp, creds).paginate<any>('/v2/groups/coursesOfAction', 'courseOfAction', { owner: creds.owner })) held.push(g);
    assert.equal(held.length, 27);
  } finally {
    await server.close();
  }
});
