// Examples for docs/app.md: each region is shown verbatim in the documentation and run by
// test/docs/examples.test.ts against the local platform (the docs import from 'tcex'; here the sources).
import { JobApp, Jobs, z } from '../../src/index.js';

// #region job-app
// src/app.ts
// Inputs are declared once, with types. Every key must also be a param in install.json (or a standard tc_* arg).
export const Inputs = z.object({
  tc_owner: z.string().min(1),
  source_url: z.string().url(),
  confidence: z.number().int().min(0).max(100).default(0),
  last_run: z.string().optional(), // a results.tc value fed back on the next run
});

export class App extends JobApp<typeof Inputs> {
  static override readonly inputs = Inputs;

  override async setup(): Promise<void> {
    this.external.baseUrl = this.inputs.source_url;
  }

  async run(): Promise<void> {
    const res = await this.external.get('downloads/feed.csv');
    if (!res.ok) this.exit(1, `Failed to download the feed (HTTP ${res.status}).`);
    const text = await res.text();
    this.log.info(`downloaded ${text.length} characters`);
    this.results.set('last_run', new Date().toISOString());
    this.exitMessage = 'Downloaded the feed.';
  }
}
// #endregion

// #region sample-job-flow
// The TcEx "sample job flow" with the Jobs module: a group, an indicator and their association by name.
export const JobFlowInputs = z.object({ tc_owner: z.string().min(1) });

export class SampleJobFlow extends JobApp<typeof JobFlowInputs> {
  static override readonly inputs = JobFlowInputs;

  async run(): Promise<void> {
    const jobs = new Jobs({ client: this.tc, logger: this.log });
    jobs.indicator({ summary: '1.2.3.4', type: 'Address' });
    jobs.group({ name: 'Robin Sparkles', type: 'Adversary' });
    jobs.groupAssociation({ group_name: 'Robin Sparkles', group_type: 'Adversary', indicator: '1.2.3.4', indicator_type: 'Address' });
    const result = await jobs.process(this.inputs.tc_owner);
    this.exitCode = result.exitCode; // 0, or 3 when anything failed (1 ends the app at once)
    if (result.exitCode === 1) this.exit(1, result.message);
    this.exitMessage = `${jobs.groupLen} group, ${jobs.indicatorLen} indicator and ${jobs.groupAssociationLen} association added.`;
  }
}
// #endregion
