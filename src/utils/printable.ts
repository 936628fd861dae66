/**
 * Text from outside (a feed's bytes, a server's answer) made safe to print on one line: anything but printable
 * ASCII is escaped (`\n`, `\x00`, `\u00e9`, `\ufffd` for bytes that were not UTF-8), and the result is cut at
 * `max` characters with `...`. Garbage input then shows as a short escaped line, never as raw bytes.
 */
export function printable(text: string, max = 160): string {
  let out = '';
  let cut = false;
  for (const ch of text) {
    if (out.length > max) {
      cut = true;
      break;
    }
    out += escapeChar(ch);
  }
  return cut || out.length > max ? `${out.slice(0, Math.max(0, max - 3))}...` : out;
}

function escapeChar(ch: string): string {
  const code = ch.codePointAt(0) as number;
  if (code >= 0x20 && code < 0x7f) return ch;
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\u{${code.toString(16)}}`;
}
