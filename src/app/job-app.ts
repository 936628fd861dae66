import { mkdirSync } from 'node:fs';
import type { z } from 'zod';
import { TcClient } from '../client/client.js';
import type { ProxySettings } from '../client/proxy.js';
import type { StandardArgs } from '../contract/standard-args.js';
import { AppExit, ExitCode, InputError } from './exit.js';
import { ExternalSession, type ExternalSessionOptions } from './external-session.js';
import type { InputsSchema } from './inputs.js';
import type { InstallJson } from '../contract/install-json.js';
import type { AppLogger } from './logger.js';
import { writeMessageTc } from './message-tc.js';
import type { ResultsTc } from '../contract/results-tc.js';
import { userAgent } from './version.js';

/** What the runtime hands an app before setup(). */
export interface AppContext {
  args: StandardArgs;
  inputs: Record<string, unknown>;
  log: AppLogger;
  installJson: InstallJson;
  results: ResultsTc;
  signal: AbortSignal;
}

/**
 * Base class of a job app. Write `run()`; the runtime parses and validates inputs, opens the log, calls
 * `setup()`, `run()` and `teardown()`, and ends with the exit code and message.
 */
export abstract class JobApp<S extends InputsSchema = InputsSchema> {
  /** The app's inputs, declared once; each key must be an install.json param or a standard tc_* arg. */
  static inputs?: InputsSchema;

  inputs!: z.infer<S>;
  args!: StandardArgs;
  log!: AppLogger;
  installJson!: InstallJson;
  results!: ResultsTc;
  signal!: AbortSignal;
  /** written to message.tc when the app ends normally */
  exitMessage = 'Success';
  /** the code used when run() returns normally; set 3 for a partial failure */
  exitCode: number = ExitCode.Success;

  private tcClient?: TcClient;
  private sessions: ExternalSession[] = [];
  private defaultSession?: ExternalSession;

  /** Called by the runtime; apps do not call it. */
  attach(context: AppContext): void {
    this.args = context.args;
    this.inputs = context.inputs as z.infer<S>;
    this.log = context.log;
    this.installJson = context.installJson;
    this.results = context.results;
    this.signal = context.signal;
  }

  async setup(): Promise<void> {}
  abstract run(): Promise<void>;
  async teardown(): Promise<void> {}

  get inPath(): string {
    return ensureDir(this.args.tc_in_path);
  }
  get outPath(): string {
    return ensureDir(this.args.tc_out_path);
  }
  get tempPath(): string {
    return ensureDir(this.args.tc_temp_path);
  }
  get logPath(): string {
    return ensureDir(this.args.tc_log_path);
  }

  get userAgent(): string {
    return userAgent(this.installJson);
  }

  /** The proxy from the tc_proxy_* args, when host and port are both set. */
  get proxy(): ProxySettings | undefined {
    const a = this.args;
    if (!a.tc_proxy_host || !a.tc_proxy_port) return undefined;
    return { host: a.tc_proxy_host, port: a.tc_proxy_port, username: a.tc_proxy_username, password: a.tc_proxy_password };
  }

  /** The ThreatConnect client, built on first use from the args (a token wins over HMAC keys). Without credentials the app ends with 1 naming them. */
  get tc(): TcClient {
    if (!this.tcClient) {
      const a = this.args;
      if (!a.tc_token && !(a.tc_api_access_id && a.tc_api_secret_key)) {
        throw new InputError(['Missing input tc_api_access_id and tc_api_secret_key, or tc_token: credentials are needed to reach ThreatConnect']);
      }
      this.tcClient = new TcClient({
        apiPath: a.tc_api_path,
        accessId: a.tc_api_access_id,
        secretKey: a.tc_api_secret_key,
        token: a.tc_token,
        tokenExpires: a.tc_token_expires,
        proxy: this.proxy,
        useProxy: a.tc_proxy_tc,
        verify: a.tc_verify,
        logger: this.log,
        userAgent: this.userAgent,
        owner: (this.inputs as Record<string, unknown> | undefined)?.tc_owner as string | undefined ?? a.tc_owner,
      });
    }
    return this.tcClient;
  }

  /** The external HTTP session for the feed source; set `this.external.baseUrl` in setup(). */
  get external(): ExternalSession {
    this.defaultSession ??= this.session();
    return this.defaultSession;
  }

  /** A new external session with this app's proxy switch, TLS setting, user agent and logger. */
  session(options: ExternalSessionOptions = {}): ExternalSession {
    const session = new ExternalSession({
      proxy: this.proxy,
      useProxy: this.args.tc_proxy_external,
      verify: this.args.tc_verify,
      userAgent: this.userAgent,
      logger: this.log,
      ...options,
    });
    this.sessions.push(session);
    return session;
  }

  /** Ends the app now with this code and message (the runtime writes message.tc and runs teardown()). */
  exit(code: number, message?: string): never {
    throw new AppExit(code, message);
  }

  /** Writes message.tc without ending the app. */
  writeMessage(message: string): void {
    writeMessageTc(this.args.tc_out_path, message);
  }

  /** Closes the clients the app opened; called by the runtime after teardown(). */
  async closeConnections(): Promise<void> {
    await Promise.allSettled([this.tcClient?.close(), ...this.sessions.map((s) => s.close())]);
  }
}

function ensureDir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}

export type JobAppClass = (new () => JobApp<any>) & { inputs?: InputsSchema };
