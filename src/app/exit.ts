export { ExitCode, isExitCode } from '../contract/exit-code.js';

export const INTERRUPT_MESSAGE = 'The App received an interrupt signal and will now exit.';

export function genericErrorMessage(err: unknown): string {
  const detail = err instanceof Error ? err.message : String(err);
  return `Generic Error. See logs for more details (${detail}).`;
}

/**
 * Thrown by `JobApp.exit()` to unwind the app's own code back to the runtime, which then finishes the exit
 * (message.tc, teardown, logging). Apps should let it pass through their catch blocks.
 */
export class AppExit extends Error {
  constructor(
    readonly code: number,
    readonly exitMessage: string | undefined,
  ) {
    super(`app exit ${code}${exitMessage ? `: ${exitMessage}` : ''}`);
    this.name = 'AppExit';
  }
}

/** An input that cannot be used; the message names the input. Ends the app with exit code 1. */
export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'InputError';
  }
}

/** An error that escaped the app's own promise chain (unhandled rejection, uncaught exception). */
export class UncaughtAppError extends Error {
  constructor(readonly error: unknown) {
    super(error instanceof Error ? error.message : String(error));
    this.name = 'UncaughtAppError';
    if (error instanceof Error) this.stack = error.stack;
  }
}
