// The feed: its bytes → rows (parse) → indicators and groups (map). Kept apart from the app so it can be tested alone.
import {
  attribute,
  cleanTags,
  csvRows,
  feedDate,
  indicatorOrInvalid,
  mapRecords,
  slug,
  type ByteSource,
  type FeedDefinition,
  type FeedGroup,
  type FeedOutput,
  type InvalidRow,
  type MappingOptions,
} from 'tcex/feed';

export const FEED_NAME = 'c2-feed';
const COLUMNS = ['first_seen_utc', 'dst_ip', 'dst_port', 'c2_status', 'last_online', 'malware'] as const;

export interface FeedRow {
  line: number;
  firstSeen: string;
  ip: string;
  port: string;
  status: string;
  lastOnline: string;
  malware: string;
}

/**
 * The rows of the CSV, streaming: `#` comment lines are skipped, and so is the header row (in the real Feodo
 * Tracker file it is not commented: `"first_seen_utc","dst_ip",...`). A row with another number of columns, or
 * an unclosed quote, becomes an invalid row naming its line.
 */
export async function* parseFeed(source: ByteSource): AsyncGenerator<FeedRow | InvalidRow> {
  for await (const row of csvRows(source, COLUMNS, (fields) => fields[0] === COLUMNS[0])) {
    if ('kind' in row) {
      yield row;
      continue;
    }
    const [firstSeen, ip, port, status, lastOnline, malware] = row.fields;
    yield { line: row.line, firstSeen, ip, port, status, lastOnline, malware };
  }
}

/** Each row → its malware family as a Malware group (stable xid), then the server's Address associated to it. */
export function mapFeed(rows: AsyncIterable<FeedRow | InvalidRow>, options: MappingOptions): AsyncGenerator<FeedOutput> {
  return mapRecords(rows, (r: FeedRow) => {
    const family = r.malware.trim();
    const group: FeedGroup | undefined = family
      ? { kind: 'group', type: 'Malware', name: family, xid: `${FEED_NAME}:malware:${slug(family)}`, tags: [], attributes: [] }
      : undefined;
    const address = indicatorOrInvalid(`line ${r.line}`, {
      type: 'Address',
      value: r.ip,
      rating: options.defaultRating,
      confidence: options.defaultConfidence,
      firstSeen: feedDate(r.firstSeen),
      lastSeen: feedDate(r.lastOnline),
      // tags carry the bare malware name and the threat, never the source's own name
      tags: cleanTags([family, 'Botnet C2']),
      attributes: [attribute('Description', `Botnet C2 server of ${family || 'an unknown family'} on port ${r.port} (${r.status} when last checked).`)],
      groupXids: group ? [group.xid] : [],
    });
    return group && address.kind === 'indicator' ? [group, address] : address;
  });
}

export const c2Feed: FeedDefinition = {
  name: FEED_NAME,
  title: 'Botnet C2 feed',
  // used when the source param is empty; install.json's default is the bundled sample, so the app runs offline
  defaultUrl: 'https://feodotracker.abuse.ch/downloads/ipblocklist.csv',
  reader: (options) => (source) => mapFeed(parseFeed(source), options),
};
