// The Jobs module against the target (local platform, or ThreatConnect in live mode: docs/testing.md).
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { captureLogger } from '../helpers/platform.js';
import { useTarget, type TrackingClient } from '../helpers/target.js';
import { Jobs, type JobsRun } from '../../src/jobs/index.js';

const target = useTarget();
const ORG = target.owner;
const MD5 = 'BE7DE2F0CF48294400C714C9E28ECD01';
const n = target.name;

/** The POST paths a client sent, in order, without query strings. */
const postsOf = (client: TrackingClient) => client.sent.filter((o) => (o.method ?? 'GET').toUpperCase() === 'POST').map((o) => o.path.replace(/\?.*$/, ''));

const groupsNamed = async (name: string, branch = 'adversaries', entity = 'adversary') => {
  const data = await target.client().v2('GET', `/v2/groups/${branch}`, { query: { owner: ORG, resultLimit: 500 } });
  return (data[entity] as Array<{ id: number; name: string }>).filter((g) => g.name === name);
};

describe('Jobs against the platform', () => {
  describe('the seed flow: group, indicators with a group stub, a group association and a file occurrence', () => {
    const robin = n('Robin Sparkles');
    let client: TrackingClient;
    let jobs: Jobs;
    let run: JobsRun;
    let groupId: number;
    before(async () => {
      client = target.client();
      jobs = new Jobs({ client });
      jobs.indicator({ summary: '1.2.3.4', type: 'Address', rating: 3, confidence: 5, associatedGroup: [`$(${robin}:Adversary)`], tag: [{ name: 'APT' }] });
      jobs.indicator({ summary: 'https://www.moonmoon.com/whotripme', type: 'URL' });
      jobs.indicator({ summary: '1.2.3.5' }); // no type: detected
      jobs.indicator({ summary: MD5, type: 'File' });
      jobs.group({ name: robin, type: 'Adversary', attribute: [{ type: 'Description', value: 'Test Description' }], tag: [{ name: 'APT' }, { name: 'CrimeWare' }] });
      jobs.groupAssociation({ group_name: robin, group_type: 'Adversary', indicator: '1.2.3.5', indicator_type: 'Address' });
      jobs.fileOccurrence({ date: '2014-11-03T00:00:00-05:00', fileName: 'win999301.dll', hash: MD5, path: 'C:\\Windows\\System' });
      run = await jobs.process(ORG);
      groupId = (await groupsNamed(robin))[0]?.id;
    });

    test('exit code 0: the group and all four indicators saved, nothing failed', () => {
      assert.equal(run.exitCode, 0, JSON.stringify(run.failures));
      assert.deepEqual(run.groupResults, { cached: [], failed: [], notSaved: [], saved: [robin], submitted: [robin] });
      assert.deepEqual(run.indicatorResults.saved, ['1.2.3.4', 'https://www.moonmoon.com/whotripme', '1.2.3.5', MD5]);
      assert.deepEqual([run.indicatorResults.failed, run.indicatorResults.notSaved], [[], []]);
    });

    test('what was queued: 1 group, 4 indicators, 1 group association, 1 file occurrence, in one batch job', () => {
      assert.deepEqual([jobs.groupLen, jobs.indicatorLen, jobs.groupAssociationLen, jobs.fileOccurrenceLen], [1, 4, 1, 1]);
      assert.equal(run.batchJobs.length, 1);
    });

    test('the documented order: groups, then indicators (batch), then file occurrences, then group associations', () => {
      const log = postsOf(client);
      const first = (re: RegExp) => {
        const i = log.findIndex((p) => re.test(p));
        assert.ok(i >= 0, `no POST matching ${re} in ${log.join(', ')}`);
        return i;
      };
      assert.ok(first(/^\/v2\/groups\/adversaries$/) < first(/^\/v2\/batch/));
      assert.ok(first(/^\/v2\/batch/) < first(/fileOccurrences$/));
      assert.ok(first(/fileOccurrences$/) < first(/^\/v2\/indicators\/addresses\/1\.2\.3\.5\/groups\/adversaries\/\d+$/));
    });

    test('the group holds its tags and its attribute', async () => {
      const tags = await client.v2('GET', `/v2/groups/adversaries/${groupId}/tags`, { query: { owner: ORG } });
      assert.deepEqual(tags.tag.map((t: { name: string }) => t.name).sort(), ['APT', 'CrimeWare']);
      const attrs = await client.v2('GET', `/v2/groups/adversaries/${groupId}/attributes`, { query: { owner: ORG } });
      assert.equal(attrs.attribute[0].value, 'Test Description');
    });

    test('both group links land: the stub (batch) and the group association (REST)', async () => {
      const linked = await client.v2('GET', `/v2/groups/adversaries/${groupId}/indicators`, { query: { owner: ORG } });
      assert.deepEqual(linked.indicator.map((i: { summary: string }) => i.summary).sort(), ['1.2.3.4', '1.2.3.5']);
    });

    test('the file occurrence lands on the File its hash chooses; the hash is not part of its body', async () => {
      const occ = await client.v2('GET', `/v2/indicators/files/${MD5}/fileOccurrences`, { query: { owner: ORG } });
      assert.equal(occ.fileOccurrence[0].fileName, 'win999301.dll');
      const post = client.sent.find((o) => /fileOccurrences$/.test(o.path));
      assert.deepEqual(Object.keys(post?.body as object).sort(), ['date', 'fileName', 'path']);
    });
  });

  test('a group name that already exists: skip reports it cached, duplicate adds one, replace swaps them for one', async () => {
    const client = target.client();
    const collision = n('Collision');
    await client.v2('POST', '/v2/groups/adversaries', { query: { owner: ORG }, body: { name: collision } });
    const original = (await groupsNamed(collision))[0].id;

    const skip = new Jobs({ client }).group({ name: collision, type: 'Adversary' });
    const skipped = await skip.process(ORG);
    assert.deepEqual([skipped.groupResults.cached, skipped.groupResults.saved, skipped.exitCode], [[collision], [], 0]);
    assert.deepEqual((await groupsNamed(collision)).map((g) => g.id), [original]);

    const dup = await new Jobs({ client }).group({ name: collision, type: 'Adversary' }).process(ORG, { groupAction: 'duplicate' });
    assert.deepEqual(dup.groupResults.saved, [collision]);
    assert.equal((await groupsNamed(collision)).length, 2);

    // an indicator stub now finds the first of the two
    const before = (await groupsNamed(collision)).map((g) => g.id);
    const sentBefore = client.sent.length;
    const replace = new Jobs({ client }).group({ name: collision, type: 'Adversary', tag: ['Replaced'] });
    const replaced = await replace.process(ORG, { groupAction: 'replace' });
    assert.deepEqual(replaced.groupResults.saved, [collision]);
    const deletes = client.sent
      .slice(sentBefore)
      .filter((o) => o.method === 'DELETE')
      .map((o) => o.path.replace(/\?.*$/, ''));
    assert.deepEqual(deletes.sort(), before.map((id) => `/v2/groups/adversaries/${id}`).sort());
    const now = await groupsNamed(collision);
    assert.equal(now.length, 1);
    const tags = await client.v2('GET', `/v2/groups/adversaries/${now[0].id}/tags`, { query: { owner: ORG } });
    assert.deepEqual(tags.tag.map((t: { name: string }) => t.name), ['Replaced'], 'the new group, not a survivor');
    // a duplicate name queued twice in one job is only sent once
    const twice = new Jobs({ client }).group([{ name: n('Twice'), type: 'Threat' }, { name: n('Twice'), type: 'Threat' }]);
    assert.deepEqual(twice.groupResults.submitted, [n('Twice')]);
  });

  test('a partial failure: bad items are listed as failed and not saved, the rest saved, exit code 3', async () => {
    const { logger, lines } = captureLogger();
    const jobs = new Jobs({ client: target.client(), logger });
    jobs.group({ name: 'No Subject', type: 'Email' }); // the platform requires subject, header and body
    jobs.group({ name: 'Fine Threat', type: 'Threat' });
    jobs.indicator([
      { summary: '999.1.1.1', type: 'Address' }, // refused before sending
      { summary: 'fine.example.com', type: 'Host' },
      // saved without its bad attribute, which the platform reports (a partial loss)
      { summary: 'bad-attr.example.com', type: 'Host', confidence: 70, attribute: [{ type: 'No Such Attribute Type', value: 'x' }] },
      { summary: '5.6.7.8', type: 'Address', associatedGroup: ['$(Missing Group:Adversary)'] },
    ]);
    const run = await jobs.process(ORG);
    assert.equal(run.exitCode, 3);
    assert.equal(jobs.exitCode, 3);
    assert.deepEqual(run.groupResults.failed, ['No Subject']);
    assert.deepEqual(run.groupResults.notSaved, ['No Subject']);
    assert.deepEqual(run.groupResults.saved, ['Fine Threat']);
    assert.deepEqual(run.indicatorResults.failed.sort(), ['999.1.1.1']);
    assert.deepEqual(run.indicatorResults.notSaved.sort(), ['999.1.1.1']);
    assert.deepEqual(run.indicatorResults.saved.sort(), ['5.6.7.8', 'bad-attr.example.com', 'fine.example.com']);
    const kept = await target.client().v2('GET', '/v2/indicators/hosts/bad-attr.example.com', { query: { owner: ORG } });
    assert.equal(kept.host.confidence, 70);
    assert.ok(run.failures.every((f) => !f.critical));
    const stages = run.failures.map((f) => `${f.stage}:${f.item}`).sort();
    assert.deepEqual(stages, ['group:No Subject', 'indicator-metadata:5.6.7.8', 'indicator-metadata:bad-attr.example.com', 'indicator:999.1.1.1']);
    assert.match(run.failures.find((f) => f.item === 'bad-attr.example.com')!.message, /attribute type was not found/);
    assert.match(run.failures.find((f) => f.item === '999.1.1.1')!.message, /summary: "999\.1\.1\.1" is not valid/);
    assert.match(run.failures.find((f) => f.item === '5.6.7.8')!.message, /no Adversary named "Missing Group"/);
    assert.match(run.message, /4 failure\(s\), exit code 3/);
    assert.ok(lines.some((l) => l.startsWith('warn jobs: group "No Subject" failed')));
  });

  test('fileData is uploaded as the contents of a Document; other group types report it as a metadata failure', async () => {
    const jobs = new Jobs({ client: target.client() });
    jobs.group({ name: 'Jobs Document', type: 'Document', fileName: 'notes.txt', fileData: 'document body' });
    jobs.group({ name: 'Jobs Threat With File', type: 'Threat', fileData: 'nowhere to go' });
    const run = await jobs.process(ORG);
    assert.deepEqual(run.groupResults.saved.sort(), ['Jobs Document', 'Jobs Threat With File']);
    const [doc] = await groupsNamed('Jobs Document', 'documents', 'document');
    const res = await target.client().request({ path: `/v2/groups/documents/${doc.id}/download`, query: { owner: ORG } });
    assert.equal(res.text(), 'document body');
    const failure = run.failures.find((f) => f.item === 'Jobs Threat With File');
    assert.equal(failure?.stage, 'group-metadata');
    assert.match(failure?.message ?? '', /only Documents and Reports take fileData, not Threat/);
    assert.equal(run.exitCode, 3);
  });

  test('after a batch halt, saved and not saved say exactly what the platform holds', async () => {
    const cases: Array<[string, Record<string, unknown>, string[]]> = [
      // the platform stops at the bad indicator: the four before it are on the platform, the one after is not
      ['attr', { attribute: [{ type: 'No Such Attribute Type', value: 'x' }] }, []],
      // the platform stops at the association, after every indicator was written
      ['assoc', { associatedGroup: ['999999'] }, ['h0', 'h1', 'h2', 'h3', 'bad', 'after']],
    ];
    for (const [tag, bad, expectHeld] of cases) {
      const jobs = new Jobs({ client: target.client(), batchHaltOnError: true });
      // names whose spool order puts the four good hosts before the bad one (the Batch module orders by hash)
      const suffix = tag === 'attr' ? '-8uqk5.example.com' : '-assoc.example.com';
      const name = (n: string) => `${n}${suffix}`;
      for (const n of ['h0', 'h1', 'h2', 'h3']) jobs.indicator({ summary: name(n), type: 'Host' });
      jobs.indicator({ summary: name('bad'), type: 'Host', ...bad });
      jobs.indicator({ summary: name('after'), type: 'Host' });
      const run = await jobs.process(ORG);
      const hosts = await target.client().v2('GET', '/v2/indicators/hosts', { query: { owner: ORG, resultLimit: 500 } });
      const held = (hosts.host as Array<{ hostName: string }>).map((h) => h.hostName).filter((h) => h.endsWith(suffix)).sort();
      // with the bad attribute the platform may save the indicator and report the attribute: whatever it holds is what is reported
      if (tag === 'assoc') assert.deepEqual(held, expectHeld.map(name).sort());
      else assert.ok(held.length > 0, `some hosts were written before the halt: ${held}`);
      assert.deepEqual([...run.indicatorResults.saved].sort(), held, `${tag}: saved is what the platform holds`);
      assert.deepEqual(
        [...run.indicatorResults.notSaved].sort(),
        run.indicatorResults.submitted.filter((s) => !held.includes(s)).sort(),
        `${tag}: not saved is everything else`,
      );
      assert.equal(run.exitCode, 3);
      assert.ok(run.failures.some((f) => /halted at an error/.test(String(f.message))), JSON.stringify(run.failures));
    }
  });

  test('critical failures give exit code 1: halt on error stops at a failed group; the rule is configurable', async () => {
    const halting = new Jobs({ client: target.client(), batchHaltOnError: true });
    halting.group([{ name: 'Halt Here', type: 'Email' }, { name: 'Never Made', type: 'Threat' }]);
    halting.indicator({ summary: 'never.example.com', type: 'Host' });
    const halted = await halting.process(ORG);
    assert.equal(halted.exitCode, 1);
    assert.deepEqual(halted.groupResults.notSaved, ['Halt Here', 'Never Made']);
    assert.deepEqual(halted.indicatorResults.notSaved, ['never.example.com']);
    assert.deepEqual(halted.indicatorResults.saved, []);
    assert.equal((await groupsNamed('Never Made', 'threats', 'threat')).length, 0);

    // the same invalid value is only a partial failure by default, critical under a custom rule
    const strict = new Jobs({ client: target.client(), critical: [/is not valid/] });
    strict.indicator([{ summary: '300.1.1.1', type: 'Address' }, { summary: 'ok.example.com', type: 'Host' }]);
    const run = await strict.process(ORG);
    assert.equal(run.exitCode, 1);
    assert.deepEqual(run.indicatorResults.notSaved.sort(), ['300.1.1.1', 'ok.example.com']);
    const fn = new Jobs({ client: target.client(), critical: (f) => f.stage === 'file-occurrence' });
    fn.fileOccurrence({ hash: 'A'.repeat(32), fileName: 'x.dll' }); // no such File
    assert.equal((await fn.process(ORG)).exitCode, 1);
  });

  test('indicators go through batch in chunks; associatedGroup takes existing group ids', async () => {
    const client = target.client();
    const created = await client.v2('POST', '/v2/groups/threats', { query: { owner: ORG }, body: { name: 'Existing Threat' } });
    const id = created.threat.id as number;
    const jobs = new Jobs({ client, batchChunk: 2 });
    const values = ['10.9.0.1', '10.9.0.2', '10.9.0.3', '10.9.0.4', '10.9.0.5'];
    jobs.indicator(values.map((summary) => ({ summary, type: 'Address', associatedGroup: [String(id)] })));
    const run = await jobs.process(ORG);
    assert.equal(run.exitCode, 0, JSON.stringify(run.failures));
    assert.equal(run.batchJobs.length, 3);
    assert.deepEqual(run.batchJobs.map((j) => j.sent.indicators), [2, 2, 1]);
    assert.deepEqual(run.indicatorResults.saved, values);
    const linked = await client.v2('GET', `/v2/groups/threats/${id}/indicators`, { query: { owner: ORG } });
    assert.deepEqual(linked.indicator.map((i: { summary: string }) => i.summary).sort(), values);
  });

  test('indicators without batch: one REST call each, metadata and group links after it', async () => {
    const client = target.client();
    const jobs = new Jobs({ client });
    jobs.group({ name: 'Rest Group', type: 'Campaign', firstSeen: '2020-01-01T00:00:00Z' });
    jobs.indicator({ summary: 'rest.example.com', type: 'Host', rating: 2, tag: ['Rest'], associatedGroup: ['$(Rest Group:Campaign)'] });
    jobs.indicator({ summary: 'not a host!', type: 'Host' });
    const run = await jobs.process(ORG, { indicatorBatch: false });
    assert.equal(run.exitCode, 3);
    assert.deepEqual(run.indicatorResults.saved, ['rest.example.com']);
    assert.deepEqual(run.indicatorResults.failed, ['not a host!']);
    const host = await client.v2('GET', '/v2/indicators/hosts/rest.example.com', { query: { owner: ORG } });
    assert.equal(host.host.rating, 2);
    const groups = await client.v2('GET', '/v2/indicators/hosts/rest.example.com/groups', { query: { owner: ORG } });
    assert.deepEqual(groups.group.map((g: { name: string }) => g.name), ['Rest Group']);
    assert.equal(run.batchJobs.length, 0);
  });

  test('bad input is refused when queued, naming the field and the value', () => {
    const jobs = new Jobs({ client: target.client() });
    assert.throws(() => jobs.group({ name: '', type: 'Adversary' }), /group\.name: must be a non-empty string, got ""/);
    assert.throws(() => jobs.group({ name: 'x', type: 'Villain' }), /group\.type: must be a group type.*"Villain"/);
    assert.throws(() => jobs.indicator({ type: 'Address' }), /indicator\.summary: is required/);
    assert.throws(() => jobs.indicator({ summary: 'x', type: 'Adress' }), /indicator\.type: is not an indicator type.*"Adress"/);
    assert.throws(() => jobs.fileOccurrence({ hash: 'abc' }), /fileOccurrence\.hash: must be an MD5, SHA-1 or SHA-256 hash, got "abc"/);
    assert.throws(() => jobs.groupAssociation({ group_name: 'g', group_type: 'Adversary', indicator: '1.1.1.1', indicator_type: 'IP4' }), /indicator_type: is not an indicator type/);
    assert.throws(() => new Jobs({ client: target.client(), batchChunk: 30_000 }), /batchChunk: must be a whole number from 1 to 25000, got 30000/);
    return assert.rejects(jobs.process(''), /owner: must name the owner/);
  });
});
