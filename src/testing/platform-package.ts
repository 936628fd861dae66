// How the tcex package reaches the platform package (@tcex/platform) without depending on it: the platform carries
// the native SQLite driver, which an app never needs at run time. Everything here is loaded on demand.
import { ErrorCode, TcError } from '../core/errors.js';

/** The platform's package name: what `tcex platform ...`, `tcex run --local-platform` and `tcex/testing` load. */
export const PLATFORM_PACKAGE = '@tcex/platform';

/** What the tcex side passes to the platform's `startPlatform()` (the platform accepts more). */
export interface PlatformStartOptions {
  port?: number;
  host?: string;
  allowHosts?: string[];
  dataFile?: string;
  accessId?: string;
  secretKey?: string;
  adminKey?: string;
  orgName?: string;
  quiet?: boolean;
}

/** A running platform, as the tcex side sees it (the platform's own handle has more). */
export interface StartedPlatform {
  /** base URL of the API, `http://127.0.0.1:PORT/api` */
  url: string;
  origin: string;
  port: number;
  listenAddress: string;
  accessId: string;
  secretKey: string;
  /** `origin + '/_platform'` */
  adminUrl: string;
  adminKey: string;
  adminKeySource: 'given' | 'file' | 'generated';
  warnings: string[];
  close(): Promise<void>;
}

/** A platform in a child process of its own (`npm start`). */
export interface PlatformChild {
  url: string;
  origin: string;
  port: number;
  adminUrl: string;
  adminKey: string;
  accessId: string;
  secretKey: string;
  pid: number;
  close(): Promise<void>;
}

/**
 * The part of the platform package's entry the tcex side uses. A test (test/testing/platform-package.test.ts)
 * checks at type-check time that the platform's real entry satisfies it.
 */
export interface PlatformModule {
  startPlatform(options?: PlatformStartOptions): Promise<StartedPlatform>;
  startPlatformProcess(): Promise<PlatformChild>;
  consoleUrl(origin: string, adminKey?: string): string;
}

/** The platform package is not installed where tcex can see it; the message says how to get it. */
export class PlatformNotInstalledError extends TcError {
  static override readonly code: ErrorCode = ErrorCode.PlatformNotInstalled;

  constructor(
    readonly specifier: string,
    cause?: unknown,
  ) {
    super(
      `the local platform is a separate package, ${PLATFORM_PACKAGE}, and it is not installed here (${specifier} not found). ` +
        `In an app: npm install --save-dev ${PLATFORM_PACKAGE} (from a tcex clone: npm install --save-dev <clone>/packages/platform). ` +
        `In the tcex clone: npm install at its root installs both packages.`,
    );
    this.cause = cause;
  }
}

// From the TypeScript sources (tests, a checkout run through tsx) the platform's sources are loaded, so what runs
// is the code being edited; compiled, the package is resolved by name from where tcex is installed. The specifier
// is computed so that the tcex build never compiles the platform into its own dist/.
const fromSource = import.meta.url.endsWith('.ts');
const defaultSpecifier = (): string => (fromSource ? new URL(['..', 'platform', 'index.ts'].join('/'), import.meta.url).href : PLATFORM_PACKAGE);

let loaded: Promise<PlatformModule> | undefined;

/** Loads the platform package (once); throws PlatformNotInstalledError when it is missing. */
export function loadPlatform(specifier?: string): Promise<PlatformModule> {
  if (specifier !== undefined) return importPlatform(specifier);
  loaded ??= importPlatform(defaultSpecifier());
  return loaded;
}

async function importPlatform(specifier: string): Promise<PlatformModule> {
  try {
    return (await import(specifier)) as PlatformModule;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    // only the package itself missing is "not installed"; a missing module inside it (a broken install of its
    // native driver) keeps its own message
    if (e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes(`'${specifier}'`)) throw new PlatformNotInstalledError(specifier, err);
    throw err;
  }
}
