// Starting the embedded platform in a child process (./child-entry.ts) and stopping it with its parent. Loads no
// server code, so the caller's event loop stays free while the platform ingests.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { ChildReady } from './child-entry.js';

export type PlatformProcess = ChildReady['ready'] & {
  pid: number;
  /** stops the platform and waits for its process to end */
  close(): Promise<void>;
};

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/** Forks the platform (in memory, on a free loopback port) and resolves once it listens. */
export async function startPlatformProcess(): Promise<PlatformProcess> {
  // run from the TypeScript sources (tsx) or from dist/: the child is started the same way
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(`./child-entry.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  const child = fork(entry, [], { execArgv: fromSource ? ['--import', import.meta.resolve('tsx')] : [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  const kill = () => {
    if (!gone()) child.kill('SIGTERM');
  };
  // killed with the parent: on exit (also after an uncaught error), and on a signal nobody else handles
  const onSignal = (signal: keyof typeof SIGNAL_EXIT) => {
    kill();
    if (process.listenerCount(signal) === 1) process.exit(SIGNAL_EXIT[signal]);
  };
  process.on('exit', kill);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const forget = () => {
    process.off('exit', kill);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  child.once('exit', forget);

  const ready = await new Promise<ChildReady['ready']>((resolve, reject) => {
    child.once('message', (m: ChildReady) => resolve(m.ready));
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`the platform process ended before listening (${signal ?? `exit code ${code}`})`)));
  }).catch((err) => {
    kill();
    throw err;
  });

  return {
    ...ready,
    pid: child.pid!,
    async close() {
      if (gone()) return;
      const exited = once(child as ChildProcess, 'exit');
      if (child.connected) child.disconnect();
      else kill();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
