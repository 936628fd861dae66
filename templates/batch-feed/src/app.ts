import { Batch, BatchValidationError, JobApp, z, type BatchResult } from 'tcex';
import { parseFeed } from './feed.js';

// Every input the app reads, declared once with its type. Each one is also a param in install.json.
export const Inputs = z.object({
  tc_owner: z.string().min(1),
  source_url: z.string().url(),
  default_rating: z.number().min(0).max(5),
  default_confidence: z.number().int().min(0).max(100),
  last_run: z.string().optional(),
});

export class App extends JobApp<typeof Inputs> {
  static override readonly inputs = Inputs;
  private batch?: Batch;

  override async setup(): Promise<void> {
    // Batch spools to disk as items are added, so memory stays flat on large feeds
    this.batch = new Batch({ owner: this.inputs.tc_owner, client: this.tc, tempDir: this.tempPath, logger: this.log, progress: false });
  }

  async run(): Promise<void> {
    const batch = this.batch as Batch;
    this.log.info(`previous run: ${this.inputs.last_run ?? 'none'}`);

    const res = await this.external.get(this.inputs.source_url);
    if (!res.ok) this.exit(1, `Failed to download the feed (HTTP ${res.status}).`);

    let rows = 0;
    let skipped = 0;
    for (const row of parseFeed(await res.text())) {
      rows++;
      try {
        const address = batch.address(row.ip, {
          rating: this.inputs.default_rating,
          confidence: this.inputs.default_confidence,
          firstSeen: `${row.firstSeen.replace(' ', 'T')}Z`,
        });
        address.attribute('Description', `Botnet C2 server (port ${row.port}, ${row.status})`);
        if (row.malware) {
          // tags carry the bare malware name, never the source's name
          address.tag(row.malware);
          address.association(batch.malware(row.malware));
        }
      } catch (err) {
        if (!(err instanceof BatchValidationError)) throw err;
        skipped++;
        this.log.warn(`row ${rows} skipped: ${err.message}`);
      }
    }
    this.log.info(`read ${rows} row(s), ${skipped} skipped`);

    const result = await batch.submitAll({ throwOnError: false });
    this.report(result, rows - skipped, skipped);
    this.results.set('last_run', new Date().toISOString());
  }

  override async teardown(): Promise<void> {
    this.batch?.close();
  }

  private report(result: BatchResult, accepted: number, skipped: number): void {
    const { success, error } = result.totals;
    for (const e of result.errors.slice(0, 20)) this.log.warn(`batch error: ${e.errorReason ?? JSON.stringify(e)}`);
    const summary = `${success.indicators} indicator(s) and ${success.groups} group(s) saved; ${error.total} error(s); ${skipped} invalid row(s) skipped.`;
    if (accepted > 0 && success.total === 0) this.exit(1, `Nothing was saved. ${summary}`);
    if (!result.ok || skipped > 0) this.exitCode = 3;
    this.exitMessage = summary;
  }
}
