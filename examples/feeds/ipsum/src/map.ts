import { type FeedOutput, type InvalidRow, DEFAULT_MAPPING, type MappingOptions, attribute, indicatorOrInvalid, mapRecords } from '../../../../src/feed/index.js';
import type { IpsumRecord } from './parse.js';

export interface IpsumOptions extends MappingOptions {
  /** addresses on fewer blocklists than this are left out (IPsum's own advice: 3 or more for blocking) */
  minLists: number;
}

export const DEFAULT_IPSUM: IpsumOptions = { ...DEFAULT_MAPPING, minLists: 1 };

/**
 * The feed's own measure of threat: on how many lists an address is. 1 list → rating 1, ... 5 or more → 5.
 * A plain list without counts falls back to the configured default rating.
 */
export function ratingFromLists(lists: number | undefined, options: MappingOptions): number {
  return lists === undefined ? options.defaultRating : Math.max(1, Math.min(5, lists));
}

/** Maps IPsum lines to Address indicators; the blocklist count sets the rating, confidence is configurable. */
export function mapIpsum(records: AsyncIterable<IpsumRecord | InvalidRow>, options: IpsumOptions = DEFAULT_IPSUM): AsyncGenerator<FeedOutput> {
  return mapRecords(records, (r: IpsumRecord): FeedOutput => {
    if (r.lists !== undefined && r.lists < options.minLists) {
      return { kind: 'skipped', where: `line ${r.line}`, reason: `on fewer than ${options.minLists} blocklists` };
    }
    return indicatorOrInvalid(`line ${r.line}`, {
      type: 'Address',
      value: r.ip,
      rating: ratingFromLists(r.lists, options),
      confidence: options.defaultConfidence,
      tags: ['Blocklisted'],
      attributes: [
        attribute('Description', r.lists === undefined ? 'Listed on public blocklists.' : `Listed on ${r.lists} public blocklist${r.lists === 1 ? '' : 's'}.`),
        attribute('Source', 'https://github.com/stamparm/ipsum'),
      ],
    });
  });
}
