import type { Command } from 'commander';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_DATA_FILE, registerJobCommands } from './platform-jobs.js';
import { ADMIN_KEY_ENV, ADMIN_KEY_FILE } from '../../contract/admin-key.js';
import { registerOwnerCommands } from './platform-owners.js';
import { loadPlatform } from '../../testing/platform-package.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const formatAddress = (address: string): string => (address.includes(':') ? `[${address}]` : address);

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
    .option('--host <host>', 'address to bind (0.0.0.0: every interface, with a warning)', '127.0.0.1')
    .option('--allow-host <name>', 'also answer requests for this Host name (repeat for more); loopback names always are', collect, [])
    .option('-d, --data <file>', `SQLite data file (default ${DEFAULT_DATA_FILE}); its folder also keeps ${ADMIN_KEY_FILE}`)
    .option('--memory', 'keep everything in memory; nothing survives a restart')
    .action(async (opts: { port: number; host: string; allowHost: string[]; data?: string; memory?: boolean }) => {
      if (opts.memory && opts.data) throw new Error('--data and --memory: choose one');
      // The platform is its own package (with a native database driver), loaded only by the commands that start it.
      const { startPlatform, consoleUrl } = await loadPlatform();
      const dataFile = opts.memory ? undefined : resolve(opts.data ?? DEFAULT_DATA_FILE);
      const handle = await startPlatform({ port: opts.port, host: opts.host, allowHosts: opts.allowHost, dataFile, quiet: false });
      const keyWhere =
        handle.adminKeySource === 'given'
          ? `(from ${ADMIN_KEY_ENV})`
          : dataFile
            ? `(kept in ${join(dirname(dataFile), ADMIN_KEY_FILE)})`
            : '(memory mode: only printed here)';
      const lines = [
        `ThreatConnect-compatible platform listening on ${formatAddress(handle.listenAddress)}:${handle.port}`,
        `  API:        ${handle.url}`,
        `  Admin:      ${handle.adminUrl}`,
        `  Console:    ${consoleUrl(handle.origin, handle.adminKey)}`,
        `  Data:       ${dataFile ?? '(memory)'}`,
        `  Access ID:  ${handle.accessId}`,
        `  Secret key: ${handle.secretKey}`,
        `  Admin key:  ${handle.adminKey} ${keyWhere}`,
        `Use them as tc_api_path, tc_api_access_id and tc_api_secret_key; admin requests carry "Authorization: Bearer <admin key>". Ctrl+C stops.`,
      ];
      for (const warning of handle.warnings) process.stderr.write(`warning: ${warning}\n`);
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
  registerOwnerCommands(platform);
}
