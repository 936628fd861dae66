import { useEffect, useState } from 'preact/hooks';

// Routes live in the fragment (`#/browse?owner=2`), so the page is one file and the server never sees them.

export interface Route {
  page: string;
  parts: string[];
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { page: parts[0] ?? 'overview', parts: parts.slice(1), params: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

export function useRoute(): Route {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const on = () => setHash(location.hash);
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return parseRoute(hash);
}

export function href(page: string, parts: Array<string | number> = [], params: Record<string, string | number | undefined> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') p.set(k, String(v));
  const q = p.toString();
  return `#/${[page, ...parts.map((x) => encodeURIComponent(String(x)))].join('/')}${q ? `?${q}` : ''}`;
}

export const go = (to: string): void => {
  location.hash = to;
};
