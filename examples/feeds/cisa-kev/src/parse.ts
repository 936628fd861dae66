import { streamJson, type ByteSource, type InvalidRow } from '../../../../src/feed/index.js';

/** One entry of CISA's Known Exploited Vulnerabilities catalog, as the JSON has it, and where it sits. */
export interface KevEntry {
  where: string;
  record: Record<string, unknown>;
}

/** Streams `vulnerabilities[]` of the catalog JSON, one entry at a time; the mapping reads its fields. */
export async function* parseKev(source: ByteSource): AsyncGenerator<KevEntry | InvalidRow> {
  for await (const { path, value } of streamJson(source, ['vulnerabilities', '*'])) {
    const where = `vulnerabilities[${path[1]}]`;
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      yield { kind: 'invalid', where, reason: 'expected an object describing one vulnerability' };
      continue;
    }
    yield { where, record: value as Record<string, unknown> };
  }
}
