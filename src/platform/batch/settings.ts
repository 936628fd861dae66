import type { PlatformContext } from '../context.js';

/** Batch settings of a platform: `startPlatform({ batch: { ... } })`. */
export interface BatchSettings {
  /** false answers every batch call with 503, as a platform without batch does (default true) */
  enabled: boolean;
  /** largest data upload in bytes (default 75,000,000); bigger → 400 "File size greater than allowable limit of N" */
  maxUploadBytes: number;
  /** indicators allowed in one job (default 25,000, ThreatConnect's limit) */
  maxIndicators: number;
  /** createAndUpload data with at most this many items is processed before the call returns (default 0: never) */
  synchronousLimit: number;
  /** most steps committed per transaction; between slices the server answers other requests (default 25,000: a whole job of the largest size) */
  sliceSize: number;
  /**
   * a slice also ends, after the run of steps under way, once it has taken this many milliseconds (default 500). Each
   * commit writes every page the slice changed: with scattered keys (feeds' addresses and hashes) the same index pages
   * again and again, so Address jobs on a file went in at 0.79-0.83 of the raw reference's rate in slices of 5,000
   * steps and at 0.86-0.94 in slices of 12,500 (about half a second on the machine measured); other requests wait at
   * most about this long.
   */
  sliceMs: number;
  /**
   * Create jobs write indicators new to the owner in bulk, several rows per statement (default true); false writes
   * every item step by step. The result is the same either way; false is there to show that.
   */
  bulkInsert: boolean;
}

export const DEFAULT_BATCH_SETTINGS: BatchSettings = {
  enabled: true,
  maxUploadBytes: 75_000_000,
  maxIndicators: 25_000,
  synchronousLimit: 0,
  sliceSize: 25_000,
  sliceMs: 500,
  bulkInsert: true,
};

/** Reads `options.batch`, checking each value; a bad one stops the platform from starting, naming it. */
export function batchSettings(ctx: PlatformContext): BatchSettings {
  const given = (ctx.settings.options.batch ?? {}) as Partial<BatchSettings>;
  if (typeof given !== 'object' || given === null) throw new Error(`batch: settings must be an object, got ${JSON.stringify(given)}`);
  const out = { ...DEFAULT_BATCH_SETTINGS, ...given };
  for (const key of ['enabled', 'bulkInsert'] as const) {
    if (typeof out[key] !== 'boolean') throw new Error(`batch.${key}: must be true or false, got ${JSON.stringify(out[key])}`);
  }
  for (const key of ['maxUploadBytes', 'maxIndicators', 'synchronousLimit', 'sliceSize', 'sliceMs'] as const) {
    const v = out[key];
    const min = key === 'synchronousLimit' ? 0 : 1;
    if (!Number.isInteger(v) || v < min) throw new Error(`batch.${key}: must be a whole number of at least ${min}, got ${JSON.stringify(v)}`);
  }
  return out;
}
