import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import { registerSecret } from '../core/secrets.js';

export interface ProxySettings {
  host: string;
  port: number | string;
  username?: string;
  password?: string;
}

/** The proxy URL; credentials are quoted so `@` or `:` in a password cannot break it. The proxy is reached over http. */
export function proxyUrl(proxy: ProxySettings): string {
  const auth = proxy.username
    ? `${encodeURIComponent(proxy.username)}${proxy.password ? `:${encodeURIComponent(proxy.password)}` : ''}@`
    : '';
  return `http://${auth}${proxy.host}:${proxy.port}`;
}

export interface DispatcherOptions {
  proxy?: ProxySettings;
  /** verify TLS certificates (default true) */
  verify?: boolean;
  connections?: number;
}

/** One dispatcher per client: a proxy agent when a proxy applies, else a plain keep-alive agent. */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const tls = { rejectUnauthorized: options.verify !== false };
  if (options.proxy?.host && options.proxy.port) {
    registerSecret(options.proxy.password);
    const { proxy } = options;
    const token = proxy.username
      ? `Basic ${Buffer.from(`${proxy.username}:${proxy.password ?? ''}`).toString('base64')}`
      : undefined;
    registerSecret(token);
    return new ProxyAgent({
      uri: `http://${proxy.host}:${proxy.port}`,
      ...(token ? { token } : {}),
      requestTls: tls,
      proxyTls: tls,
      connections: options.connections ?? 16,
    });
  }
  return new Agent({ connect: tls, connections: options.connections ?? 16, keepAliveTimeout: 10_000 });
}
