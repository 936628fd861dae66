// What a job app's exit code tells the platform (the runner reads 0 as success, 3 as a partial failure, anything
// else as a failure). Here rather than in src/app because parts below the app runtime (src/jobs' run book) decide
// the code too.

/** Job app exit codes as the platform reads them. */
export const ExitCode = {
  Success: 0,
  Failure: 1,
  PartialFailure: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const VALID = new Set<number>(Object.values(ExitCode));

export function isExitCode(code: unknown): code is ExitCode {
  return typeof code === 'number' && VALID.has(code);
}
