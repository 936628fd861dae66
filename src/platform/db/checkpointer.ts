import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the background connection copies committed WAL pages into the database file (each time with two fsyncs:
 * rarer means fewer of them, and fewer pages copied again because they changed since). */
const INTERVAL_MS = 1000;
/** How long closing waits for a checkpoint in progress to end (one is well under a second). */
const CLOSE_WAIT_MS = 10_000;

// The one shared state word: the worker moves it from STARTING to RUNNING when it begins (unless closing came
// first: then it never opens its connection), closing sets STOP, and the worker sets CLOSED once its connection is.
const STARTING = 0;
const RUNNING = 1;
const STOP = 2;
const CLOSED = 3;

// The worker is plain CommonJS passed as a string (eval), so it runs the same from the TypeScript sources under tsx
// and from the compiled package, without a loader. It sleeps on the shared state rather than on a timer so that
// closing can wake it and wait, synchronously, until its connection is closed.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.state);
if (Atomics.compareExchange(state, 0, ${STARTING}, ${RUNNING}) === ${STARTING}) {
  let db;
  try {
    const Database = require(workerData.driver);
    db = new Database(workerData.file, { fileMustExist: true });
    db.pragma('synchronous = NORMAL');
    while (Atomics.wait(state, 0, ${RUNNING}, workerData.intervalMs) === 'timed-out') {
      try {
        db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // busy or locked now: the next round copies it; the main connection's own checkpoint is the safety net
      }
    }
  } finally {
    try { db?.close(); } catch {}
    Atomics.store(state, 0, ${CLOSED});
    Atomics.notify(state, 0);
  }
}
`;

/**
 * Checkpoints a WAL database from a second connection in a worker thread. A checkpoint copies the WAL's pages into
 * the database file and fsyncs both (synchronous = NORMAL): for a batch job's 40 MB that is 300-400 ms of waiting
 * on the disk, most of it not CPU. On the connection that writes it would stall every request of the platform for
 * that long; here it overlaps with the work. Durability is the same: the same checkpoints with the same fsyncs,
 * run elsewhere. Returns the function that stops it (and closes its connection) before the database closes.
 */
export function startCheckpointer(file: string): () => void {
  const state = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // no --import tsx (or other loaders) in the worker: it needs only the driver
    execArgv: [],
    workerData: { file, state: state.buffer, intervalMs: INTERVAL_MS, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  worker.unref();
  // a worker that cannot start only costs the background checkpoints: the main connection still checkpoints
  worker.on('error', () => undefined);
  return () => {
    // synchronous, as Database#close is: the worker's connection must be gone before the last one closes (which
    // checkpoints and removes the WAL); a worker that had not begun yet never opens one
    if (Atomics.compareExchange(state, 0, STARTING, STOP) === STARTING) return;
    if (Atomics.compareExchange(state, 0, RUNNING, STOP) === RUNNING) Atomics.notify(state, 0);
    const until = Date.now() + CLOSE_WAIT_MS;
    while (Atomics.load(state, 0) !== CLOSED && Date.now() < until) Atomics.wait(state, 0, STOP, until - Date.now());
  };
}
