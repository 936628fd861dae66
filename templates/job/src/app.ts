import { JobApp, z } from 'tcex';

// Every input the app reads, declared once with its type. Each one is also a param in install.json.
export const Inputs = z.object({
  tc_owner: z.string().min(1),
  greeting: z.string(),
  last_run: z.string().optional(),
});

interface Owner {
  id: number;
  name: string;
  type: string;
}

export class App extends JobApp<typeof Inputs> {
  static override readonly inputs = Inputs;

  async run(): Promise<void> {
    this.log.info(this.inputs.greeting);
    this.log.info(`previous run: ${this.inputs.last_run ?? 'none'}`);

    const { owner: owners } = await this.tc.v2<{ owner: Owner[] }>('GET', '/v2/owners');
    const owner = owners.find((o) => o.name === this.inputs.tc_owner);
    if (!owner) this.exit(1, `Owner ${this.inputs.tc_owner} is not available to this API user.`);

    // results.tc values come back as inputs on the next run (see last_run in install.json)
    this.results.set('last_run', new Date().toISOString());
    this.exitMessage = `Owner ${owner.name} (${owner.type}) is reachable; ${owners.length} owner(s) visible.`;
  }
}
