// Reading the feed: one row per line, comments skipped. Kept apart from the app so it can be tested alone.

export interface FeedRow {
  firstSeen: string;
  ip: string;
  port: string;
  status: string;
  lastOnline: string;
  malware: string;
}

/** Splits one CSV line on commas, removing the double quotes around each field (the feed quotes every field). */
function fields(line: string): string[] {
  return line.split(',').map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
}

/** The rows of the feed, in order; lines starting with # and blank lines are skipped. */
export function* parseFeed(text: string): Generator<FeedRow> {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [firstSeen = '', ip = '', port = '', status = '', lastOnline = '', malware = ''] = fields(line);
    yield { firstSeen, ip, port, status, lastOnline, malware };
  }
}
