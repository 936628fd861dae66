import { join } from 'node:path';
import { pino, type Logger as PinoLogger } from 'pino';
import type { Logger } from '../core/logger.js';
import { maskSecrets } from '../core/secrets.js';
import type { LogLevel } from '../contract/standard-args.js';
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
  /** also copy each line to stderr (used by `tcex run --verbose`) */
  echo?: boolean;
}

/** The app's logger: the SDK's Logger surface plus the tcex level names. */
export interface AppLogger extends Logger {
  warning(msg: string): void;
  critical(msg: string): void;
  readonly level: LogLevel;
  readonly file: string;
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
  const echo = options.echo ?? false;
  const stream = {
    write(json: string): void {
      let rec: { level: number; time: string; msg?: string };
      try {
        rec = JSON.parse(json);
      } catch {
        rec = { level: 30, time: new Date().toISOString(), msg: json.trim() };
      }
      const line = maskSecrets(`${rec.time} - ${name} - ${(LEVEL_NAMES.get(rec.level) ?? 'INFO').padStart(8)} - ${rec.msg ?? ''}\n`);
      sink.write(line);
      if (echo) process.stderr.write(line);
    },
  };
  const level = options.level ?? 'info';
  const base: PinoLogger<keyof typeof LEVEL_VALUES> = pino(
    {
      customLevels: LEVEL_VALUES,
      useOnlyCustomLevels: true,
      level,
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
    isLevelEnabled: (lvl) => LEVEL_VALUES[lvl] >= LEVEL_VALUES[level],
    close: () => sink.close(),
  };
}
