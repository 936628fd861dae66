import { csvRows, type ByteSource, type InvalidRow } from '../../../../src/feed/index.js';

/** One row of the Feodo Tracker botnet C2 IP blocklist (CSV). */
export interface FeodoRecord {
  line: number;
  firstSeen: string;
  ip: string;
  port: string;
  status: string;
  lastOnline: string;
  malware: string;
}

export const FEODO_COLUMNS = ['first_seen_utc', 'dst_ip', 'dst_port', 'c2_status', 'last_online', 'malware'] as const;

/** Streams the blocklist's rows; the header row is skipped, rows of the wrong shape come back as invalid. */
export async function* parseFeodo(source: ByteSource): AsyncGenerator<FeodoRecord | InvalidRow> {
  for await (const row of csvRows(source, FEODO_COLUMNS, (f) => f[0] === FEODO_COLUMNS[0])) {
    if ('kind' in row) {
      yield row;
      continue;
    }
    const [firstSeen, ip, port, status, lastOnline, malware] = row.fields;
    yield { line: row.line, firstSeen, ip, port, status, lastOnline, malware };
  }
}
