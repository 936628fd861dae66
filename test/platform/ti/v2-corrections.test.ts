// Issue 12, "v2 answers to correct": replayed over raw HTTP (signed with the HMAC helper, no SDK) with the status
// codes asserted, as ThreatConnect's own clients see them.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hmacHeaders } from '../../../src/client/hmac.js';
import { sleep } from '../../../src/utils/sleep.js';
import { usePlatform } from '../../helpers/platform.js';

const tp = usePlatform();

interface Raw {
  status: number;
  body: any;
}

/** One signed request; `path` is under /api, with its query already encoded. */
async function raw(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<Raw> {
  const target = `/api${path}`;
  const headers: Record<string, string> = { ...hmacHeaders(tp.handle.accessId, tp.handle.secretKey, target, method) };
  let payload: string | undefined;
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const res = await fetch(`${tp.handle.origin}${target}`, { method, headers, body: payload });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed };
}

const secondsApart = (a: string, b: Date) => Math.abs(Date.parse(a) - b.getTime()) / 1000;

describe('v2 answers ThreatConnect clients check', () => {
  const ids: Record<string, number> = {};

  before(async () => {
    ids.threat = (await raw('POST', '/v2/groups/threats', { name: 'Corrections threat' })).body.data.threat.id;
    ids.task = (await raw('POST', '/v2/tasks', { name: 'Corrections task' })).body.data.task.id;
    ids.victim = (await raw('POST', '/v2/victims', { name: 'Corrections victim' })).body.data.victim.id;
    assert.equal((await raw('POST', '/v2/indicators/hosts', { hostName: 'corrections.example.com' })).status, 201);
  });

  test('Events and Incidents without eventDate are created, dated now; Document, Email, Report and Signature need more', async () => {
    const now = new Date();
    for (const [branch, entity] of [
      ['events', 'event'],
      ['incidents', 'incident'],
    ]) {
      const res = await raw('POST', `/v2/groups/${branch}`, { name: `Bare ${entity}` });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.ok(secondsApart(res.body.data[entity].eventDate, now) < 120, res.body.data[entity].eventDate);
    }
    for (const [branch, field] of [
      ['documents', 'fileName'],
      ['emails', 'subject'],
      ['reports', 'fileName'],
      ['signatures', 'fileName'],
    ]) {
      const res = await raw('POST', `/v2/groups/${branch}`, { name: 'Bare' });
      assert.equal(res.status, 400, branch);
      assert.equal(res.body.status, 'Failure');
      assert.match(res.body.message, new RegExp(`^${field}: required`), branch);
    }
    // a given eventDate is kept
    const dated = await raw('POST', '/v2/groups/incidents', { name: 'Dated', eventDate: '2017-07-13T00:00:00Z' });
    assert.equal(dated.body.data.incident.eventDate, '2017-07-13T00:00:00Z');
  });

  test('batch: Events and Incidents without eventDate are saved; a Report without fileName too (batch makes it optional)', async () => {
    const id = await batch({
      group: [
        { name: 'Batch event', type: 'Event', xid: 'corr-event' },
        { name: 'Batch incident', type: 'Incident', xid: 'corr-incident' },
        { name: 'Batch report', type: 'Report', xid: 'corr-report' },
      ],
    });
    const status = await done(id);
    assert.equal(status.successGroupCount, 3, JSON.stringify(status));
    assert.equal(status.errorCount, 0);
    const event = await raw('GET', '/v2/groups/events/corr-event?owner=Example%20Organization');
    assert.equal(event.status, 200);
    assert.ok(event.body.data.event.eventDate);
  });

  test('applying a tag or a security label to a group, indicator, task or victim answers 201', async () => {
    const items = [`/v2/groups/threats/${ids.threat}`, '/v2/indicators/hosts/corrections.example.com', `/v2/tasks/${ids.task}`, `/v2/victims/${ids.victim}`];
    for (const item of items) {
      const tag = await raw('POST', `${item}/tags/Corrected`);
      assert.equal(tag.status, 201, `${item} tag`);
      assert.deepEqual(tag.body, { status: 'Success' });
      const label = await raw('POST', `${item}/securityLabels/TLP%3AGREEN`);
      assert.equal(label.status, 201, `${item} label`);
      assert.deepEqual(label.body, { status: 'Success' });
      assert.equal((await raw('GET', `${item}/tags/Corrected`)).status, 200);
      // removing stays a 200
      assert.equal((await raw('DELETE', `${item}/securityLabels/TLP%3AGREEN`)).status, 200);
    }
  });

  test("a batch job's successCount counts groups and indicators; associations are counted apart", async () => {
    const id = await batch({
      group: [{ name: 'Counted group', type: 'Adversary', xid: 'corr-counted' }],
      indicator: [{ summary: 'counted.example.com', type: 'Host', associatedGroups: [{ groupXid: 'corr-counted' }] }],
    });
    const status = await done(id);
    assert.equal(status.successGroupCount, 1);
    assert.equal(status.successIndicatorCount, 1);
    assert.equal(status.successAssociationCount, 1);
    assert.equal(status.successCount, 2);
    const plain = await raw('GET', `/v2/batch/${id}`);
    assert.equal(plain.body.data.batchStatus.successCount, 2);
  });

  test('PUT of a victim asset with an empty body is a 400, as its POST is', async () => {
    const base = `/v2/victims/${ids.victim}/victimAssets/emailAddresses`;
    assert.equal((await raw('POST', base, {})).status, 400);
    const asset = await raw('POST', base, { address: 'victim@example.com', addressType: 'Work' });
    assert.equal(asset.status, 201);
    const assetId = asset.body.data.victimEmailAddress.id;
    for (const body of [{}, undefined]) {
      const res = await raw('PUT', `${base}/${assetId}`, body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.status, 'Failure');
      assert.match(res.body.message, /address or addressType/);
    }
    const ok = await raw('PUT', `${base}/${assetId}`, { addressType: 'Home' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.data.victimEmailAddress.address, 'victim@example.com');
  });
});

async function batch(content: unknown): Promise<number> {
  const created = await raw('POST', '/v2/batch', { version: 'V2', owner: 'Example Organization', action: 'Create', haltOnError: 'false', attributeWriteType: 'Replace' });
  assert.equal(created.status, 201);
  const id = created.body.data.batchId as number;
  const uploaded = await raw('POST', `/v2/batch/${id}`, content, 'application/octet-stream');
  assert.equal(uploaded.status, 202);
  return id;
}

async function done(id: number): Promise<Record<string, any>> {
  for (let i = 0; i < 500; i++) {
    const res = await raw('GET', `/v2/batch/${id}?includeAdditional=true`);
    assert.equal(res.status, 200);
    if (res.body.data.batchStatus.status === 'Completed') return res.body.data.batchStatus;
    await sleep(20);
  }
  throw new Error(`batch ${id} did not complete`);
}
