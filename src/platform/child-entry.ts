// The embedded platform in a process of its own, for `npm start` (src/main-job.ts through ./child-process.ts): the
// platform's SQLite writes are synchronous and would otherwise block the main job's event loop, freezing its spinner.
// Credentials and the admin key come from the environment as for `startPlatform()` (TC_API_ACCESS_ID,
// TC_API_SECRET_KEY, TC_PLATFORM_ADMIN_KEY); the address and keys go back over the IPC channel, never to stdout.
import { startPlatform } from './index.js';

export interface ChildReady {
  ready: { url: string; origin: string; port: number; adminUrl: string; adminKey: string; accessId: string; secretKey: string };
}

if (!process.send) {
  process.stderr.write('child-entry: start it with child_process.fork(): it reports over IPC\n');
  process.exit(2);
}
// Ctrl+C reaches the whole process group: the parent decides when the platform stops (it closes the IPC channel)
process.on('SIGINT', () => undefined);

try {
  const handle = await startPlatform({ port: 0, quiet: true });
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    handle.close().finally(() => process.exit(0));
  };
  // the channel closes when the parent closes it, exits or is killed: the platform never outlives it
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  if (!process.connected) stop();
  else {
    const { url, origin, port, adminUrl, adminKey, accessId, secretKey } = handle;
    process.send({ ready: { url, origin, port, adminUrl, adminKey, accessId, secretKey } } satisfies ChildReady);
  }
} catch (err) {
  process.stderr.write(`platform: ${(err as Error).message}\n`);
  process.exit(1);
}
