import { StringDecoder } from 'node:string_decoder';

export type ByteSource = AsyncIterable<Buffer | string>;

export interface Line {
  /** 1-based line number */
  number: number;
  text: string;
}

/** Splits a byte stream into lines (LF or CRLF) without holding more than one chunk and one partial line. */
export async function* readLines(source: ByteSource): AsyncGenerator<Line> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let number = 0;
  let first = true;
  for await (const chunk of source) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (first && text.length > 0) {
      // a UTF-8 byte order mark is not part of the first value
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    pending += text;
    let start = 0;
    let nl: number;
    while ((nl = pending.indexOf('\n', start)) >= 0) {
      const end = nl > start && pending.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield { number: ++number, text: pending.slice(start, end) };
      start = nl + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.end();
  if (pending.length > 0) yield { number: ++number, text: pending.endsWith('\r') ? pending.slice(0, -1) : pending };
}

/**
 * Hands each complete (LF-ended) line of `text` to `onLine`, synchronously; `onLine` returning false stops.
 * Returns what follows the last line break, to be put before the next piece of text, or undefined when stopped.
 */
export function eachCompleteLine(text: string, onLine: (line: string) => boolean | void): string | undefined {
  let start = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
    if (onLine(text.slice(start, nl)) === false) return undefined;
    start = nl + 1;
  }
  return text.slice(start);
}
