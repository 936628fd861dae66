import { TcConfigError } from '../core/errors.js';

/**
 * The legacy Python SDK's default indicator patterns (`Config/ResourceRegexes.py`, v2.4.21), ported to
 * JavaScript. Python's `re.match` anchors only at the start and its mid-pattern `(?i)` was a global flag; here
 * every pattern is anchored at both ends (a value is an indicator only if the whole of it matches) and the
 * case-insensitive ones carry the `i` flag.
 */

/** A named test for one shape of value, e.g. `ipv4` or `sha256`. */
export interface NamedPattern {
  name: string;
  test(value: string): boolean;
}

/** What callers may pass as a pattern: a RegExp (matched against the whole value), a predicate, or a named pattern. */
export type PatternInput = RegExp | ((value: string) => boolean) | NamedPattern;

const OCTET = '(?:\\d|[1-9]\\d|1\\d\\d|2[0-4]\\d|25[0-5])';
const IPV4 = `${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}`;
const H = '[0-9a-f]{1,4}';
const LS32 = `(?:${H}:${H}|${IPV4})`;

// RFC 3986 IPv6address: the nine forms of compression, each the legacy source wrote out (many times over).
const IPV6_BRANCHES = [
  `(?:${H}:){6}${LS32}`,
  `::(?:${H}:){5}${LS32}`,
  `(?:${H})?::(?:${H}:){4}${LS32}`,
  `(?:(?:${H}:)?${H})?::(?:${H}:){3}${LS32}`,
  `(?:(?:${H}:){0,2}${H})?::(?:${H}:){2}${LS32}`,
  `(?:(?:${H}:){0,3}${H})?::${H}:${LS32}`,
  `(?:(?:${H}:){0,4}${H})?::${LS32}`,
  `(?:(?:${H}:){0,5}${H})?::${H}`,
  `(?:(?:${H}:){0,6}${H})?::`,
];

// Host names may not end in these (they are file extensions and scripting words the platform rejects).
const HOST_EXCLUDED_TLDS =
  'exe|php|dll|doc|docx|txt|rtf|odt|xls|xlsx|ppt|pptx|bin|pcap|ioc|pdf|mdb|asp|html|xml|jpg|png|lnk|log|vbs|lco|bat|' +
  'shell|quit|pdb|vbp|bdoda|bsspx|save|cpl|wav|tmp|close|ico|ini|sleep|run|scr|jar|jxr|apt|w32|css|js|xpi|class|apk|' +
  'rar|zip|hlp|cpp|crl|cfg|cer|plg|lxdns|cgi|dat$|gif$|xn$';

export const LEGACY_SOURCES = {
  ipv4: { source: IPV4, flags: '' },
  ipv6: { source: `(?:${IPV6_BRANCHES.join('|')})`, flags: 'i' },
  email: {
    source:
      "[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])",
    flags: 'i',
  },
  md5: { source: '[a-fA-F\\d]{32}', flags: '' },
  sha1: { source: '[a-fA-F\\d]{40}', flags: '' },
  sha256: { source: '[a-fA-F\\d]{64}', flags: '' },
  host: {
    source: `(?:(?!-)[a-z0-9-]{1,63}(?<!-)\\.)+(?!${HOST_EXCLUDED_TLDS})(?:xn--[a-z0-9]{2,22}|[a-z]{2,13})`,
    flags: 'i',
  },
  // The legacy pattern was case-sensitive, so `HTTP://x.com` was no URL; schemes are case-insensitive (RFC 3986).
  url: { source: "(?:https?|sftp|ftp|file)://[-a-z0-9+&@#/%?=~_|!:,.;'\"*$()]*[a-z0-9+&@#/%=~_|?]", flags: 'i' },
} as const;

export type LegacyPatternName = keyof typeof LEGACY_SOURCES;

/** A whole-value test built from a RegExp: anchored, without global/sticky/multiline state that would break it. */
export function wholeValue(name: string, regex: RegExp): NamedPattern {
  const flags = regex.flags.replace(/[gym]/g, '');
  const anchored = new RegExp(`^(?:${regex.source})$`, flags);
  return { name, test: (value) => anchored.test(value) };
}

export function legacyPattern(name: LegacyPatternName): NamedPattern {
  const { source, flags } = LEGACY_SOURCES[name];
  return wholeValue(name, new RegExp(source, flags));
}

/** Default patterns per indicator type, in the legacy detection order (Address first, URL last). */
export function defaultPatterns(): Map<string, NamedPattern[]> {
  return new Map<string, NamedPattern[]>([
    ['Address', [legacyPattern('ipv4'), legacyPattern('ipv6')]],
    ['EmailAddress', [legacyPattern('email')]],
    ['File', [legacyPattern('md5'), legacyPattern('sha1'), legacyPattern('sha256')]],
    ['Host', [legacyPattern('host')]],
    ['URL', [legacyPattern('url')]],
  ]);
}

/** Turns what a caller passed into named patterns; `type` names the indicator type in errors. */
export function toPatterns(type: string, input: PatternInput | readonly PatternInput[]): NamedPattern[] {
  const list = Array.isArray(input) ? input : [input as PatternInput];
  return list.map((p, i) => {
    if (p instanceof RegExp) return wholeValue(`${type}[${i}]`, p);
    if (typeof p === 'function') return { name: p.name || `${type}[${i}]`, test: (v: string) => p(v) === true };
    if (p && typeof p === 'object' && typeof (p as NamedPattern).test === 'function') {
      return { name: String((p as NamedPattern).name ?? `${type}[${i}]`), test: (v: string) => (p as NamedPattern).test(v) === true };
    }
    throw new TcConfigError(`patterns.${type}[${i}]`, typeof p, 'must be a RegExp, a function or { name, test }');
  });
}
