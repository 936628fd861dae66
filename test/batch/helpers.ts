import type { Batch, WireData } from '../../src/batch/index.js';

/** Drains a batch and returns everything it would send, chunk boundaries removed. */
export function drain(batch: Batch): Required<WireData> & { chunks: number } {
  const out = { group: [], indicator: [], association: [], chunks: 0 } as unknown as Required<WireData> & { chunks: number };
  for (const chunk of batch.chunks()) {
    const data = JSON.parse(chunk.content.toString('utf8')) as WireData;
    out.group.push(...(data.group ?? []));
    out.indicator.push(...(data.indicator ?? []));
    out.association.push(...(data.association ?? []));
    out.chunks++;
  }
  return out;
}
