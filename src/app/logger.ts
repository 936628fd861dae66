import { join } from 'node:path';
import { pino, type Logger as PinoLogger } from 'pino';
import type { Logger } from '../utils/logger.js';
import { maskSecrets } from '../utils/secrets.js';
import { normaliseLogLevel, type LogLevel } from './args.js';
import { TcConfigError } from '../client/errors.js';
import { RotatingFile } from './rotating-file.js';

const LEVEL_VALUES: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warning: 40, error: 50, critical: 60 };
const LEVEL_NAMES = new Map(Object.entries(LEVEL_VALUES).map(([name, value]) => [value, name.toUpperCase()]));

export interface AppLoggerOptions {
  /** tc_log_path */
  path: string;
  /** tc_log_file (default app.log) */
  file?: string;
  level?: LogLevel;
  maxBytes?: number;
  backupCount?: number;
  /** logger name shown on each line */
  name?: string;
  /** also copy each line to stderr (used by `tcex run --verbose`): the console at the file's level */
  echo?: boolean;
  /**
   * the console's own level: lines at or above it also go to stderr, whatever the file's level (the legacy
   * `set_tcl_console_level`). Wins over `echo`. `setConsoleLevel()` changes it while running.
   */
  consoleLevel?: LogLevel;
}

/** The app's logger: the SDK's Logger surface plus the tcex level names. */
export interface AppLogger extends Logger {
  warning(msg: string): void;
  critical(msg: string): void;
  readonly level: LogLevel;
  readonly file: string;
  /** the console's level, or undefined when nothing goes to the console */
  readonly consoleLevel: LogLevel | undefined;
  /** Sets the console's level apart from the file's (any case: `DEBUG`, `warn`); undefined switches the console off. */
  setConsoleLevel(level: LogLevel | string | undefined): void;
  isLevelEnabled(level: LogLevel): boolean;
  close(): void;
}

/**
 * A pino logger with the tcex levels, written as text lines (`time - name - LEVEL - message`) to a rotating file.
 * Every line is passed through maskSecrets, so a registered secret never reaches the file.
 */
export function createAppLogger(options: AppLoggerOptions): AppLogger {
  const file = join(options.path, options.file ?? 'app.log');
  const sink = new RotatingFile(file, options.maxBytes ?? 10_485_760, options.backupCount ?? 25);
  const name = options.name ?? 'tcex';
  const level = options.level ?? 'info';
  let consoleLevel: LogLevel | undefined = options.consoleLevel ?? (options.echo ? level : undefined);
  const stream = {
    write(json: string): void {
      let rec: { level: number; time: string; msg?: string };
      try {
        rec = JSON.parse(json);
      } catch {
        rec = { level: 30, time: new Date().toISOString(), msg: json.trim() };
      }
      const line = maskSecrets(`${rec.time} - ${name} - ${(LEVEL_NAMES.get(rec.level) ?? 'INFO').padStart(8)} - ${rec.msg ?? ''}\n`);
      if (rec.level >= LEVEL_VALUES[level]) sink.write(line);
      if (consoleLevel && rec.level >= LEVEL_VALUES[consoleLevel]) process.stderr.write(line);
    },
  };
  // pino drops what is below its level before the stream sees it: it runs at the lower of the two levels
  const lowest = (): LogLevel => (consoleLevel && LEVEL_VALUES[consoleLevel] < LEVEL_VALUES[level] ? consoleLevel : level);
  const base: PinoLogger<keyof typeof LEVEL_VALUES> = pino(
    {
      customLevels: LEVEL_VALUES,
      useOnlyCustomLevels: true,
      level: lowest(),
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  ) as any;
  const at = (lvl: LogLevel) => (msg: string) => (base as any)[lvl](msg);
  return {
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warning'),
    warning: at('warning'),
    error: at('error'),
    critical: at('critical'),
    level,
    file,
    get consoleLevel() {
      return consoleLevel;
    },
    setConsoleLevel(value) {
      if (value === undefined) consoleLevel = undefined;
      else {
        const parsed = normaliseLogLevel(value);
        if (!parsed) throw new TcConfigError('consoleLevel', value, `must be one of ${Object.keys(LEVEL_VALUES).join(', ')}`);
        consoleLevel = parsed;
      }
      base.level = lowest();
    },
    isLevelEnabled: (lvl) => LEVEL_VALUES[lvl] >= LEVEL_VALUES[level],
    close: () => sink.close(),
  };
}
