// Following a job run while it executes: its log lines as they come, with a live status line on a terminal.

/** What the follower needs of a run record (`GET /_platform/runs/{id}`). */
export interface FollowedRun {
  status: string;
  log?: string | null;
  [key: string]: unknown;
}

export interface FollowOptions {
  /** fetches the run again */
  poll: () => Promise<FollowedRun>;
  /** where lines go (default stdout) */
  stream?: { isTTY?: boolean; columns?: number; write(text: string): unknown };
  /** prefix of every log line printed */
  indent?: string;
  /** log messages to leave out (e.g. the runtime's start-up banner) */
  skip?: RegExp;
  /** milliseconds between polls (default 250) */
  every?: number;
  /** force the terminal (true) or plain-line (false) form; default: the stream is a terminal and CI is not set */
  tty?: boolean;
}

const LEVEL = /-\s+(INFO|WARNING|ERROR|CRITICAL) - /;

/** The messages of a run's log (app log format `time - LEVEL - message`), without time and level. */
export function logMessages(log: string | null | undefined, skip?: RegExp): string[] {
  return String(log ?? '')
    .split('\n')
    .filter((l) => LEVEL.test(l))
    .map((l) => l.replace(/^.*? -\s+(INFO|WARNING|ERROR|CRITICAL) - /, ''))
    .filter((l) => !skip || !skip.test(l));
}

/**
 * Prints each new log message of a running job whole, on its own line, until the run ends; on a terminal a status
 * line under them (spinner, elapsed time, the last message cut to the width) is redrawn by a timer, so it keeps
 * moving between polls. Not on a terminal (or with CI set): plain lines only. Returns the finished run.
 */
export async function followRun(options: FollowOptions): Promise<FollowedRun> {
  const stream = options.stream ?? process.stdout;
  const tty = options.tty ?? (Boolean(stream.isTTY) && !process.env.CI);
  const indent = options.indent ?? '    ';
  const frames = ['|', '/', '-', '\\'];
  const started = Date.now();
  let shown = 0;
  let last = 'starting';
  let tick = 0;
  const status = () => {
    const width = Math.max(30, (stream.columns ?? 100) - 1);
    const head = `${indent}${frames[tick++ % frames.length]} running ${((Date.now() - started) / 1000).toFixed(1)} s · `;
    stream.write(`\r\u001b[2K${(head + last).slice(0, width)}`);
  };
  const timer = tty ? setInterval(status, 100) : undefined;
  try {
    for (;;) {
      const run = await options.poll();
      const messages = logMessages(run.log, options.skip);
      if (messages.length > shown) {
        if (tty) stream.write('\r\u001b[2K');
        for (const m of messages.slice(shown)) stream.write(`${indent}${m}\n`);
        shown = messages.length;
        last = messages[messages.length - 1];
      }
      if (run.status !== 'Running') {
        if (tty) stream.write('\r\u001b[2K');
        return run;
      }
      if (tty) status();
      await new Promise((r) => setTimeout(r, options.every ?? 250));
    }
  } finally {
    if (timer) clearInterval(timer);
  }
}
