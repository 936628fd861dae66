import { ApiFailure } from '../http/errors.js';

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  body: Buffer;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Parses a `multipart/form-data` body (RFC 7578) held in memory: enough for createAndUpload's `config` and
 * `content` parts, written here rather than pulling in a streaming parser for two parts.
 */
export function parseMultipart(contentType: string | undefined, body: Buffer): MultipartPart[] {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!contentType?.toLowerCase().startsWith('multipart/form-data') || !m) {
    throw new ApiFailure(400, `The request was not properly formed: Content-Type must be multipart/form-data with a boundary, got ${JSON.stringify(contentType ?? null)}`);
  }
  const delimiter = Buffer.from(`--${m[1] ?? m[2]}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new ApiFailure(400, 'The request was not properly formed: multipart body has no boundary line');
  for (;;) {
    pos += delimiter.length;
    // `--` after a delimiter closes the body
    if (body[pos] === 45 && body[pos + 1] === 45) break;
    if (body.subarray(pos, pos + 2).equals(CRLF)) pos += 2;
    const headerEnd = body.indexOf(HEADER_END, pos);
    if (headerEnd < 0) throw new ApiFailure(400, 'The request was not properly formed: multipart part without headers');
    const headers = parseHeaders(body.toString('utf8', pos, headerEnd));
    const start = headerEnd + HEADER_END.length;
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), start);
    if (next < 0) throw new ApiFailure(400, 'The request was not properly formed: multipart part is not terminated');
    const disposition = headers['content-disposition'] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? /\bname=([^;\s]+)/i.exec(disposition)?.[1];
    if (name !== undefined) {
      parts.push({
        name,
        filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
        contentType: headers['content-type'],
        body: body.subarray(start, next),
      });
    }
    pos = next + CRLF.length;
  }
  return parts;
}

function parseHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) out[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return out;
}
