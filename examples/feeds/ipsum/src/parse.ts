import { readLines, type ByteSource, type InvalidRow } from '../../../../src/feed/index.js';

/** One line of IPsum: an address and on how many public blocklists it appears. */
export interface IpsumRecord {
  line: number;
  ip: string;
  /** number of blocklists; undefined for a plain list without counts */
  lists?: number;
}

/** Streams `IP<tab>count` lines (comments `#` and blank lines skipped; a bare IP per line is accepted too). */
export async function* parseIpsum(source: ByteSource): AsyncGenerator<IpsumRecord | InvalidRow> {
  for await (const { number, text } of readLines(source)) {
    const line = text.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    if (fields.length > 2) {
      yield { kind: 'invalid', where: `line ${number}`, reason: `expected "IP count", got ${fields.length} fields: ${JSON.stringify(line.slice(0, 80))}` };
      continue;
    }
    if (fields.length === 1) {
      yield { line: number, ip: fields[0] };
      continue;
    }
    if (!/^\d{1,4}$/.test(fields[1])) {
      yield { kind: 'invalid', where: `line ${number}`, reason: `count: ${JSON.stringify(fields[1])} is not a whole number` };
      continue;
    }
    yield { line: number, ip: fields[0], lists: Number(fields[1]) };
  }
}
