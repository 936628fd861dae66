import type { Command } from 'commander';

// Each command file exports register(program); add new commands to this list.
const registrars: Array<(program: Command) => void> = [];

export function registerCommands(program: Command): void {
  for (const register of registrars) register(program);
}
