import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { readLines, type ByteSource, type InvalidRow } from '../../../../src/feed/index.js';

/** How to read values from the list: the whole line, or one column of a delimited file. */
export interface ListLayout {
  /** 1-based column number, or a header name (the first row that is not a comment is then the header); empty: the whole line */
  column: string;
  /** column delimiter (default `,`; `\t` for tab) */
  delimiter: string;
}

export interface ListValue {
  where: string;
  record: { value: string };
}

// `#` and `;` start comments in blocklists (ET, Spamhaus DROP), `//` in some phishing lists
const COMMENT = /^\s*(#|;|\/\/)/;

/** Plain lists: one value per line, comments and blank lines skipped, a trailing comment cut off. */
async function* lines(source: ByteSource): AsyncGenerator<ListValue> {
  for await (const line of readLines(source)) {
    if (COMMENT.test(line.text)) continue;
    const value = line.text.replace(/\s(#|;|\/\/).*$/, '').trim();
    if (value) yield { where: `line ${line.number}`, record: { value } };
  }
}

/** Delimited lists: the chosen column of each row, parsed by csv-parse (quotes, delimiters inside quotes). */
async function* column(source: ByteSource, layout: ListLayout): AsyncGenerator<ListValue | InvalidRow> {
  const parser = parse({ delimiter: layout.delimiter === '\\t' ? '\t' : layout.delimiter || ',', comment: '#', comment_no_infix: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true, trim: true, bom: true, info: true });
  const input = Readable.from(source as AsyncIterable<Buffer | string>);
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  let index = /^\d+$/.test(layout.column) ? Number(layout.column) - 1 : -1;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (index < 0) {
      index = record.findIndex((h) => h.toLowerCase() === layout.column.toLowerCase());
      if (index < 0) throw new Error(`column: no column named ${JSON.stringify(layout.column)} in the header (${record.join(', ')})`);
      continue;
    }
    const where = `line ${info.lines}`;
    const value = record[index]?.trim();
    if (value) yield { where, record: { value } };
    else yield { kind: 'invalid', where, reason: `column ${index + 1}: no value (the row has ${record.length} columns)` };
  }
}

/** The list's values, each with where it was, for the mapping. */
export function parseList(source: ByteSource, layout: ListLayout): AsyncGenerator<ListValue | InvalidRow> {
  return layout.column ? column(source, layout) : lines(source);
}
