import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { ByteSource } from './lines.js';
import type { InvalidRow } from './items.js';

export interface CsvRow {
  /** 1-based line of the record's first line */
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  reason: string;
}

/**
 * Streams CSV records (comment lines starting with `#` skipped, blank lines skipped, spaces after separators
 * trimmed). A malformed record (say an unclosed quote) is yielded as a problem and parsing carries on.
 */
export async function* readCsv(source: ByteSource): AsyncGenerator<CsvRow | CsvProblem> {
  const problems: CsvProblem[] = [];
  const parser = parse({
    comment: '#',
    comment_no_infix: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    ltrim: true,
    rtrim: true,
    bom: true,
    info: true,
    skip_records_with_error: true,
    on_skip: (err) => {
      problems.push({ line: Number(err?.lines ?? 0), reason: err?.message ?? 'malformed CSV record' });
      return undefined;
    },
  });
  const input = Readable.from(source as AsyncIterable<Buffer | string>);
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  for await (const entry of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    while (problems.length) yield problems.shift() as CsvProblem;
    yield { line: entry.info.lines, fields: entry.record };
  }
  while (problems.length) yield problems.shift() as CsvProblem;
}

export function isCsvProblem(row: CsvRow | CsvProblem): row is CsvProblem {
  return 'reason' in row;
}

/**
 * Rows of a CSV feed with a known layout: header rows (`isHeader`) are skipped; malformed records and rows with
 * another number of columns become invalid rows naming the line and the expected columns.
 */
export async function* csvRows(
  source: ByteSource,
  columns: readonly string[],
  isHeader: (fields: string[]) => boolean,
): AsyncGenerator<CsvRow | InvalidRow> {
  for await (const row of readCsv(source)) {
    if (isCsvProblem(row)) {
      yield { kind: 'invalid', where: `line ${row.line}`, reason: row.reason };
    } else if (isHeader(row.fields)) {
      continue;
    } else if (row.fields.length !== columns.length) {
      yield { kind: 'invalid', where: `line ${row.line}`, reason: `expected ${columns.length} columns (${columns.join(', ')}), got ${row.fields.length}` };
    } else {
      yield row;
    }
  }
}
