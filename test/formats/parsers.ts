// Small strict parsers for what the formats write, so tests check that output reads back, not just how it looks.

/** Splits a CEF/LEEF line on unescaped pipes (header fields unescaped); the last part is the rest of the line. */
export function parseHeader(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  const limit = line.startsWith('LEEF:') ? 5 : 7;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (out.length >= limit) {
      cur += c;
      continue;
    }
    if (c === '\\' && (line[i + 1] === '|' || line[i + 1] === '\\')) {
      cur += line[++i];
    } else if (c === '|') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Parses `k="v" ` pairs, undoing backslash escapes (\\ \" \= \n \r \t); throws on anything malformed. */
export function parsePairs(text: string, _cef = false): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('="', i);
    if (eq < 0) throw new Error(`no ="" after ${JSON.stringify(text.slice(i, i + 30))}`);
    const key = text.slice(i, eq);
    if (!/^[A-Za-z0-9_.]+$/.test(key)) throw new Error(`bad key ${JSON.stringify(key)}`);
    let j = eq + 2;
    let value = '';
    for (;;) {
      if (j >= text.length) throw new Error(`unterminated value for ${key}`);
      const c = text[j];
      if (c === '\\') {
        const n = text[j + 1];
        value += ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[n] ?? n;
        j += 2;
      } else if (c === '"') {
        j++;
        break;
      } else {
        value += c;
        j++;
      }
    }
    if (text[j] !== ' ') throw new Error(`no space after ${key}`);
    out.push([key, value]);
    i = j + 1;
  }
  return out;
}
