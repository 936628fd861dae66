import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';

const program = new Command();
program
  .name('tcex')
  .description('ThreatConnect integration framework and local platform')
  .version('0.1.0')
  .showHelpAfterError(false)
  .exitOverride();
registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // help and version "errors" are normal exits
    process.exitCode = err.exitCode;
  } else {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`tcex: ${message}\n`);
    process.exitCode = 1;
  }
}
