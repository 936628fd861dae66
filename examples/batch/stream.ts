// The "Submitting while building" example of docs/batch.md, shown verbatim there and run by
// test/batch/submit-while-building.test.ts against the platform (the docs import from 'tcex'; here the sources).
import { Batch, type BatchResult, type TcClient } from '../../src/index.js';

// #region stream
/** Reads `ip<TAB>lists` lines (an IPsum-style blocklist) and sends them as jobs while it still reads. */
export async function ingestBlocklist(client: TcClient, lines: AsyncIterable<string>, firstJobItems = 5_000): Promise<BatchResult> {
  const batch = new Batch({
    client,
    owner: 'Example Organization',
    // the first job goes once `firstJobItems` addresses wait, then full jobs, at most two in flight
    submitWhileBuilding: { firstJobItems },
  });
  try {
    for await (const line of lines) {
      if (line === '' || line.startsWith('#')) continue;
      const [ip, lists] = line.split('\t');
      const count = Number(lists);
      batch.address(ip, Math.min(5, 1 + Math.floor(count / 2)), Math.min(100, 20 + count * 10)).tag('IPsum');
    }
    // sends what is left, waits for every job (those sent while reading too) and reports them in order
    return await batch.submitAll();
  } finally {
    batch.close();
  }
}
// #endregion
