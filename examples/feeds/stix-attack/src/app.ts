import { ExitCode, z } from '../../../../src/app/index.js';
import { FeedJobApp, feedInputShape, openLocal, TaxiiClient, type FeedSource } from '../../../../src/feed/index.js';
import { stixFeed } from './feed.js';
import { stixRemovals } from './parse.js';

export const StixInputs = z.object({
  ...feedInputShape,
  /** a TAXII 2.1 server's discovery URL; when set, the collection is read instead of `source` */
  taxii_server: z.string().default(''),
  taxii_api_root: z.string().default(''),
  taxii_collection: z.string().default(''),
  taxii_username: z.string().default(''),
  taxii_password: z.string().default(''),
  taxii_token: z.string().default(''),
  /** results.tc: the newest `date_added` read so far; the next run asks for what was added after it (hidden) */
  taxii_added_after: z.string().optional(),
});
type StixInputValues = z.infer<typeof StixInputs>;

/**
 * The STIX 2.1 feed: a bundle from `source` (URL or file), or a TAXII 2.1 collection. The first TAXII run reads
 * the whole collection; later runs read what was added after the last one, which removes only what it revokes.
 */
export class App extends FeedJobApp<StixInputValues> {
  static override readonly inputs = StixInputs;
  readonly feed = stixFeed;
  private addedLast?: string;

  protected override async fetchFeed(inputs: StixInputValues): Promise<FeedSource> {
    if (!inputs.taxii_server) return super.fetchFeed(inputs);
    const client = new TaxiiClient(this.external, {
      discovery: inputs.taxii_server,
      apiRoot: inputs.taxii_api_root || undefined,
      collection: inputs.taxii_collection || undefined,
      username: inputs.taxii_username || undefined,
      password: inputs.taxii_password || undefined,
      token: inputs.taxii_token || undefined,
      addedAfter: inputs.taxii_added_after || undefined,
      signal: this.signal,
    });
    const got = await client.download(this.tempPath);
    this.log.info(`${got.label}: ${got.objects} objects in ${got.pages} pages${inputs.taxii_added_after ? ` added after ${inputs.taxii_added_after}` : ''}`);
    this.addedLast = got.addedLast;
    const source = await openLocal(got.file, got.label, this.tempPath);
    if (inputs.taxii_added_after) source.partial = { removals: await stixRemovals(source.open()) };
    return source;
  }

  override async run(): Promise<void> {
    await super.run();
    // only a run that saved everything moves the TAXII position on; otherwise the next run reads the same again
    const previous = (this.inputs as StixInputValues).taxii_added_after;
    const next = this.exitCode === ExitCode.Success ? this.addedLast : previous;
    if (next) this.results.set('taxii_added_after', next);
  }
}
