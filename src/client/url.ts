import { TcConfigError } from '../core/errors.js';

export type QueryValue = string | number | boolean | null | undefined | Array<string | number | boolean>;
export type Query = Record<string, QueryValue>;

/** Normalises tc_api_path: trims trailing slashes; accepts `https://host/api` and the legacy host without `/api`. */
export function normaliseApiPath(apiPath: string): URL {
  let url: URL;
  try {
    url = new URL(apiPath);
  } catch {
    throw new TcConfigError('apiPath', apiPath, 'must be an absolute http(s) URL such as https://app.threatconnect.com/api');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TcConfigError('apiPath', apiPath, 'must use http or https');
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  url.search = '';
  url.hash = '';
  return url;
}

/** Encodes one path segment the way ThreatConnect expects: everything but unreserved characters, including `/ \ : !'()*`. */
export function encodeSegment(value: string | number): string {
  return encodeURIComponent(String(value)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Builds the final URL. The query is form-encoded (space as `+`) like the Python client, and the result is what gets signed. */
export function buildUrl(base: URL, path: string, query?: Query): URL {
  let target: URL;
  if (/^https?:\/\//i.test(path)) {
    target = new URL(path);
  } else {
    target = new URL(base.href);
    const rel = path.startsWith('/') ? path : `/${path}`;
    const [p, q] = splitOnce(rel, '?');
    target.pathname = base.pathname.replace(/\/+$/, '') + p;
    if (q) target.search = q;
  }
  if (query) {
    const params = new URLSearchParams(target.search);
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
      else params.set(key, String(value));
    }
    const search = params.toString();
    target.search = search ? `?${search}` : '';
  }
  return target;
}

function splitOnce(text: string, sep: string): [string, string | undefined] {
  const i = text.indexOf(sep);
  return i < 0 ? [text, undefined] : [text.slice(0, i), text.slice(i + 1)];
}

/** The exact path and query that go on the request line. */
export function pathAndQuery(url: URL): string {
  return url.pathname + url.search;
}
