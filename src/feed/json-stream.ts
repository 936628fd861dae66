import { StringDecoder } from 'node:string_decoder';
import type { ByteSource } from './lines.js';

export type JsonPath = Array<string | number>;

export interface JsonElement {
  /** keys and indexes leading to the element, e.g. `['1856791', 0]` */
  path: JsonPath;
  value: unknown;
}

export class JsonStreamError extends Error {}

interface Frame {
  kind: 'object' | 'array';
  /** object: the key of the member being read; array: the index of the element being read */
  key: string | number;
  expectKey: boolean;
}

const SCALAR = /^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/;

/**
 * Yields the values found at `pattern` (a path where `'*'` matches any key or index) from a JSON document, one
 * at a time: only the element being read is held in memory, so a feed of any size streams. Everything outside
 * the pattern is scanned and dropped. Malformed JSON throws a JsonStreamError naming the character offset.
 */
export async function* streamJson(source: ByteSource, pattern: JsonPath): AsyncGenerator<JsonElement> {
  const decoder = new StringDecoder('utf8');
  const stack: Frame[] = [];
  let offset = 0; // characters consumed before the current chunk
  let inString = false;
  let stringIsKey = false;
  let escaped = false;
  let keyBuf = '';
  let scalar = '';
  // the element being captured: its text pieces, the depth it sits at, and where it started in this chunk
  let pieces: string[] | undefined;
  let captureDepth = -1;
  let capturePath: JsonPath = [];
  let from = 0;
  let text = '';

  const fail = (what: string, i: number): never => {
    throw new JsonStreamError(`${what} at character ${offset + i}`);
  };
  const matches = (): boolean =>
    stack.length === pattern.length && pattern.every((want, d) => want === '*' || want === stack[d].key);
  const startValue = (i: number): void => {
    if (!pieces && matches()) {
      pieces = [];
      captureDepth = stack.length;
      capturePath = stack.map((f) => f.key);
      from = i;
    }
  };
  // called with the index just past the value's last character
  const endValue = (end: number): JsonElement | undefined => {
    if (!pieces || stack.length !== captureDepth) return undefined;
    pieces.push(text.slice(from, end));
    const raw = pieces.join('');
    pieces = undefined;
    try {
      return { path: capturePath, value: JSON.parse(raw) };
    } catch (err) {
      return fail(`invalid JSON in the value at ${capturePath.join('.')} (${(err as Error).message})`, end);
    }
  };
  const endScalar = (end: number): JsonElement | undefined => {
    if (!SCALAR.test(scalar)) fail(`unexpected ${JSON.stringify(scalar.slice(0, 20))}`, end);
    scalar = '';
    return endValue(end);
  };

  for await (const chunk of source) {
    text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (offset === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    from = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') {
          inString = false;
          if (stringIsKey) {
            try {
              stack[stack.length - 1].key = JSON.parse(`"${keyBuf}"`) as string;
            } catch {
              fail('invalid object key', i);
            }
            keyBuf = '';
          } else {
            const el = endValue(i + 1);
            if (el) yield el;
          }
          continue;
        }
        if (stringIsKey) keyBuf += c;
        continue;
      }
      if (scalar && /[\s,\]}]/.test(c)) {
        const el = endScalar(i);
        if (el) yield el;
      }
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
      const top = stack[stack.length - 1];
      switch (c) {
        case '"':
          inString = true;
          stringIsKey = top?.kind === 'object' && top.expectKey;
          if (stringIsKey) top.expectKey = false;
          else startValue(i);
          break;
        case ':':
          if (top?.kind !== 'object') fail("unexpected ':'", i);
          break;
        case ',':
          if (!top) fail("unexpected ','", i);
          if (top.kind === 'array') top.key = (top.key as number) + 1;
          else top.expectKey = true;
          break;
        case '{':
        case '[':
          startValue(i);
          stack.push({ kind: c === '{' ? 'object' : 'array', key: c === '{' ? '' : 0, expectKey: c === '{' });
          break;
        case '}':
        case ']': {
          const frame = stack.pop();
          if (!frame || (frame.kind === 'object') !== (c === '}')) fail(`unexpected '${c}'`, i);
          const el = endValue(i + 1);
          if (el) yield el;
          break;
        }
        default:
          if (!scalar) startValue(i);
          scalar += c;
      }
    }
    if (pieces) pieces.push(text.slice(from));
    offset += text.length;
  }
  text = '';
  from = 0;
  if (scalar) {
    const el = endScalar(0);
    if (el) yield el;
  }
  if (inString || stack.length > 0) throw new JsonStreamError(`unexpected end of JSON after ${offset} characters`);
}
