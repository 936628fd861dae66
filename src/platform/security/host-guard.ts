import { isIP } from 'node:net';

/** Bind addresses that listen on every interface. */
export const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * Which `Host` headers the platform answers. A browser page can point a name it controls at 127.0.0.1 (DNS
 * rebinding); refusing every Host but loopback names, the address bound and the names allowed with `--allow-host`
 * leaves such a page talking to nothing.
 */
export class HostGuard {
  private readonly allowed: Set<string>;

  constructor(boundHost: string, allowHosts: readonly string[] = []) {
    this.allowed = new Set(allowHosts.map(normaliseHostname));
    if (!WILDCARD_HOSTS.has(boundHost)) this.allowed.add(normaliseHostname(boundHost));
  }

  /** The hostname of a `Host` header (port removed, lower case), or undefined when it is malformed. */
  static hostnameOf(hostHeader: string | undefined): string | undefined {
    if (!hostHeader) return undefined;
    const raw = hostHeader.trim();
    let name: string;
    if (raw.startsWith('[')) {
      const end = raw.indexOf(']');
      if (end < 0) return undefined;
      name = raw.slice(1, end);
    } else {
      const colon = raw.lastIndexOf(':');
      name = colon >= 0 && raw.indexOf(':') === colon ? raw.slice(0, colon) : raw;
    }
    return name ? normaliseHostname(name) : undefined;
  }

  allows(hostHeader: string | undefined): boolean {
    const name = HostGuard.hostnameOf(hostHeader);
    if (name === undefined) return false;
    return isLoopbackName(name) || this.allowed.has(name);
  }
}

function normaliseHostname(name: string): string {
  return name.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) return name === '::1' || name === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(name);
  return false;
}

/**
 * Whether a request's `Origin` is the platform itself: the same scheme-less host and port the request was sent to.
 * A page of any other site (or a sandboxed page, `Origin: null`) is refused from the admin interface.
 */
export function originIsOwn(origin: string, hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.protocol === 'http:' && url.host.toLowerCase() === hostHeader.trim().toLowerCase();
}
