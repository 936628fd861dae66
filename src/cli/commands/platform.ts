import type { Command } from 'commander';
import { resolve } from 'node:path';
import { registerJobCommands } from './platform-jobs.js';

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port: must be a whole number from 0 to 65535, got ${JSON.stringify(value)}`);
  return n;
}

export function register(program: Command): void {
  const platform = program.command('platform').description('the local ThreatConnect-compatible platform');

  platform
    .command('start')
    .description('start the platform and keep it running until Ctrl+C')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', parsePort, 8555)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('-d, --data <file>', 'SQLite data file (default .tcex-data/platform.db)')
    .option('--memory', 'keep everything in memory; nothing survives a restart')
    .action(async (opts: { port: number; host: string; data?: string; memory?: boolean }) => {
      if (opts.memory && opts.data) throw new Error('--data and --memory: choose one');
      // Loaded here so that commands which do not need the server never load it or its native database driver.
      const { startPlatform, consoleUrl } = await import('../../platform/index.js');
      const dataFile = opts.memory ? undefined : resolve(opts.data ?? '.tcex-data/platform.db');
      const handle = await startPlatform({ port: opts.port, host: opts.host, dataFile, quiet: false });
      const lines = [
        `ThreatConnect-compatible platform listening`,
        `  API:        ${handle.url}`,
        `  Admin:      ${handle.adminUrl}`,
        `  Console:    ${consoleUrl(handle.origin, (handle as { adminKey?: string }).adminKey)}`,
        `  Data:       ${dataFile ?? '(memory)'}`,
        `  Access ID:  ${handle.accessId}`,
        `  Secret key: ${handle.secretKey}`,
        `Use them as tc_api_path, tc_api_access_id and tc_api_secret_key. Ctrl+C stops.`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      await new Promise<void>((done) => {
        const stop = () => {
          process.stdout.write('stopping platform\n');
          handle.close().then(done, done);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  registerJobCommands(platform);
}
