// The app runtime: job app base, inputs, logging, exit codes, message.tc, results.tc, external session, dates,
// install.json / tcex.json models and .tcx handling.
export { z } from 'zod';
export { JobApp, type AppContext, type JobAppClass } from './job-app.js';
export { runJob, launch, type RunJobOptions, type JobOutcome } from './runtime.js';
export { ExitCode, AppExit, InputError, INTERRUPT_MESSAGE, genericErrorMessage } from './exit.js';
export { defineInputs, resolveAppInputs, resolveStandardArgs, type InputsSchema } from './inputs.js';
export { STANDARD_ARGS, LOG_LEVELS, toBoolean, type StandardArgs, type LogLevel } from '../contract/standard-args.js';
export { gatherInputs, parseFlags, type InputOrigin } from './sources.js';
export { createAppLogger, type AppLogger, type AppLoggerOptions } from './logger.js';
export { writeMessageTc, messageTcText, MESSAGE_TC_MAX } from './message-tc.js';
export { ResultsTc, parseResultsTc, formatResultsTc } from '../contract/results-tc.js';
export { encryptParams, decryptParams, writeParamFile, readParamFile, randomParamKey } from '../contract/param-file.js';
export {
  ExternalSession,
  ExternalResponse,
  parseReset,
  type ExternalSessionOptions,
  type ExternalRequestOptions,
  type RateLimitConfig,
} from './external-session.js';
export { anyToDate, formatApiDate, chunkDateRange, addToDate, toEpochSeconds, type AnyDate, type DateUnit } from '../core/dates.js';
export {
  validateInstallJson,
  validateJobFile,
  loadInstallJson,
  majorVersion,
  InstallJsonError,
  InstallJsonSchema,
  PARAM_TYPES,
  VALID_VALUE_TOKENS,
  type InstallJson,
  type InstallParam,
  type FeedDefinition,
  type DeprecationRule,
  type JobFile,
} from '../contract/install-json.js';
export { validateTcexJson, loadTcexJson, type TcexJson } from '../contract/tcex-json.js';
export { formatProblem, type Problem } from '../core/problems.js';
export { tcexPackage, userAgent } from './version.js';
export { packageApp, buildProject, BUILT_IN_EXCLUDES, type PackageOptions, type PackageResult, type PackageStep } from './packager.js';
export { extractTcx, programMainFile, type ExtractedApp } from '../contract/tcx.js';
