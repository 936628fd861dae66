import { ExitCode, z } from '../../../../src/app/index.js';
import { INDICATOR_TYPES, indicatorType } from '../../../../src/model/index.js';
import { FeedJobApp, feedInputShape } from '../../../../src/feed/index.js';
import { indicatorListFeed, type IndicatorListOptions } from './feed.js';

export const ListInputs = z.object({
  ...feedInputShape,
  /** empty: one value per line; else the 1-based column number or the header name of the value column */
  column: z.string().default(''),
  delimiter: z.string().default(','),
  /** empty: each value's type is detected */
  indicator_type: z.string().default(''),
  /** comma-separated tags for every indicator */
  tags: z.string().default(''),
});
type ListInputValues = z.infer<typeof ListInputs>;

/** A plain indicator list (a blocklist, a phishing URL list): one value per line or one column of a CSV. */
export class App extends FeedJobApp<ListInputValues, IndicatorListOptions> {
  static override readonly inputs = ListInputs;
  readonly feed = indicatorListFeed;

  override async run(): Promise<void> {
    // a setting error, said as such before the feed is fetched (not as a feed that failed to read)
    const fixed = (this.inputs as ListInputValues).indicator_type.trim();
    if (fixed && !indicatorType(fixed)) {
      this.exit(ExitCode.Failure, `indicator_type: ${JSON.stringify(fixed)} is not an indicator type (${INDICATOR_TYPES.map((t) => t.name).join(', ')}; empty: detected)`);
    }
    await super.run();
  }

  protected override mappingOptions(inputs: ListInputValues): IndicatorListOptions {
    return {
      ...super.mappingOptions(inputs),
      column: inputs.column.trim(),
      delimiter: inputs.delimiter,
      indicatorType: inputs.indicator_type.trim(),
      tags: inputs.tags.split(',').map((t) => t.trim()).filter(Boolean),
    };
  }
}
