import { defineMapping, reject, type FeedOutput, type InvalidRow, type MappingOptions } from '../../../../src/feed/index.js';
import { detectIndicatorType } from '../../../../src/indicators/index.js';
import type { ListValue } from './parse.js';

export interface ListOptions extends MappingOptions {
  /** an indicator type for every value; empty: detected per value */
  indicatorType: string;
  /** tags for every indicator */
  tags: string[];
}

/** The type the SDK's indicator detection gives the value, or the refusal saying it found none. */
function detected(value: string) {
  return detectIndicatorType(value)?.type ?? reject(`${JSON.stringify(value.slice(0, 200))} is not an address, host, URL, email address or file hash`);
}

/** One indicator per value, its type given or detected; no groups, attributes only from settings. */
export function listMapping(options: ListOptions) {
  return defineMapping({
    defaultRating: options.defaultRating,
    defaultConfidence: options.defaultConfidence,
    indicators: [
      {
        type: options.indicatorType ? { value: options.indicatorType } : { path: 'value', fn: detected },
        summary: 'value',
        tags: { value: options.tags },
      },
    ],
  });
}

export function mapList(values: AsyncIterable<ListValue | InvalidRow>, options: ListOptions): AsyncGenerator<FeedOutput> {
  return listMapping(options).mapAll(values);
}
