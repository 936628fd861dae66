import { csvRows, type ByteSource, type InvalidRow } from '../../../../src/feed/index.js';

/** One row of URLhaus's CSV export (`csv_recent`, `csv_online`). */
export interface UrlhausRecord {
  line: number;
  id: string;
  dateAdded: string;
  url: string;
  status: string;
  lastOnline: string;
  threat: string;
  tags: string;
  link: string;
  reporter: string;
}

export const URLHAUS_COLUMNS = ['id', 'dateadded', 'url', 'url_status', 'last_online', 'threat', 'tags', 'urlhaus_link', 'reporter'] as const;

/** Streams the export's rows (the header may be a comment or a plain first row); misshapen rows come back invalid. */
export async function* parseUrlhaus(source: ByteSource): AsyncGenerator<UrlhausRecord | InvalidRow> {
  for await (const row of csvRows(source, URLHAUS_COLUMNS, (f) => f[0] === URLHAUS_COLUMNS[0] && f[2] === URLHAUS_COLUMNS[2])) {
    if ('kind' in row) {
      yield row;
      continue;
    }
    const [id, dateAdded, url, status, lastOnline, threat, tags, link, reporter] = row.fields;
    yield { line: row.line, id, dateAdded, url, status, lastOnline, threat, tags, link, reporter };
  }
}
