import { FeedJobApp, feedInputShape, type FeedInputValues } from '../../../../src/feed/index.js';
import { z } from '../../../../src/app/index.js';
import { ipsumFeed } from './feed.js';
import type { IpsumOptions } from './map.js';

export const IpsumInputs = z.object({
  ...feedInputShape,
  /** leave out addresses seen on fewer blocklists than this */
  min_lists: z.coerce.number().int().min(1).max(100).default(1),
});
type IpsumInputValues = FeedInputValues & { min_lists: number };

export class App extends FeedJobApp<IpsumInputValues, IpsumOptions> {
  static override readonly inputs = IpsumInputs;
  readonly feed = ipsumFeed;

  protected override mappingOptions(inputs: IpsumInputValues): IpsumOptions {
    return { ...super.mappingOptions(inputs), minLists: inputs.min_lists };
  }
}
