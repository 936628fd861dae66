import type { PlatformRequest } from './request.js';
import type { PlatformResponse } from './respond.js';

export type Handler = (req: PlatformRequest) => Promise<PlatformResponse> | PlatformResponse;

export interface RouteOptions {
  /** `api` (default): ThreatConnect auth required; `none`: open (appAuth, admin) */
  auth?: 'api' | 'none';
  /** admin routes: media types a request body may have (default `application/json`); others → 415 */
  bodyTypes?: readonly string[];
}

interface Route {
  handler: Handler;
  options: RouteOptions;
  pattern: string;
}

interface Node {
  literals: Map<string, Node>;
  param?: { name: string; node: Node };
  routes: Map<string, Route>;
}

const newNode = (): Node => ({ literals: new Map(), routes: new Map() });

export interface Match {
  route: Route;
  params: Record<string, string>;
}

/**
 * Routes on raw, still percent-encoded path segments, so `%2F` inside an indicator value never splits a path.
 * Each parameter is decoded exactly once, after matching. Literal segments match case-insensitively (clients
 * send `intrusionsets` as well as `intrusionSets`) and win over parameters.
 */
export class Router {
  private readonly root = newNode();

  add(method: string, pattern: string, handler: Handler, options: RouteOptions = {}): void {
    let node = this.root;
    for (const seg of splitPath(pattern)) {
      if (seg.startsWith(':')) {
        const name = seg.slice(1);
        if (node.param && node.param.name !== name) {
          throw new Error(`route ${pattern}: parameter :${name} conflicts with :${node.param.name}`);
        }
        node.param ??= { name, node: newNode() };
        node = node.param.node;
      } else {
        const key = seg.toLowerCase();
        let next = node.literals.get(key);
        if (!next) node.literals.set(key, (next = newNode()));
        node = next;
      }
    }
    const m = method.toUpperCase();
    if (node.routes.has(m)) throw new Error(`route ${m} ${pattern} registered twice`);
    node.routes.set(m, { handler, options, pattern });
  }

  get(p: string, h: Handler, o?: RouteOptions): void {
    this.add('GET', p, h, o);
  }
  post(p: string, h: Handler, o?: RouteOptions): void {
    this.add('POST', p, h, o);
  }
  put(p: string, h: Handler, o?: RouteOptions): void {
    this.add('PUT', p, h, o);
  }
  delete(p: string, h: Handler, o?: RouteOptions): void {
    this.add('DELETE', p, h, o);
  }
  patch(p: string, h: Handler, o?: RouteOptions): void {
    this.add('PATCH', p, h, o);
  }

  /** Finds the route for a raw path; undefined when nothing matches (→ 404 envelope). */
  match(method: string, rawPath: string): Match | undefined {
    const segments = splitPath(rawPath);
    const params: string[][] = [];
    const found = this.walk(this.root, segments, 0, method.toUpperCase(), params);
    if (!found) return undefined;
    const decoded: Record<string, string> = {};
    for (const [name, raw] of params) decoded[name] = decodeSegment(raw);
    return { route: found, params: decoded };
  }

  private walk(node: Node, segs: string[], i: number, method: string, params: string[][]): Route | undefined {
    if (i === segs.length) return node.routes.get(method) ?? (method === 'HEAD' ? node.routes.get('GET') : undefined);
    const lit = node.literals.get(safeDecode(segs[i]).toLowerCase());
    if (lit) {
      const r = this.walk(lit, segs, i + 1, method, params);
      if (r) return r;
    }
    if (node.param) {
      params.push([node.param.name, segs[i]]);
      const r = this.walk(node.param.node, segs, i + 1, method, params);
      if (r) return r;
      params.pop();
    }
    return undefined;
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function safeDecode(seg: string): string {
  try {
    return decodeURIComponent(seg);
  } catch {
    return seg;
  }
}

/** Decodes a raw segment once; `+` stays a plus (it is only a space in queries). */
export function decodeSegment(raw: string): string {
  return safeDecode(raw);
}
